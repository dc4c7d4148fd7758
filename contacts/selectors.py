"""Reads of the directory: querysets already restricted to what the user may see (permissions.py)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from cmcoord.models import Operation, Organization, User
from cmcoord.permissions import roles_by_operation

from .models import (
    Contact,
    ContactAccessLog,
    ContactEmail,
    ContactPhone,
    ContactQuerySet,
    CoordinationPlatform,
)
from .permissions import contact_filter, visible_contacts, visible_platforms


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    organization: int | None = None
    organization_type: str = ""
    function: str = ""
    platform: int | None = None
    language: str = ""
    stale: bool = False


def with_contact_details(queryset: QuerySet[Contact]) -> QuerySet[Contact]:
    """What a list row or a card shows: organisation, emails and phones, in a constant number of queries."""
    return queryset.select_related("organization").prefetch_related(
        Prefetch("emails", queryset=ContactEmail.objects.order_by("position", "pk")),
        Prefetch("phones", queryset=ContactPhone.objects.order_by("position", "pk")),
    )


def apply_filters(queryset: ContactQuerySet, filters: DirectoryFilters) -> ContactQuerySet:
    """The directory's filters; free text looks in names, titles, organisations, places, emails and phones."""
    if filters.q:
        text = filters.q.strip()
        emails = ContactEmail.objects.filter(contact=OuterRef("pk"), email__icontains=text)
        phones = ContactPhone.objects.filter(contact=OuterRef("pk"), number__icontains=text)
        queryset = queryset.filter(
            Q(name__icontains=text)
            | Q(title__icontains=text)
            | Q(organization__name__icontains=text)
            | Q(organization__acronym__icontains=text)
            | Q(location__icontains=text)
            | Q(radio_call_sign__icontains=text)
            | Exists(emails)
            | Exists(phones)
        )
    if filters.organization:
        queryset = queryset.filter(organization_id=filters.organization)
    if filters.organization_type:
        queryset = queryset.filter(organization__type=filters.organization_type)
    if filters.function:
        queryset = queryset.with_function(filters.function)
    if filters.platform:
        members = CoordinationPlatform.members.through.objects.filter(
            contact_id=OuterRef("pk"), coordinationplatform_id=filters.platform
        )
        queryset = queryset.filter(Exists(members))
    if filters.language:
        queryset = queryset.filter(languages__icontains=filters.language)
    if filters.stale:
        queryset = queryset.stale()
    return queryset


def directory(user: User, operation: Operation, filters: DirectoryFilters | None = None) -> QuerySet[Contact]:
    """The operation's contacts the user may see, filtered, by name, with what a row shows."""
    queryset = apply_filters(visible_contacts(user, operation), filters or DirectoryFilters())
    return with_contact_details(queryset).order_by("name", "pk")


def operation_organizations(operation: Operation) -> QuerySet[Organization]:
    """The organisations taking part in the operation."""
    return operation.organizations.order_by("name")


def organizations_with_counts(user: User, operation: Operation) -> QuerySet[Organization]:
    """The operation's organisations with the number of their contacts the user may see (one query)."""
    visible = Q(contacts__in=visible_contacts(user, operation))
    return operation_organizations(operation).annotate(
        people=Count("contacts", filter=visible, distinct=True)
    )


def organization_people(user: User, operation: Operation, organization: Organization) -> QuerySet[Contact]:
    return directory(user, operation, DirectoryFilters(organization=organization.pk))


def operation_languages(user: User, operation: Operation) -> list[str]:
    """The languages spoken by the contacts the user may see, for the language filter (one query)."""
    found: set[str] = set()
    for value in visible_contacts(user, operation).exclude(languages="").values_list("languages", flat=True):
        found.update(lang.strip() for lang in value.split(",") if lang.strip())
    return sorted(found, key=str.casefold)


def platforms_for(user: User, operation: Operation | None = None) -> QuerySet[CoordinationPlatform]:
    """Platforms the user may see, each with its chair and only the members the user may see."""
    members = with_contact_details(Contact.objects.filter(contact_filter(user))).order_by("name", "pk")
    return (
        visible_platforms(user, operation)
        .select_related("chair", "chair__organization")
        .prefetch_related(Prefetch("members", queryset=members, to_attr="visible_members"))
        .order_by("name", "pk")
    )


def contact_platforms(user: User, contact: Contact) -> QuerySet[CoordinationPlatform]:
    """The platforms a contact sits on (platforms are visible to every member of the operation)."""
    return visible_platforms(user, contact.operation_id).filter(members=contact).order_by("name")


def stale_contacts(operation: Operation) -> QuerySet[Contact]:
    """The operation's contacts not verified for 90 days: never verified first, then oldest (for officers)."""
    return (
        Contact.objects.filter(operation=operation)
        .stale()
        .select_related("organization")
        .order_by(F("last_verified").asc(nulls_first=True), "name", "pk")
    )


def open_confirmation_request(contact: Contact):
    return (
        contact.confirmation_requests.filter(confirmed_at__isnull=True).select_related("requested_by").first()
    )


def access_log(operation: Operation) -> QuerySet[ContactAccessLog]:
    """What military users saw in the directory, newest first."""
    return ContactAccessLog.objects.filter(operation=operation).select_related("user", "user__organization")


def contact_names(ids: list[int]) -> dict[int, str]:
    """{pk: name} for the access log page (one query for the whole page)."""
    return dict(Contact.objects.filter(pk__in=ids).values_list("pk", "name"))


def api_organizations(user: User, operation: Operation | None = None) -> QuerySet[Organization]:
    """Organisations of the operations the user holds a role in (or of one of them)."""
    op_ids = list(roles_by_operation(user))
    if operation is not None:
        op_ids = [operation.pk] if operation.pk in op_ids else []
    return Organization.objects.filter(operations__in=op_ids).distinct().order_by("name")
