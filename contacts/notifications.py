"""Who hears of what in the directory: "please confirm your details" (DOMAIN.md, "Contacts").

Once a week (contacts/tasks.py) every stale contact of a running operation (not verified for 90 days) is
followed up:
- a contact linked to the account of a humanitarian member of the operation: that person is asked to confirm
  their own details (the card's work fields; never its notes);
- every other stale contact (no account, an account that is not a humanitarian member, or a military user,
  who hears only of their force's tasks): listed in one weekly message to the operation's CMCoord officers,
  who see every contact of the directory.
The week is part of the dedupe key: running the weekly task twice in a week tells each person once.
An officer's "request confirmation" asks the linked person at once (contact_request_confirmation).
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord import notifications
from cmcoord.models import HUMANITARIAN_ROLES, AuditEvent, Membership, Operation, Organization, Role, User

from .models import Contact
from .permissions import contact_filter
from .selectors import stale_contacts, with_contact_details

CONFIRM_DETAILS = "contact.confirm_details"
STALE_LIST = "contacts.stale_list"

KINDS = {
    CONFIRM_DETAILS: _("Please confirm your details in the directory"),
    STALE_LIST: _("Weekly: contacts whose details need confirming"),
}


def register_kinds() -> None:
    """Declare the kinds of this app (ContactsConfig.ready)."""
    for key, label in KINDS.items():
        notifications.register_kind(key, label)


def _askable(contact: Contact, role: str | None) -> bool:
    user = contact.user
    return (
        user is not None
        and user.is_active
        and role in HUMANITARIAN_ROLES
        and not user.is_military
        and bool(user.email)
    )


def _own_card(contact: Contact) -> dict:
    """The work fields of the recipient's own card (never its notes nor its sharing level)."""
    return {
        "contact": {
            "name": contact.name,
            "title": contact.title,
            "organization": contact.organization.short_name,
            "emails": [e.email for e in contact.emails.all()],
            # The kind's label stays lazy: it is written in the recipient's language.
            "phones": [{"kind": p.Kind(p.kind).label, "number": p.number} for p in contact.phones.all()],
            "radio_call_sign": contact.radio_call_sign,
            "location": contact.location,
            "last_verified": contact.last_verified,
        }
    }


def _card_link(contact: Contact, user: User) -> str:
    visible = Contact.objects.filter(contact_filter(user, contact.operation_id), pk=contact.pk).exists()
    return reverse("contacts:card", args=[contact.pk]) if visible else reverse("contacts:directory")


def _ask(contact: Contact, *, dedupe_key: str) -> int:
    return len(
        notifications.notify(
            kind=CONFIRM_DETAILS,
            recipients=[contact.user],
            operation=contact.operation,
            context=_own_card(contact),
            link=_card_link(contact, contact.user),
            dedupe_key=dedupe_key,
        )
    )


def confirmation_requested(*, contact: Contact, event: AuditEvent) -> int:
    """An officer asked for a confirmation: the linked person, if a humanitarian member, is asked now."""
    if contact.user_id is None:
        return 0
    role = Membership.objects.filter(operation_id=contact.operation_id, user_id=contact.user_id).values_list(
        "role", flat=True
    )
    contact = with_contact_details(Contact.objects.select_related("user", "operation")).get(pk=contact.pk)
    if not _askable(contact, role.first()):
        return 0
    return _ask(contact, dedupe_key=f"audit:{event.pk}")


def remind_stale_contacts(*, today: datetime.date | None = None) -> int:
    """The weekly follow-up of stale contacts in every running operation; returns the rows written."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    tag = f"{year}-W{week:02d}"
    written = 0
    for operation in Operation.objects.active().order_by("pk"):
        stale = list(
            with_contact_details(stale_contacts(operation)).select_related(
                "user", "user__organization", "operation"
            )
        )
        if not stale:
            continue
        roles = dict(
            Membership.objects.filter(
                operation=operation, user_id__in=[c.user_id for c in stale if c.user_id]
            ).values_list("user_id", "role")
        )
        with transaction.atomic():
            listed = []
            for contact in stale:
                if _askable(contact, roles.get(contact.user_id)):
                    written += _ask(contact, dedupe_key=f"contacts:confirm:{contact.pk}:{tag}")
                else:
                    listed.append(contact)
            if listed:
                written += len(
                    notifications.notify(
                        kind=STALE_LIST,
                        recipients=_officers(operation),
                        operation=operation,
                        context={
                            "contacts": [
                                {
                                    "name": c.name,
                                    "title": c.title,
                                    "organization": c.organization.short_name,
                                    "last_verified": c.last_verified,
                                }
                                for c in listed
                            ],
                            "count": len(listed),
                        },
                        link=reverse("contacts:directory") + "?stale=on",
                        dedupe_key=f"contacts:stale-list:{operation.pk}:{tag}",
                    )
                )
    return written


def _officers(operation: Operation) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, memberships__operation=operation, memberships__role=Role.CMCOORD_OFFICER
        )
        .exclude(organization__type__in=Organization.MILITARY_TYPES)
        .order_by("pk")
    )
