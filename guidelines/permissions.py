"""Who may read and manage guidelines: the one place guideline pages and the API ask."""

from django.db.models import Q, QuerySet
from django.http import Http404

from cmcoord.models import HUMANITARIAN_ROLES, Operation, Role, User
from cmcoord.permissions import OperationRef, can_manage_operation, get_operation_for_user, roles_by_operation

from .models import Guideline


def visible_guidelines(user: User) -> QuerySet[Guideline]:
    """Global and regional guidelines for anyone with a role somewhere; a country guideline for the members of
    its operation. Military users read only the public ones, never the HCT's internal ones."""
    roles = roles_by_operation(user)
    if not roles:
        return Guideline.objects.none()
    humanitarian_ops = [op for op, role in roles.items() if role in HUMANITARIAN_ROLES]
    military_ops = [op for op, role in roles.items() if role == Role.MILITARY_LIAISON]
    general = Q(operation__isnull=True)
    humanitarian = general | Q(operation__in=humanitarian_ops)
    military = (general | Q(operation__in=military_ops)) & Q(is_public=True)
    return Guideline.objects.filter(humanitarian | military if humanitarian_ops else military)


def get_guideline_for_user(user: User, pk) -> Guideline:
    """The guideline, or 404 when the user may not read it."""
    guideline = visible_guidelines(user).filter(pk=pk).first()
    if guideline is None:
        raise Http404("No such guideline.")
    return guideline


def can_manage_operation_guidelines(user: User, operation: OperationRef) -> bool:
    """Only the CMCoord officers of an operation mark its guidelines in force and add country guidelines."""
    return operation is not None and can_manage_operation(user, operation)


def get_operation_to_manage(user: User, pk) -> Operation:
    """The operation whose guidelines the user manages, or 404 (members without the right, and everyone
    else, learn nothing)."""
    operation = get_operation_for_user(user, pk)
    if not can_manage_operation_guidelines(user, operation):
        raise Http404("No such operation.")
    return operation


def can_publish_version(user: User, guideline: Guideline) -> bool:
    """A country guideline's new version is published by its operation's officers; a global or regional
    one's by staff (OCHA's library keepers), through the admin or the service."""
    if guideline.scope == Guideline.Scope.COUNTRY:
        return can_manage_operation_guidelines(user, guideline.operation)
    return bool(getattr(user, "is_staff", False))
