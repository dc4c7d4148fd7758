"""Who must use a second factor, and what the API and pages may search: one definition each."""

from django.conf import settings

from cmcoord.models import Role
from cmcoord.permissions import roles_by_operation

# The roles whose holders must sign in with a second factor (issue 22). Staff (the admin) always must, and so
# do operations managers: a user flag (issue 14) read with getattr so this works before and after it lands.
MFA_REQUIRED_ROLES: tuple[str, ...] = (Role.CMCOORD_OFFICER, Role.HC)
MFA_REQUIRED_USER_FLAGS: tuple[str, ...] = ("is_staff", "is_superuser", "is_operations_manager")


def mfa_required(user) -> bool:
    """True when the user must verify a second factor before using the site."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not settings.MFA_ENFORCED:
        return False
    if any(getattr(user, flag, False) for flag in MFA_REQUIRED_USER_FLAGS):
        return True
    return any(role in MFA_REQUIRED_ROLES for role in roles_by_operation(user).values())
