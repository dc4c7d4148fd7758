"""The one table of an asset's moves: (status, action) -> new status. Services check every move here."""

from django.utils.translation import gettext_lazy as _

from .models import AssetStatus as S

MOVES: dict[tuple[str, str], str] = {
    (S.AVAILABLE, "withdraw"): S.WITHDRAWN,
    (S.WITHDRAWN, "restore"): S.AVAILABLE,
    (S.AVAILABLE, "commit"): S.COMMITTED,
    (S.COMMITTED, "release"): S.AVAILABLE,
}

# What people press on an asset's page (commit and release follow the task).
USER_ACTIONS = {"withdraw": _("Withdraw"), "restore": _("Declare available again")}


def target(status: str, action: str) -> str | None:
    """The status after the action, or None when the table does not allow it."""
    return MOVES.get((status, action))
