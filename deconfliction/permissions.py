"""Who may see and do what in humanitarian notification: the one place pages, exports and the API ask.

- CMCoord officer: every humanitarian notification of the operation, every field; transmits to the parties;
- requester: their organisation's notifications, every field; submits, updates, withdraws them;
- observer: every notification of the operation, read only, without the concerns sent back;
- military liaison officer: never a humanitarian notification itself; only the transmissions to THEIR force
  (a per-object grant to the force's group, django-guardian), and of each only what was sent to the party;
- HCT members, the HC, anyone else, and every other operation: nothing. An invisible object is 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from cmcoord.models import Operation, Organization, Role
from cmcoord.permissions import objects_granted, role_in, roles_by_operation

from . import lifecycle
from .models import HumanitarianNotification, Transmission

VIEW_TRANSMISSION = "deconfliction.view_transmission"
HUMANITARIAN_VIEWERS = (Role.CMCOORD_OFFICER, Role.REQUESTER, Role.OBSERVER)
CREATORS = (Role.CMCOORD_OFFICER, Role.REQUESTER)


def _roles(user, operation) -> dict[int, str]:
    roles = roles_by_operation(user)
    if operation is not None:
        return {operation.pk: roles[operation.pk]} if operation.pk in roles else {}
    return roles


def visible_notifications(user, operation=None) -> QuerySet[HumanitarianNotification]:
    """The humanitarian notifications the user may see (humanitarian roles only), in one operation or all."""
    condition = Q(pk__in=[])
    for op_id, role in _roles(user, operation).items():
        if role in (Role.CMCOORD_OFFICER, Role.OBSERVER):
            condition |= Q(operation_id=op_id)
        elif role == Role.REQUESTER and user.organization_id:
            condition |= Q(operation_id=op_id, organization_id=user.organization_id)
    return HumanitarianNotification.objects.filter(condition)


def get_notification_for_user(user, pk) -> HumanitarianNotification:
    """The humanitarian notification, or 404 when the user may not see it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such humanitarian notification.") from None
    found = (
        visible_notifications(user)
        .select_related("operation", "organization", "created_by", "current_version")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such humanitarian notification.")
    return found


def visible_transmissions(user, operation=None) -> QuerySet[Transmission]:
    """What was transmitted to the user's force: a liaison officer's, granted to their force's group."""
    ops = [op for op, role in _roles(user, operation).items() if role == Role.MILITARY_LIAISON]
    if not ops or not user.organization_id:
        return Transmission.objects.none()
    candidates = Transmission.objects.filter(operation_id__in=ops, party_id=user.organization_id)
    return objects_granted(user, VIEW_TRANSMISSION, candidates)


def get_transmission_for_party(user, pk) -> Transmission:
    """A transmission to the user's force, or 404 (another force's, or any for a humanitarian user)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such humanitarian notification.") from None
    found = visible_transmissions(user).select_related("last_dispatch", "party").filter(pk=pk).first()
    if found is None:
        raise Http404("No such humanitarian notification.")
    return found


def role_for(user, notification: HumanitarianNotification) -> str | None:
    return role_in(user, notification.operation_id)


def _active(operation_or_id) -> bool:
    if isinstance(operation_or_id, Operation):
        return operation_or_id.status == Operation.Status.ACTIVE
    return Operation.objects.filter(pk=operation_or_id, status=Operation.Status.ACTIVE).exists()


def can_list(user, operation) -> bool:
    """Officers, requesters and observers see notifications; liaison officers what their force received."""
    return operation is not None and role_in(user, operation) in (
        *HUMANITARIAN_VIEWERS,
        Role.MILITARY_LIAISON,
    )


def is_party(user, operation) -> bool:
    return operation is not None and role_in(user, operation) == Role.MILITARY_LIAISON


def can_create(user, operation) -> bool:
    return operation is not None and role_in(user, operation) in CREATORS and _active(operation)


def organizations_for_create(user, operation) -> QuerySet[Organization]:
    """A requester notifies for their organisation; an officer for any humanitarian one of the operation."""
    role = role_in(user, operation)
    if role == Role.REQUESTER:
        return Organization.objects.filter(pk=user.organization_id)
    if role == Role.CMCOORD_OFFICER:
        return operation.organizations.humanitarian().order_by("name")
    return Organization.objects.none()


def acts_for(user, notification: HumanitarianNotification) -> bool:
    """An officer of the operation, or a requester of the notifying organisation."""
    role = role_for(user, notification)
    return role == Role.CMCOORD_OFFICER or (
        role == Role.REQUESTER and user.organization_id == notification.organization_id
    )


def _may(user, notification, action: str) -> bool:
    role = role_for(user, notification)
    return (
        lifecycle.target_for(lifecycle.NOTIFICATION, notification.status, action, role) is not None
        and acts_for(user, notification)
        and _active(notification.operation)
    )


def can_revise(user, notification) -> bool:
    return _may(user, notification, "revise")


def can_withdraw(user, notification) -> bool:
    return _may(user, notification, "withdraw")


def can_transmit(user, notification) -> bool:
    return _may(user, notification, "transmit")


def can_see_concerns(user, notification) -> bool:
    """Concerns go to the CMCoord officers and the submitting organisation."""
    return acts_for(user, notification)


def can_export_record(user, notification) -> bool:
    """The full record, for incident follow-up: the officers and the submitting organisation."""
    return acts_for(user, notification)


def parties(operation) -> QuerySet[Organization]:
    """The parties a notification may be transmitted to: the operation's military organisations."""
    return operation.organizations.military().order_by("name")


def is_party_liaison(user, transmission: Transmission) -> bool:
    """A liaison officer of the transmission's party in its operation."""
    return (
        role_in(user, transmission.operation_id) == Role.MILITARY_LIAISON
        and user.organization_id == transmission.party_id
    )


def can_acknowledge(user, transmission: Transmission) -> bool:
    role = role_in(user, transmission.operation_id)
    return (
        is_party_liaison(user, transmission)
        and lifecycle.target_for(lifecycle.TRANSMISSION, transmission.status, "acknowledge", role) is not None
    )


def can_raise_concern(user, transmission: Transmission) -> bool:
    role = role_in(user, transmission.operation_id)
    return (
        is_party_liaison(user, transmission)
        and lifecycle.target_for(lifecycle.TRANSMISSION, transmission.status, "raise_concern", role)
        is not None
    )
