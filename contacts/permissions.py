"""Who may see and manage the directory: the one place contact pages, exports and the API ask.

- Humanitarian members of an operation see its "everyone" and "humanitarian" contacts, with every field.
- "OCHA only" contacts are seen by the CMCoord officers, the HC, and users whose organisation is OCHA.
- Military liaison officers see only "everyone" contacts, and of them only the work fields (never the notes).
- A contact of an operation the user holds no role in, or one they may not see, is 404.
- Only CMCoord officers create, edit, import and verify contacts and platforms, and read the access log.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from cmcoord.models import HUMANITARIAN_ROLES, Operation, Role, User
from cmcoord.permissions import OperationRef, role_in, roles_by_operation

from .models import Contact, ContactQuerySet, CoordinationPlatform, ImportBatch

OCHA_ACRONYM = "OCHA"
OCHA_ROLES = (Role.CMCOORD_OFFICER, Role.HC)

# The fields every viewer gets; humanitarian viewers also get PERSONAL_FIELDS.
WORK_FIELDS = (
    "name",
    "title",
    "organization",
    "emails",
    "phones",
    "radio_call_sign",
    "location",
    "languages",
    "functions",
    "last_verified",
)
PERSONAL_FIELDS = ("notes", "sharing", "user")


def _is_ocha_user(user: User) -> bool:
    org = getattr(user, "organization", None)
    return org is not None and OCHA_ACRONYM in (org.acronym.upper(), org.name.upper())


def sharing_levels(user: User, operation: OperationRef) -> tuple[str, ...]:
    """The sharing levels of the operation's contacts the user may see; empty without a role there."""
    role = role_in(user, operation)
    if role is None:
        return ()
    if role not in HUMANITARIAN_ROLES or getattr(user, "is_military", False):
        return (Contact.Sharing.EVERYONE,)
    if role in OCHA_ROLES or _is_ocha_user(user):
        return (Contact.Sharing.EVERYONE, Contact.Sharing.HUMANITARIAN, Contact.Sharing.OCHA)
    return (Contact.Sharing.EVERYONE, Contact.Sharing.HUMANITARIAN)


def sees_personal_fields(user: User, operation: OperationRef) -> bool:
    """Notes, sharing level and linked account: humanitarian members only, never a military user."""
    return role_in(user, operation) in HUMANITARIAN_ROLES and not getattr(user, "is_military", False)


def is_military_viewer(user: User, operation: OperationRef) -> bool:
    """Whose reading of contacts goes to the access log."""
    role = role_in(user, operation)
    return role is not None and not sees_personal_fields(user, operation)


def can_manage_directory(user: User, operation: OperationRef) -> bool:
    """Create, edit, import, verify contacts and platforms; read the access log."""
    return role_in(user, operation) == Role.CMCOORD_OFFICER and not getattr(user, "is_military", False)


def contact_filter(user: User, operation: Operation | int | None = None) -> Q:
    """A Q restricting contacts to those the user may see (in one operation, or in all of theirs)."""
    op_ids = list(roles_by_operation(user))
    if operation is not None:
        op_id = operation if isinstance(operation, int) else operation.pk
        op_ids = [op_id] if op_id in op_ids else []
    condition = Q(pk__in=[])
    for op_id in op_ids:
        levels = sharing_levels(user, op_id)
        if levels:
            condition |= Q(operation_id=op_id, sharing__in=levels)
    return condition


def visible_contacts(user: User, operation: OperationRef = None) -> ContactQuerySet:
    """Contacts the user may see, unordered and unfetched: selectors add what each page needs."""
    return Contact.objects.filter(contact_filter(user, operation))


def get_contact_for_user(user: User, pk) -> Contact:
    """The contact, or 404 when the user may not see it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such contact.") from None
    contact = visible_contacts(user).select_related("organization", "operation", "user").filter(pk=pk).first()
    if contact is None:
        raise Http404("No such contact.")
    return contact


def get_contact_to_manage(user: User, pk) -> Contact:
    """The contact if the user is a CMCoord officer of its operation; else 404 (or 404 when invisible)."""
    contact = get_contact_for_user(user, pk)
    if not can_manage_directory(user, contact.operation_id):
        raise Http404("No such contact.")
    return contact


def visible_platforms(user: User, operation: OperationRef = None) -> QuerySet[CoordinationPlatform]:
    """Platforms of the operations the user holds a role in (their members are filtered separately)."""
    op_ids = list(roles_by_operation(user))
    if operation is not None:
        op_id = operation if isinstance(operation, int) else operation.pk
        op_ids = [op_id] if op_id in op_ids else []
    return CoordinationPlatform.objects.filter(operation_id__in=op_ids)


def get_platform_for_user(user: User, pk) -> CoordinationPlatform:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such platform.") from None
    platform = visible_platforms(user).select_related("operation").filter(pk=pk).first()
    if platform is None:
        raise Http404("No such platform.")
    return platform


def get_platform_to_manage(user: User, pk) -> CoordinationPlatform:
    platform = get_platform_for_user(user, pk)
    if not can_manage_directory(user, platform.operation_id):
        raise Http404("No such platform.")
    return platform


def get_import_for_user(user: User, pk) -> ImportBatch:
    """An import batch, for the CMCoord officers of its operation only."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such import.") from None
    ops = [op for op in roles_by_operation(user) if can_manage_directory(user, op)]
    batch = ImportBatch.objects.filter(pk=pk, operation_id__in=ops).select_related("operation").first()
    if batch is None:
        raise Http404("No such import.")
    return batch
