"""Reads of running an operation, already filtered to what the reader may see."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cmcoord.models import AuditEvent, Membership, Operation, Organization, Role, User
from cmcoord.permissions import roles_by_operation
from cmcoord.registry import verb_label
from contacts.models import Contact
from contacts.permissions import visible_contacts, visible_platforms
from guidelines.permissions import visible_guidelines
from requests.models import AssistanceRequest, Decision, Task
from requests.permissions import visible_requests, visible_tasks

from . import permissions
from .models import Invitation, token_digest


def operations_to_run(user) -> QuerySet[Operation]:
    """Every operation for an operations manager; the ones they are CMCoord officer of for an officer."""
    if permissions.is_operations_manager(user):
        queryset = Operation.objects.all()
    else:
        officer_of = [op for op, role in roles_by_operation(user).items() if role == Role.CMCOORD_OFFICER]
        queryset = Operation.objects.filter(pk__in=officer_of)
    return queryset.annotate(member_count=Count("memberships")).order_by("status", "-start_date", "name")


def operation_organizations(operation: Operation) -> QuerySet[Organization]:
    """The organisations of the operation, with how many of their people hold a role in it."""
    return operation.organizations.annotate(
        member_count=Count("users__memberships", filter=Q(users__memberships__operation=operation))
    ).order_by("name")


def organizations_to_add(operation: Operation) -> QuerySet[Organization]:
    """Organisations that do not take part in the operation yet."""
    return Organization.objects.exclude(operations=operation).order_by("name")


def members(operation: Operation) -> QuerySet[Membership]:
    """The operation's people by role, with their organisation and last login."""
    return (
        Membership.objects.filter(operation=operation)
        .select_related("user", "user__organization")
        .order_by("role", "user__last_name", "user__first_name", "user__username")
    )


def pending_invitations(operation: Operation) -> QuerySet[Invitation]:
    """Invitations of the operation still waiting for an answer (expired ones included, to resend)."""
    return (
        Invitation.objects.filter(operation=operation, status=Invitation.Status.PENDING)
        .select_related("organization", "invited_by")
        .order_by("-created_at", "-pk")
    )


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("operation", "organization", "invited_by")
        .filter(token_hash=token_digest(token or ""))
        .first()
    )


def invitations_visible_to(user, operation: Operation) -> QuerySet[Invitation]:
    """All invitations of the operation for its officers; those naming officers for an operations manager."""
    queryset = Invitation.objects.filter(operation=operation).select_related("organization", "invited_by")
    if not permissions.is_officer(user, operation):
        queryset = queryset.filter(role=Role.CMCOORD_OFFICER)
    return queryset.order_by("-created_at", "-pk")


def members_visible_to(user, operation: Operation) -> QuerySet[Membership]:
    """All the people for its officers; the officers for an operations manager."""
    queryset = members(operation)
    if not permissions.is_officer(user, operation):
        queryset = queryset.filter(role=Role.CMCOORD_OFFICER)
    return queryset


# The record of an operation.


@dataclass
class RecordFilters:
    actor: int | None = None
    kind: str = ""  # the verb's prefix, e.g. "request" for request.*
    object_type: str = ""  # "app_label.model"
    object_id: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


# What the record's reader is shown for the kind of an event (its verb's first word) and for the kind of its
# object ("app_label.model"): the codes themselves are English.
KIND_LABELS = {
    "account": _("Account"),
    "api_token": _("API token"),
    "asset": _("Asset"),
    "contact": _("Contact"),
    "contacts": _("Contact import"),
    "criterion": _("Criterion"),
    "decision": _("Decision"),
    "export": pgettext_lazy("a file being made", "Export"),
    "guideline": _("Guideline"),
    "hct": _("HCT procedure"),
    "hn": _("Humanitarian notification"),
    "invitation": _("Invitation"),
    "maps": _("Map"),
    "meeting": _("HCT meeting"),
    "membership": _("Role"),
    "mfa": _("Second factor"),
    "notification": _("Notification"),
    "operation": _("Operation"),
    "organization": _("Organisation"),
    "platform": _("Coordination platform"),
    "referral": _("HCT procedure"),
    "report": _("Daily report"),
    "request": _("Request"),
    "task": _("Task"),
    "user": _("Person"),
}
OBJECT_LABELS = {
    "capabilities.asset": KIND_LABELS["asset"],
    "cmcoord.membership": KIND_LABELS["membership"],
    "cmcoord.operation": KIND_LABELS["operation"],
    "cmcoord.organization": KIND_LABELS["organization"],
    "cmcoord.user": KIND_LABELS["user"],
    "contacts.contact": KIND_LABELS["contact"],
    "contacts.coordinationplatform": KIND_LABELS["platform"],
    "contacts.importbatch": KIND_LABELS["contacts"],
    "deconfliction.humanitariannotification": KIND_LABELS["hn"],
    "guidelines.criterion": KIND_LABELS["criterion"],
    "guidelines.guideline": KIND_LABELS["guideline"],
    "operations.invitation": KIND_LABELS["invitation"],
    "reports.dailyreportsetting": KIND_LABELS["report"],
    "requests.assistancerequest": KIND_LABELS["request"],
    "requests.decision": KIND_LABELS["decision"],
    "requests.exportjob": KIND_LABELS["export"],
    "requests.hctreferral": KIND_LABELS["hct"],
    "requests.meeting": KIND_LABELS["meeting"],
    "requests.task": KIND_LABELS["task"],
}


def object_label(content_type: ContentType) -> str:
    """The name of a kind of object, in the reader's language."""
    label = OBJECT_LABELS.get(f"{content_type.app_label}.{content_type.model}")
    if label is not None:
        return str(label)
    model = content_type.model_class()
    return capfirst(str(model._meta.verbose_name)) if model else content_type.model


def state_label(content_type: ContentType, value: str) -> str:
    """A state an event recorded (a choice of one of its object's fields), by its name in the reader's
    language; the value itself where no field of the object has it."""
    model = content_type.model_class()
    if not value or model is None:
        return value
    for field in model._meta.fields:
        if field.choices:
            for choice, name in field.flatchoices:
                if str(choice) == value:
                    return str(name)
    return value


def record_kinds(operation: Operation) -> list[tuple[str, str]]:
    """(kind, name) of the kinds of events (a verb's first word) of the operation, for the filter."""
    verbs = (
        AuditEvent.objects.filter(operation=operation).order_by().values_list("verb", flat=True).distinct()
    )
    kinds = {v.split(".", 1)[0] for v in verbs}
    return sorted(((k, str(KIND_LABELS.get(k, k))) for k in kinds), key=lambda pair: pair[1])


def record_actors(operation: Operation) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=AuditEvent.objects.filter(operation=operation).values("actor_id")
    ).order_by("last_name", "username")


def record(operation: Operation, filters: RecordFilters | None = None) -> QuerySet[AuditEvent]:
    """Every event of the operation, newest first (index audit_operation_time), filtered."""
    filters = filters or RecordFilters()
    queryset = AuditEvent.objects.filter(operation=operation)
    if filters.actor:
        queryset = queryset.filter(actor_id=filters.actor)
    if filters.kind:
        queryset = queryset.filter(Q(verb=filters.kind) | Q(verb__startswith=filters.kind + "."))
    if filters.object_type and "." in filters.object_type:
        app_label, model = filters.object_type.split(".", 1)
        queryset = queryset.filter(content_type__app_label=app_label, content_type__model=model)
    if filters.object_id:
        queryset = queryset.filter(object_id=filters.object_id)
    if filters.date_from:
        queryset = queryset.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(created_at__date__lte=filters.date_to)
    return queryset.select_related("actor", "actor__organization", "content_type").order_by(
        "-created_at", "-pk"
    )


def _visible_request_urls(user, operation, ids):
    found = visible_requests(user, operation).filter(pk__in=ids).values_list("pk", flat=True)
    return {str(pk): reverse("requests:detail", args=[pk]) for pk in found}


def _visible_task_urls(user, operation, ids):
    found = visible_tasks(user, operation).filter(pk__in=ids).values_list("pk", flat=True)
    return {str(pk): reverse("requests:task_detail", args=[pk]) for pk in found}


def _visible_contact_urls(user, operation, ids):
    found = visible_contacts(user, operation).filter(pk__in=ids).values_list("pk", flat=True)
    return {str(pk): reverse("contacts:card", args=[pk]) for pk in found}


def _visible_platform_urls(user, operation, ids):
    found = visible_platforms(user, operation).filter(pk__in=ids).values_list("pk", flat=True)
    return {str(pk): reverse("contacts:platform", args=[pk]) for pk in found}


def _visible_guideline_urls(user, operation, ids):
    found = visible_guidelines(user).filter(pk__in=ids).values_list("pk", flat=True)
    return {str(pk): reverse("guidelines:detail", args=[pk]) for pk in found}


def _operation_urls(user, operation, ids):
    url = reverse("operations:detail", args=[operation.pk])
    return {str(operation.pk): url} if str(operation.pk) in ids else {}


def _people_urls(user, operation, ids):
    url = reverse("operations:people", args=[operation.pk])
    return dict.fromkeys(ids, url)


def _organization_urls(user, operation, ids):
    url = reverse("operations:organizations", args=[operation.pk])
    return dict.fromkeys(ids, url)


# "app_label.model" -> (user, operation, [object ids]) -> {object id: url}; a query at most per kind.
LINKERS = {
    "requests.assistancerequest": _visible_request_urls,
    "requests.task": _visible_task_urls,
    "contacts.contact": _visible_contact_urls,
    "contacts.coordinationplatform": _visible_platform_urls,
    "guidelines.guideline": _visible_guideline_urls,
    "cmcoord.operation": _operation_urls,
    "cmcoord.membership": _people_urls,
    "cmcoord.user": _people_urls,
    "operations.invitation": _people_urls,
    "cmcoord.organization": _organization_urls,
}


def link_events(user, operation: Operation, events: list[AuditEvent]) -> list[AuditEvent]:
    """Set event.url to its object's page where the reader may see it (else ""), a query per kind at most."""
    ids_by_type: dict[str, set[str]] = {}
    for event in events:
        key = f"{event.content_type.app_label}.{event.content_type.model}"
        ids_by_type.setdefault(key, set()).add(event.object_id)
    urls: dict[str, dict[str, str]] = {}
    for key, ids in ids_by_type.items():
        linker = LINKERS.get(key)
        urls[key] = linker(user, operation, sorted(ids)) if linker else {}
    for event in events:
        key = f"{event.content_type.app_label}.{event.content_type.model}"
        # What was done, the link and the kind of object the record's page shows (attributes of this list's
        # events only).
        setattr(event, "url", urls[key].get(event.object_id, ""))  # noqa: B010
        setattr(event, "verb_label", verb_label(event.verb))  # noqa: B010
        setattr(event, "object_label", object_label(event.content_type))  # noqa: B010
        setattr(event, "from_label", state_label(event.content_type, event.from_state))  # noqa: B010
        setattr(event, "to_label", state_label(event.content_type, event.to_state))  # noqa: B010
    return events


def record_object_types(operation: Operation) -> list[tuple[str, str]]:
    """(app_label.model, name) of the kinds of objects in the operation's record."""
    type_ids = (
        AuditEvent.objects.filter(operation=operation).values_list("content_type", flat=True).distinct()
    )
    types = ContentType.objects.filter(pk__in=list(type_ids))
    kinds = [(f"{ct.app_label}.{ct.model}", object_label(ct)) for ct in types]
    return sorted(kinds, key=lambda pair: pair[1])


# The hand-over report.


def handover(operation: Operation) -> dict:
    """What a hand-over needs: requests by outcome, decisions with their conditions, tasks, contacts count."""
    by_status = dict(
        AssistanceRequest.objects.filter(operation=operation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    statuses = [(label, by_status.get(value, 0)) for value, label in AssistanceRequest.Status.choices]
    decisions = list(
        Decision.objects.filter(request__operation=operation)
        .select_related("request")
        .order_by("request__number", "pk")
    )
    tasks = list(
        Task.objects.filter(request__operation=operation).select_related("request", "force").order_by("pk")
    )
    return {
        "requests_by_status": statuses,
        "requests_total": sum(by_status.values()),
        "decisions": decisions,
        "tasks": tasks,
        "contacts_count": Contact.objects.filter(operation=operation).count(),
        "organizations_count": operation.organizations.count(),
        "members_by_role": list(
            Membership.objects.filter(operation=operation)
            .values_list("role")
            .annotate(n=Count("pk"))
            .order_by("role")
        ),
    }
