"""Who may run an operation: the one place the pages and the API of this app ask.

- An operations manager (User.is_operations_manager: OCHA headquarters, never a military user) opens
  operations, edits, closes and reopens them, and names their CMCoord officers (invites officers only).
  They hold
  no role inside an operation by default, so they see none of its requests, contacts or record.
- A CMCoord officer runs their own operation: its facts, organisations, people and roles, its record.
- Anyone else: 404 (an operation's existence is information too).
A closed operation is still shown to those who may run it; every write in it is refused by the services.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from cmcoord.models import Operation, Role
from cmcoord.permissions import role_in

# What each may do with an operation.
MANAGER_ACTIONS = frozenset({"view", "edit", "close", "reopen", "people", "invite", "handover"})
OFFICER_ACTIONS = MANAGER_ACTIONS | {"organizations", "roles", "deactivate_user", "record"}


def is_operations_manager(user) -> bool:
    """A platform-level operations manager: the flag, an active account, and not military."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_operations_manager
        and not user.is_military
    )


def can_open_operations(user) -> bool:
    return is_operations_manager(user)


def is_officer(user, operation) -> bool:
    return role_in(user, operation) == Role.CMCOORD_OFFICER


def may(user, operation, action: str) -> bool:
    """May the user take this action on the operation (see the module's docstring)?"""
    if is_officer(user, operation):
        return action in OFFICER_ACTIONS
    if is_operations_manager(user):
        return action in MANAGER_ACTIONS
    return False


def get_operation_to_run(user, pk, action: str = "view") -> Operation:
    """The operation, or 404 when the user may not take the action on it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("No such operation.")) from None
    operation = Operation.objects.filter(pk=pk).first()
    if operation is None or not may(user, operation, action):
        raise Http404(_("No such operation."))
    return operation


def roles_assignable(user, operation) -> list[str]:
    """The roles the user may give in the operation: any for its officers, CMCoord officer for a manager."""
    if is_officer(user, operation):
        return [r.value for r in Role]
    if is_operations_manager(user):
        return [Role.CMCOORD_OFFICER.value]
    return []
