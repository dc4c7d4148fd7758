"""Who hears of what in humanitarian notification, and what each is told (through the core's outbox).

- submitted or updated -> the CMCoord officers;
- transmitted (or sent again) to a party -> that party's liaison officers, with the party's payload only;
- withdrawn -> each party that was sent it, with the reference only;
- acknowledged, or a concern sent back -> the CMCoord officers and the submitting organisation's requesters;
- not acknowledged in time (reminders.py) -> the party's liaison officers, and the officers.

Each party is its own audience: its own notify() call, context and dedupe key. A party is never a recipient
of what concerns another party, and no context carries a humanitarian-only field.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cmcoord import notifications
from cmcoord.models import Organization, Role, User

from . import payload as payloads
from .models import Acknowledgement, Concern, Dispatch, HumanitarianNotification, Transmission

SUBMITTED = "hn.submitted"
TRANSMITTED = "hn.transmitted"
WITHDRAWN = "hn.withdrawn"
ACKNOWLEDGED = "hn.acknowledged"
CONCERN = "hn.concern"
REMIND_UNACKNOWLEDGED = "reminder.hn_unacknowledged"

KINDS = {
    SUBMITTED: _("A humanitarian notification is submitted or updated"),
    TRANSMITTED: _("A humanitarian notification is transmitted to your force"),
    WITHDRAWN: _("A humanitarian notification sent to your force is withdrawn"),
    ACKNOWLEDGED: _("A party acknowledges a humanitarian notification"),
    CONCERN: _("A party sends back a concern on a humanitarian notification"),
    REMIND_UNACKNOWLEDGED: _("Reminder: a humanitarian notification is not acknowledged"),
}


def register_kinds() -> None:
    """Declare the kinds of this app (DeconflictionConfig.ready)."""
    for key, label in KINDS.items():
        notifications.register_kind(key, label)


def _members(operation_id: int, *roles: str, organization_id: int | None = None) -> list[User]:
    people = User.objects.filter(
        is_active=True, memberships__operation_id=operation_id, memberships__role__in=roles
    )
    if organization_id is not None:
        people = people.filter(organization_id=organization_id)
    return list(people.order_by("pk"))


def officers(notification: HumanitarianNotification) -> list[User]:
    return _members(notification.operation_id, Role.CMCOORD_OFFICER)


def submitters(notification: HumanitarianNotification) -> list[User]:
    """The notifying organisation's requesters in the operation."""
    return _members(notification.operation_id, Role.REQUESTER, organization_id=notification.organization_id)


def party_liaisons(transmission: Transmission) -> list[User]:
    """The liaison officers of the transmission's party in its operation: nobody else."""
    return list(
        User.objects.filter(
            is_active=True,
            organization_id=transmission.party_id,
            organization__type__in=Organization.MILITARY_TYPES,
            memberships__operation_id=transmission.operation_id,
            memberships__role=Role.MILITARY_LIAISON,
        ).order_by("pk")
    )


def _humanitarian_link(notification) -> str:
    return reverse("deconfliction:detail", args=[notification.pk])


def _party_link(transmission) -> str:
    return reverse("deconfliction:received", args=[transmission.pk])


def on_submitted(*, notification: HumanitarianNotification, version, event) -> None:
    notifications.notify(
        kind=SUBMITTED,
        recipients=officers(notification),
        operation=notification.operation,
        context={
            "reference": notification.reference,
            "organization": notification.organization.name,
            "kind_label": notification.get_kind_display(),
            "title": version.title,
            "version": version.number,
        },
        link=_humanitarian_link(notification),
        dedupe_key=f"audit:{event.pk}",
    )


def on_sent(*, transmission: Transmission, dispatch: Dispatch, operation) -> None:
    """The party's liaison officers, of what was just sent to them (its payload only)."""
    notifications.notify(
        kind=TRANSMITTED,
        recipients=party_liaisons(transmission),
        operation=operation,
        context={"party": transmission.party.name, "received": payloads.read(dispatch.payload)},
        link=_party_link(transmission),
        dedupe_key=f"hn-dispatch:{dispatch.pk}",
    )


def on_withdrawn(*, transmission: Transmission, dispatch: Dispatch, operation) -> None:
    notifications.notify(
        kind=WITHDRAWN,
        recipients=party_liaisons(transmission),
        operation=operation,
        context={"party": transmission.party.name, "received": payloads.read(dispatch.payload)},
        link=_party_link(transmission),
        dedupe_key=f"hn-dispatch:{dispatch.pk}",
    )


def _humanitarian_audience(notification) -> list[User]:
    seen, people = set(), []
    for user in officers(notification) + submitters(notification):
        if user.pk not in seen:
            seen.add(user.pk)
            people.append(user)
    return people


def on_acknowledged(*, notification, transmission: Transmission, acknowledgement: Acknowledgement) -> None:
    notifications.notify(
        kind=ACKNOWLEDGED,
        recipients=_humanitarian_audience(notification),
        operation=notification.operation,
        context={
            "reference": notification.reference,
            "party": transmission.party.name,
            "by": str(acknowledgement.by),
            "at": acknowledgement.at,
        },
        link=_humanitarian_link(notification),
        dedupe_key=f"hn-ack:{acknowledgement.pk}",
    )


def on_concern(*, notification, transmission: Transmission, concern: Concern) -> None:
    notifications.notify(
        kind=CONCERN,
        recipients=_humanitarian_audience(notification),
        operation=notification.operation,
        context={
            "reference": notification.reference,
            "party": transmission.party.name,
            "by": str(concern.by),
            "at": concern.at,
            "text": concern.text,
        },
        link=_humanitarian_link(notification),
        dedupe_key=f"hn-concern:{concern.pk}",
    )


def remind_unacknowledged(*, transmission: Transmission, notification) -> int:
    """The party's liaison officers and the officers, once per dispatch waiting for acknowledgement."""
    dispatch = transmission.last_dispatch
    sent = 0
    received = payloads.read(dispatch.payload)
    for audience, people, link in (
        ("party", party_liaisons(transmission), _party_link(transmission)),
        ("officers", officers(notification), _humanitarian_link(notification)),
    ):
        sent += len(
            notifications.notify(
                kind=REMIND_UNACKNOWLEDGED,
                recipients=people,
                operation=notification.operation,
                context={
                    "party": transmission.party.name,
                    "received": received,
                    "sent_at": dispatch.sent_at,
                    "to_party": audience == "party",
                },
                link=link,
                dedupe_key=f"reminder:hn-unacknowledged:{dispatch.pk}:{audience}",
            )
        )
    return sent
