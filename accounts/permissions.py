"""Who may act on other people's accounts: the CMCoord officers of an operation, on its members only."""

from cmcoord.models import Role
from cmcoord.permissions import role_in


def can_manage_people_security(user, operation) -> bool:
    """See and lift lockouts, reset a lost second factor: CMCoord officers of the operation."""
    return operation is not None and role_in(user, operation) == Role.CMCOORD_OFFICER


def can_act_on_account(actor, target, operation) -> bool:
    """An officer acts on a member of their operation, never on themselves nor on a staff account."""
    return (
        can_manage_people_security(actor, operation)
        and target.pk != actor.pk
        and not target.is_staff
        and not target.is_superuser
    )
