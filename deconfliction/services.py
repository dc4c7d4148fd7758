"""Writes of humanitarian notification. Every state change goes through move(): it locks the row, checks the
move against the ONE table of deconfliction/lifecycle.py, changes the status, and audits it, in the
transaction of the service that calls it. Records (versions, legs, dispatches, acknowledgements, concerns)
are only ever appended. Notifications are outbox rows written in the same transaction; the core enqueues
their emails after commit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cmcoord.exceptions import ConcurrentChange, DomainError, TransitionNotAllowed
from cmcoord.models import Operation, Organization, User
from cmcoord.permissions import force_group, grant, role_in
from cmcoord.services import audit_record

from . import lifecycle, notifications, permissions
from . import payload as payloads
from .models import (
    Acknowledgement,
    Concern,
    Dispatch,
    HumanitarianNotification,
    Kind,
    NotificationVersion,
    ReferenceCounter,
    RouteLeg,
    Transmission,
)

VERSION_FIELDS = (
    "site_type",
    "name",
    "lat",
    "lon",
    "address",
    "movement_type",
    "purpose",
    "vehicle_count",
    "vehicle_type",
    "plates",
    "call_sign",
    "starts_at",
    "ends_at",
    "markings",
    "party_contact",
    "staff_count",
    "internal_contact",
    "internal_notes",
)
REQUIRED: dict[str, tuple[str, ...]] = {
    Kind.SITE: ("site_type", "name", "lat", "lon", "party_contact"),
    Kind.MOVEMENT: ("movement_type", "purpose", "starts_at", "ends_at", "vehicle_count", "party_contact"),
}


def _role(actor: User | None, operation_id: int) -> str | None:
    return lifecycle.SYSTEM if actor is None else role_in(actor, operation_id)


def move(
    *,
    aggregate: str,
    obj,
    action: str,
    actor: User | None,
    operation: Operation,
    comment: str = "",
    data: dict | None = None,
    expected_status: str | None = None,
    stamp: dict | None = None,
):
    """The one function that moves a humanitarian notification or a transmission; inside a transaction.

    `obj` unsaved: it is created in the target state. `stamp`: other fields to save with the move."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("move() belongs inside the transaction of its service.")
    if operation.status != Operation.Status.ACTIVE:
        raise TransitionNotAllowed(
            _("The operation is closed: nothing new is written in it."), code="operation_closed"
        )
    model = type(obj)
    if obj.pk is None:
        source = lifecycle.NEW
    else:
        obj = model.objects.select_for_update(of=("self",)).get(pk=obj.pk)
        source = obj.status
        if expected_status and source != expected_status:
            raise ConcurrentChange(
                _(
                    "Someone else changed this meanwhile: its status is now “%(state)s”. "
                    "Nothing was done; look again."
                )
                % {"state": obj.get_status_display()}
            )
    label = obj.get_status_display() if source else ""
    target = lifecycle.check(
        aggregate=aggregate, state=source, action=action, role=_role(actor, operation.pk), state_label=label
    )
    obj.status = target
    for name, value in (stamp or {}).items():
        setattr(obj, name, value)
    if source == lifecycle.NEW:
        obj.save()
    else:
        obj.save(update_fields=["status", *(stamp or {})])
    event = audit_record(
        actor=actor,
        operation=operation,
        obj=obj,
        verb=f"hn.{aggregate}.{action}",
        from_state=source,
        to_state=target,
        comment=comment.strip(),
        data=data,
    )
    return obj, event


def _require(allowed: bool, message: str, code: str) -> None:
    if not allowed:
        raise TransitionNotAllowed(message, code=code)


def _validate(kind: str, fields: dict, legs: list[dict]) -> None:
    errors: dict[str, list[str]] = {}
    for name in REQUIRED[kind]:
        if fields.get(name) in (None, ""):
            errors.setdefault(name, []).append(_("This field is required."))
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts and ends and ends <= starts:
        errors.setdefault("ends_at", []).append(_("The end must come after the start."))
    if kind == Kind.MOVEMENT and not legs:
        errors.setdefault("legs", []).append(_("A movement needs at least one leg of its route."))
    if kind == Kind.MOVEMENT and fields.get("vehicle_count") == 0:
        errors.setdefault("vehicle_count", []).append(_("A movement has at least one vehicle."))
    if errors:
        raise ValidationError(errors)


def _next_reference(operation: Operation) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(operation=operation)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{operation.code}-HN-{counter.last:04d}"


def _append_version(*, notification, actor, fields: dict, legs: list[dict]) -> NotificationVersion:
    number = notification.version_count + 1
    version = NotificationVersion(notification=notification, number=number, created_by=actor)
    for name in VERSION_FIELDS:
        if name in fields:
            setattr(version, name, fields[name])
    if notification.kind == Kind.SITE:
        version.starts_at = fields.get("starts_at")
        version.ends_at = fields.get("ends_at")
    version.full_clean(exclude=["notification", "created_by"])
    version.save()
    if notification.kind == Kind.MOVEMENT:
        rows = [
            RouteLeg(version=version, order=i, **{k: leg[k] for k in payloads.LEG_FIELDS if k != "order"})
            for i, leg in enumerate(legs, start=1)
        ]
        for row in rows:
            row.full_clean(exclude=["version"])
        RouteLeg.objects.bulk_create(rows)
    return version


def notification_submit(
    *,
    operation: Operation,
    organization: Organization,
    kind: str,
    actor: User,
    fields: dict,
    legs: list[dict] | None = None,
) -> HumanitarianNotification:
    """A requester (or an officer) notifies a site or a movement; version 1, audited, the officers told."""
    legs = legs or []
    _require(
        permissions.organizations_for_create(actor, operation).filter(pk=organization.pk).exists(),
        _("You cannot notify for this organisation."),
        "not_your_organisation",
    )
    _validate(kind, fields, legs)
    with transaction.atomic():
        notification = HumanitarianNotification(
            operation=operation,
            organization=organization,
            kind=kind,
            reference=_next_reference(operation),
            created_by=actor,
            starts_at=fields.get("starts_at"),
            ends_at=fields.get("ends_at"),
        )
        notification, event = move(
            aggregate=lifecycle.NOTIFICATION,
            obj=notification,
            action="submit",
            actor=actor,
            operation=operation,
        )
        version = _append_version(notification=notification, actor=actor, fields=fields, legs=legs)
        notification.current_version = version
        notification.version_count = version.number
        notification.save(update_fields=["current_version", "version_count"])
        notifications.on_submitted(notification=notification, version=version, event=event)
    return notification


def notification_revise(
    *,
    notification: HumanitarianNotification,
    actor: User,
    fields: dict,
    legs: list[dict] | None = None,
    expected_status: str | None = None,
) -> HumanitarianNotification:
    """A new version; it waits for an officer to transmit it (the parties keep what they were sent)."""
    legs = legs or []
    _require(permissions.acts_for(actor, notification), _("You cannot update this."), "not_your_organisation")
    _validate(notification.kind, fields, legs)
    with transaction.atomic():
        locked, event = move(
            aggregate=lifecycle.NOTIFICATION,
            obj=notification,
            action="revise",
            actor=actor,
            operation=notification.operation,
            expected_status=expected_status,
            data={"version": notification.version_count + 1},
        )
        version = _append_version(notification=locked, actor=actor, fields=fields, legs=legs)
        locked.current_version = version
        locked.version_count = version.number
        locked.starts_at = version.starts_at
        locked.ends_at = version.ends_at
        locked.updated_at = timezone.now()
        locked.save(update_fields=["current_version", "version_count", "starts_at", "ends_at", "updated_at"])
        notifications.on_submitted(notification=locked, version=version, event=event)
    return locked


def _send(
    *, notification, version, legs, party: Organization, actor: User, reason=Dispatch.Reason.TRANSMITTED
):
    """Move (or create) the party's transmission, append the dispatch as sent, grant, tell the party."""
    existing = Transmission.objects.filter(notification=notification, party=party).first()
    withdrawn = reason == Dispatch.Reason.WITHDRAWN
    transmission = existing or Transmission(
        operation=notification.operation, notification=notification, party=party, kind=notification.kind
    )
    now = timezone.now()
    if withdrawn:
        transmission, _event = move(
            aggregate=lifecycle.TRANSMISSION,
            obj=transmission,
            action="withdraw",
            actor=actor,
            operation=notification.operation,
        )
    else:
        transmission, _event = move(
            aggregate=lifecycle.TRANSMISSION,
            obj=transmission,
            action="send",
            actor=actor,
            operation=notification.operation,
            data={"version": version.number},
            stamp={
                "sent_at": now,
                "acknowledged_at": None,
                "starts_at": version.starts_at,
                "ends_at": version.ends_at,
            },
        )
    dispatch = Dispatch.objects.create(
        transmission=transmission,
        version=version,
        reason=reason,
        payload=payloads.build(version, legs=legs, withdrawn=withdrawn),
        sent_by=actor,
        sent_at=now,
    )
    transmission.last_dispatch = dispatch
    transmission.save(update_fields=["last_dispatch"])
    if existing is None:
        grant(permissions.VIEW_TRANSMISSION, force_group(notification.operation, party), transmission)
    transmission.party = party
    if withdrawn:
        notifications.on_withdrawn(
            transmission=transmission, dispatch=dispatch, operation=notification.operation
        )
    else:
        notifications.on_sent(transmission=transmission, dispatch=dispatch, operation=notification.operation)
    return transmission


def notification_transmit(
    *,
    notification: HumanitarianNotification,
    actor: User,
    parties: list[Organization],
    expected_status: str | None = None,
) -> list[Transmission]:
    """The officer transmits the current version to the chosen parties (and again to those told before)."""
    allowed = {o.pk: o for o in permissions.parties(notification.operation)}
    chosen = {p.pk for p in parties}
    if not chosen:
        raise ValidationError({"parties": [_("Choose at least one party.")]})
    strangers = chosen - set(allowed)
    if strangers:
        raise ValidationError({"parties": [_("Only military organisations of the operation are parties.")]})
    with transaction.atomic():
        locked, _event = move(
            aggregate=lifecycle.NOTIFICATION,
            obj=notification,
            action="transmit",
            actor=actor,
            operation=notification.operation,
            expected_status=expected_status,
            data={"parties": sorted(chosen), "version": notification.version_count},
            stamp={"updated_at": timezone.now()},
        )
        version = NotificationVersion.objects.select_related("notification__organization").get(
            pk=locked.current_version_id
        )
        legs = list(version.legs.all())
        # Parties told before get the new version too: nobody keeps an outdated picture without knowing.
        told_before = set(
            Transmission.objects.filter(notification=locked)
            .exclude(status=Transmission.Status.WITHDRAWN)
            .values_list("party_id", flat=True)
        )
        up_to_date = set(
            Transmission.objects.filter(
                notification=locked, last_dispatch__version=version, last_dispatch__reason="transmitted"
            ).values_list("party_id", flat=True)
        )
        to_send = sorted((chosen | told_before) - up_to_date)
        if not to_send:
            raise DomainError(
                _("Every chosen party already has this version. Nothing was sent."), code="nothing_to_send"
            )
        sent = [
            _send(notification=locked, version=version, legs=legs, party=allowed[pk], actor=actor)
            for pk in to_send
        ]
    return sent


def notification_withdraw(
    *,
    notification: HumanitarianNotification,
    actor: User,
    reason: str = "",
    expected_status: str | None = None,
) -> HumanitarianNotification:
    """The site is deactivated / the movement cancelled: kept on record; each party told it is withdrawn."""
    _require(
        permissions.acts_for(actor, notification), _("You cannot withdraw this."), "not_your_organisation"
    )
    with transaction.atomic():
        locked, _event = move(
            aggregate=lifecycle.NOTIFICATION,
            obj=notification,
            action="withdraw",
            actor=actor,
            operation=notification.operation,
            comment=reason,
            expected_status=expected_status,
            stamp={"updated_at": timezone.now()},
        )
        live = Transmission.objects.filter(notification=locked).exclude(status=Transmission.Status.WITHDRAWN)
        for transmission in live.select_related("party", "last_dispatch__version"):
            assert transmission.last_dispatch is not None, "a transmission is made with its first dispatch"
            version = transmission.last_dispatch.version
            _send(
                notification=locked,
                version=version,
                legs=list(version.legs.all()),
                party=transmission.party,
                actor=actor,
                reason=Dispatch.Reason.WITHDRAWN,
            )
    return locked


def notification_expire(*, notification_pk: int, now: datetime.datetime | None = None) -> bool:
    """The system expires a notification whose period ended (off the parties' lists, kept on record)."""
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            HumanitarianNotification.objects.select_for_update()
            .select_related("operation")
            .filter(pk=notification_pk, status__in=lifecycle.LIVE_STATES, ends_at__lte=now)
            .first()
        )
        if notification is None or notification.operation.status != Operation.Status.ACTIVE:
            return False
        move(
            aggregate=lifecycle.NOTIFICATION,
            obj=notification,
            action="expire",
            actor=None,
            operation=notification.operation,
        )
    return True


def _party_move(*, transmission: Transmission, actor: User, action: str, expected_status=None):
    _require(
        permissions.is_party_liaison(actor, transmission),
        _("Only a liaison officer of the party can do this."),
        "not_your_force",
    )
    operation = Operation.objects.get(pk=transmission.operation_id)
    return move(
        aggregate=lifecycle.TRANSMISSION,
        obj=transmission,
        action=action,
        actor=actor,
        operation=operation,
        expected_status=expected_status,
        stamp={"acknowledged_at": timezone.now()} if action == "acknowledge" else None,
    )


def transmission_acknowledge(
    *, transmission: Transmission, actor: User, expected_status: str | None = None
) -> Acknowledgement:
    """A party's liaison officer acknowledges receipt of what was last sent (once); nothing is approved."""
    with transaction.atomic():
        locked, _event = _party_move(
            transmission=transmission, actor=actor, action="acknowledge", expected_status=expected_status
        )
        acknowledgement = Acknowledgement.objects.create(
            dispatch_id=locked.last_dispatch_id, transmission=locked, by=actor, at=locked.acknowledged_at
        )
        notification = HumanitarianNotification.objects.select_related("operation").get(
            pk=locked.notification_id
        )
        locked.party = Organization.objects.get(pk=locked.party_id)
        notifications.on_acknowledged(
            notification=notification, transmission=locked, acknowledgement=acknowledgement
        )
    return acknowledgement


def transmission_raise_concern(*, transmission: Transmission, actor: User, text: str) -> Concern:
    """A liaison officer of the party sends back a concern, for the officers and the submitter."""
    if not text.strip():
        raise ValidationError({"text": [_("Write the concern.")]})
    with transaction.atomic():
        locked, _event = _party_move(transmission=transmission, actor=actor, action="raise_concern")
        concern = Concern.objects.create(
            dispatch_id=locked.last_dispatch_id, transmission=locked, text=text.strip(), by=actor
        )
        notification = HumanitarianNotification.objects.select_related("operation").get(
            pk=locked.notification_id
        )
        locked.party = Organization.objects.get(pk=locked.party_id)
        notifications.on_concern(notification=notification, transmission=locked, concern=concern)
    return concern
