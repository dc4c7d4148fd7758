"""Who may read and manage guidelines: the one place guideline pages and the API ask."""

from django.db.models import Q, QuerySet
from django.http import Http404

from cmcoord.models import HUMANITARIAN_ROLES, Operation, Role, User
from cmcoord.permissions import OperationRef, can_manage_operation, get_operation_for_user, roles_by_operation

from .models import Criterion, Guideline


def is_library_keeper(user: User) -> bool:
    """Who keeps the global and regional guidelines (publishes their versions, writes their criteria): an
    operations manager (OCHA's civil-military section), or staff; never a military user."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not getattr(user, "is_military", False)
        and (getattr(user, "is_operations_manager", False) or getattr(user, "is_staff", False))
    )


def visible_guidelines(user: User) -> QuerySet[Guideline]:
    """Global and regional guidelines for anyone with a role somewhere, and for their keepers (who may hold no
    role); a country guideline for the members of its operation. Military users read only the public ones,
    never the HCT's internal ones."""
    roles = roles_by_operation(user)
    if not roles:
        if is_library_keeper(user):
            return Guideline.objects.filter(operation__isnull=True)
        return Guideline.objects.none()
    humanitarian_ops = [op for op, role in roles.items() if role in HUMANITARIAN_ROLES]
    military_ops = [op for op, role in roles.items() if role == Role.MILITARY_LIAISON]
    general = Q(operation__isnull=True)
    humanitarian = general | Q(operation__in=humanitarian_ops)
    military = (general | Q(operation__in=military_ops)) & Q(is_public=True)
    return Guideline.objects.filter(humanitarian | military if humanitarian_ops else military)


def get_guideline_for_user(user: User, pk) -> Guideline:
    """The guideline, or 404 when the user may not read it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such guideline.") from None
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
    one's by the library keepers (operations managers, staff)."""
    if guideline.scope == Guideline.Scope.COUNTRY:
        return can_manage_operation_guidelines(user, guideline.operation)
    return is_library_keeper(user)


def can_write_criteria(user: User, guideline: Guideline) -> bool:
    """Add and reword the criteria of a guideline: whoever publishes its versions, on its current version
    only (a superseded version is on record as it was)."""
    return not guideline.is_superseded and can_publish_version(user, guideline)


def get_guideline_to_write(user: User, pk) -> Guideline:
    """The current version of a guideline whose criteria the user writes, or 404."""
    guideline = get_guideline_for_user(user, pk)
    if not can_write_criteria(user, guideline):
        raise Http404("No such guideline.")
    return guideline


def get_criterion_to_write(user: User, pk) -> Criterion:
    """A criterion the user may reword, or 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such criterion.") from None
    criterion = Criterion.objects.filter(pk=pk, guideline__in=visible_guidelines(user)).select_related(
        "guideline", "current"
    )
    found = criterion.first()
    if found is None or not can_write_criteria(user, found.guideline):
        raise Http404("No such criterion.")
    return found
