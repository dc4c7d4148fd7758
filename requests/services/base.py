"""The one function that moves a request: lock the row, check the move against requests/lifecycle.py, change
the status, audit it and tell who must hear of it, all in one transaction. Every service of requests moves a
request through it."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import ConcurrentChange, TransitionNotAllowed
from cmcoord.models import User
from cmcoord.permissions import role_in
from cmcoord.services import audit_record

from .. import lifecycle, notifications, selectors
from ..models import AssistanceRequest


def require(allowed: bool, message: str, code: str) -> None:
    if not allowed:
        raise TransitionNotAllowed(message, code=code)


def lock_request(rfa: AssistanceRequest) -> AssistanceRequest:
    return (
        AssistanceRequest.objects.select_for_update(of=("self",))
        .select_related("operation", "organization")
        .get(pk=rfa.pk)
    )


def transition(
    *,
    action: str,
    rfa: AssistanceRequest,
    actor: User | None,
    comment: str = "",
    expected_status: str | None = None,
    stamp: Callable[[AssistanceRequest], list[str]] | None = None,
    data: dict | None = None,
) -> AssistanceRequest:
    """Lock the row, check the move against the table, change the status, audit it; all or nothing."""
    with transaction.atomic():
        locked = lock_request(rfa)
        if expected_status and locked.status != expected_status:
            raise ConcurrentChange(
                _(
                    "Someone else changed this request meanwhile: it is now %(status)s. "
                    "Nothing was done; look again and retry."
                )
                % {"status": locked.get_status_display().lower()},
            )
        role = lifecycle.SYSTEM if actor is None else role_in(actor, locked.operation)
        spec = lifecycle.ACTIONS.get(action)
        unanswered = (
            [gettext(v.title) for v in selectors.unanswered_criteria(locked)]
            if spec is not None and spec.needs_full_assessment
            else []
        )
        target = lifecycle.check(
            rfa=locked, action=action, role=role, user=actor, comment=comment, unanswered=unanswered
        )
        source = locked.status
        locked.status = target
        locked.updated_at = timezone.now()
        fields = ["status", "updated_at", *(stamp(locked) if stamp else [])]
        locked.save(update_fields=fields)
        event = audit_record(
            actor=actor,
            operation=locked.operation,
            obj=locked,
            verb=f"request.{action}",
            from_state=source,
            to_state=target,
            comment=comment.strip(),
            data=data,
        )
        notifications.on_transition(rfa=locked, action=action, event=event, comment=comment)
    rfa.refresh_from_db()
    return locked
