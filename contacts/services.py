"""Writes of the directory: one function per action, each atomic and audited in the same transaction."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import DomainError, Text, TransitionNotAllowed
from cmcoord.models import Operation, Organization, User
from cmcoord.services import audit_record

from . import imports, notifications
from .models import (
    ConfirmationRequest,
    Contact,
    ContactAccessLog,
    ContactEmail,
    ContactPhone,
    CoordinationPlatform,
    ImportBatch,
)
from .permissions import is_military_viewer


@dataclass
class ContactFields:
    """What an officer writes on a contact (the form, the import and the seeder fill it)."""

    name: str
    organization: Organization
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (kind, number)
    radio_call_sign: str = ""
    location: str = ""
    languages: str = ""
    functions: list[str] = field(default_factory=list)
    notes: str = ""
    sharing: str = Contact.Sharing.HUMANITARIAN
    last_verified: datetime.date | None = None
    user: User | None = None


SIMPLE_FIELDS = (
    "name",
    "title",
    "organization",
    "radio_call_sign",
    "location",
    "languages",
    "notes",
    "sharing",
)


def _lock_directory(operation: Operation | int) -> None:
    """Serialise the writes that check for duplicates in one operation's directory (create, edit, import)."""
    op_id = operation if isinstance(operation, int) else operation.pk
    Operation.objects.select_for_update().filter(pk=op_id).first()


def _check(operation: Operation, fields: ContactFields, *, exclude: Contact | None = None) -> None:
    """Refuse an organisation outside the operation and a duplicate (by email, by name + organisation)."""
    errors: dict[str, list[Text]] = {}
    if not operation.organizations.filter(pk=fields.organization.pk).exists():
        errors["organization"] = [_("This organisation does not take part in the operation.")]
    others = Contact.objects.filter(operation=operation)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.filter(name__iexact=fields.name, organization=fields.organization).exists():
        errors["name"] = [f"{fields.name} of {fields.organization.short_name} is already in the directory."]
    taken = dict(
        ContactEmail.objects.filter(contact__in=others, email__in=fields.emails).values_list(
            "email", "contact__name"
        )
    )
    if taken:
        errors["emails"] = [f"{email} already belongs to {name}." for email, name in taken.items()]
    if fields.user is not None and fields.user.organization_id != fields.organization.pk:
        errors["user"] = [_("The linked account must belong to the contact's organisation.")]
    if errors:
        raise ValidationError(errors)


def _write_details(contact: Contact, fields: ContactFields) -> None:
    contact.emails.all().delete()
    contact.phones.all().delete()
    ContactEmail.objects.bulk_create(
        ContactEmail(contact=contact, email=email.lower(), position=i)
        for i, email in enumerate(fields.emails)
    )
    ContactPhone.objects.bulk_create(
        ContactPhone(contact=contact, kind=kind, number=number, position=i)
        for i, (kind, number) in enumerate(fields.phones)
    )


def _snapshot(contact: Contact) -> dict:
    return {
        **{name: str(getattr(contact, name)) for name in SIMPLE_FIELDS},
        "functions": contact.functions,
        "last_verified": str(contact.last_verified or ""),
        "user": contact.user_id,
        "emails": [e.email for e in contact.emails.all()],
        "phones": [[p.kind, p.number] for p in contact.phones.all()],
    }


@transaction.atomic
def contact_create(*, operation: Operation, actor: User, fields: ContactFields) -> Contact:
    """Add a contact to the operation's directory."""
    _lock_directory(operation)
    _check(operation, fields)
    contact = Contact(operation=operation, functions=",".join(fields.functions), user=fields.user)
    for name in SIMPLE_FIELDS:
        setattr(contact, name, getattr(fields, name))
    contact.last_verified = fields.last_verified
    contact.full_clean(exclude=["operation", "organization", "user"])
    contact.save()
    _write_details(contact, fields)
    audit_record(
        actor=actor, operation=operation, obj=contact, verb="contact.create", to_state=contact.sharing
    )
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, actor: User, fields: ContactFields) -> Contact:
    """Change a contact; a change of sharing level is recorded as from / to."""
    _lock_directory(contact.operation_id)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    _check(contact.operation, fields, exclude=contact)
    before = _snapshot(contact)
    for name in SIMPLE_FIELDS:
        setattr(contact, name, getattr(fields, name))
    contact.functions = ",".join(fields.functions)
    contact.last_verified = fields.last_verified
    contact.user = fields.user
    contact.updated_at = timezone.now()
    contact.full_clean(exclude=["operation", "organization", "user"])
    contact.save()
    _write_details(contact, fields)
    after = _snapshot(contact)
    changed = sorted(key for key in after if after[key] != before[key])
    audit_record(
        actor=actor,
        operation=contact.operation,
        obj=contact,
        verb="contact.update",
        from_state=before["sharing"],
        to_state=after["sharing"],
        data={"changed": changed},
    )
    return contact


@transaction.atomic
def contact_mark_verified(*, contact: Contact, actor: User, on: datetime.date | None = None) -> Contact:
    """Record that the contact's details were checked today; answers any open confirmation request."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    previous = contact.last_verified
    contact.last_verified = on or timezone.localdate()
    contact.updated_at = timezone.now()
    contact.save(update_fields=["last_verified", "updated_at"])
    answered = ConfirmationRequest.objects.filter(contact=contact, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    audit_record(
        actor=actor,
        operation=contact.operation,
        obj=contact,
        verb="contact.verify",
        from_state=str(previous or ""),
        to_state=str(contact.last_verified),
        data={"answered_requests": answered},
    )
    return contact


@transaction.atomic
def contact_request_confirmation(*, contact: Contact, actor: User) -> ConfirmationRequest:
    """Ask the contact to confirm their details (the notifications app sends the message)."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if not contact.emails.exists():
        raise DomainError(_("This contact has no email address to ask."), code="no_email")
    if ConfirmationRequest.objects.filter(contact=contact, confirmed_at__isnull=True).exists():
        raise DomainError(
            _("A confirmation has already been requested and not yet answered."), code="already_requested"
        )
    request = ConfirmationRequest.objects.create(contact=contact, requested_by=actor)
    event = audit_record(
        actor=actor,
        operation=contact.operation,
        obj=contact,
        verb="contact.confirmation_requested",
        data={"confirmation_request": request.pk},
    )
    notifications.confirmation_requested(contact=contact, event=event)
    return request


@dataclass
class PlatformFields:
    name: str
    kind: str
    meeting_schedule: str = ""
    location: str = ""
    chair: Contact | None = None
    members: list[Contact] = field(default_factory=list)


def _check_platform(
    operation: Operation, fields: PlatformFields, *, exclude: CoordinationPlatform | None
) -> None:
    errors: dict[str, list[Text]] = {}
    others = CoordinationPlatform.objects.filter(operation=operation, name__iexact=fields.name)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        errors["name"] = [_("The operation already has a platform of this name.")]
    if fields.chair is not None and fields.chair.operation_id != operation.pk:
        errors["chair"] = [_("The chair must be a contact of this operation.")]
    if any(m.operation_id != operation.pk for m in fields.members):
        errors["members"] = [_("Members must be contacts of this operation.")]
    if errors:
        raise ValidationError(errors)


def _write_platform(platform: CoordinationPlatform, fields: PlatformFields) -> None:
    platform.name = fields.name
    platform.kind = fields.kind
    platform.meeting_schedule = fields.meeting_schedule
    platform.location = fields.location
    platform.chair = fields.chair
    platform.full_clean(exclude=["operation", "chair"], validate_unique=False)
    platform.save()
    members = list(fields.members)
    if fields.chair is not None and fields.chair not in members:
        members.append(fields.chair)
    platform.members.set(members)


@transaction.atomic
def platform_create(*, operation: Operation, actor: User, fields: PlatformFields) -> CoordinationPlatform:
    """Add a coordination platform (HuMOCC, CMCoord cell…) to the operation."""
    _check_platform(operation, fields, exclude=None)
    platform = CoordinationPlatform(operation=operation)
    _write_platform(platform, fields)
    audit_record(
        actor=actor, operation=operation, obj=platform, verb="platform.create", to_state=platform.kind
    )
    return platform


@transaction.atomic
def platform_update(
    *, platform: CoordinationPlatform, actor: User, fields: PlatformFields
) -> CoordinationPlatform:
    """Change a platform, its chair and its members."""
    platform = CoordinationPlatform.objects.select_for_update().get(pk=platform.pk)
    _check_platform(platform.operation, fields, exclude=platform)
    before = sorted(platform.members.values_list("pk", flat=True))
    _write_platform(platform, fields)
    audit_record(
        actor=actor,
        operation=platform.operation,
        obj=platform,
        verb="platform.update",
        data={"members_before": before, "members_after": sorted(m.pk for m in platform.members.all())},
    )
    return platform


def military_access_record(
    *, user: User, operation: Operation | int, contact_ids: list[int], how: str, detail: str = ""
) -> ContactAccessLog | None:
    """Record that a military user saw these contacts (in the same request); nothing for other users."""
    op_id = operation if isinstance(operation, int) else operation.pk
    if not contact_ids or not is_military_viewer(user, op_id):
        return None
    ids = sorted(set(contact_ids))
    return ContactAccessLog.objects.create(
        operation_id=op_id, user=user, how=how, detail=detail, contact_ids=ids, contact_count=len(ids)
    )


def import_preview(*, operation: Operation, actor: User, filename: str, text: str) -> ImportBatch:
    """Read and check an uploaded CSV and keep it for the preview. The directory is not touched.

    Raises imports.ImportFileError when the file as a whole cannot be read.
    """
    rows = imports.read_rows(text)
    _, errors = imports.check_rows(operation, rows)
    return ImportBatch.objects.create(
        operation=operation, created_by=actor, filename=filename[:255], rows=rows, errors=errors
    )


@transaction.atomic
def import_commit(*, batch: ImportBatch, actor: User) -> ImportBatch:
    """Write every row of a clean import, or none: the rows are checked again against today's directory.

    When the check finds errors (someone added a duplicate meanwhile), only the batch's error list changes.
    """
    batch = ImportBatch.objects.select_for_update().select_related("operation").get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise TransitionNotAllowed(_("This import has already been committed."))
    _lock_directory(batch.operation)
    checked, errors = imports.check_rows(batch.operation, batch.rows)
    if errors:
        batch.errors = errors
        batch.save(update_fields=["errors"])
        return batch
    now = timezone.now()
    contacts = Contact.objects.bulk_create(
        Contact(
            operation=batch.operation,
            name=row.name,
            title=row.title,
            organization=row.organization,
            radio_call_sign=row.radio_call_sign,
            location=row.location,
            languages=row.languages,
            functions=",".join(row.functions),
            notes=row.notes,
            sharing=row.sharing,
            last_verified=row.last_verified,
            created_at=now,
            updated_at=now,
        )
        for row in checked
    )
    ContactEmail.objects.bulk_create(
        ContactEmail(contact=contact, email=email, position=i)
        for contact, row in zip(contacts, checked, strict=True)
        for i, email in enumerate(row.emails)
    )
    ContactPhone.objects.bulk_create(
        ContactPhone(contact=contact, kind=kind, number=number, position=i)
        for contact, row in zip(contacts, checked, strict=True)
        for i, (kind, number) in enumerate(row.phones)
    )
    for contact in contacts:
        audit_record(
            actor=actor,
            operation=batch.operation,
            obj=contact,
            verb="contact.import",
            to_state=contact.sharing,
            data={"import": batch.pk},
        )
    batch.status = ImportBatch.Status.COMMITTED
    batch.committed_at = now
    batch.errors = []
    batch.contact_ids = [c.pk for c in contacts]
    batch.save(update_fields=["status", "committed_at", "errors", "contact_ids"])
    audit_record(
        actor=actor,
        operation=batch.operation,
        obj=batch,
        verb="contacts.import",
        from_state=ImportBatch.Status.PREVIEW,
        to_state=ImportBatch.Status.COMMITTED,
        data={"count": len(contacts), "filename": batch.filename},
    )
    return batch
