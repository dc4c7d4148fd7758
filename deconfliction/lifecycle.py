"""The moves of humanitarian notification, as data: ONE table for both aggregates with states.

- a humanitarian notification (a site or a movement): submitted -> transmitted; revised (a new version goes
  back to "submitted" until an officer transmits it); withdrawn by its organisation or an officer; expired by
  the system at the end of its period;
- its transmission to one party: awaiting acknowledgement -> acknowledged; sent again (a new version, back to
  awaiting); a concern sent back leaves the state as it is; withdrawn with the notification.

A row says: for this aggregate, from this state, this action, taken by one of these roles, leads to that
state. services.move() is the one function that applies a row; pages, the API and the tests ask here.
A notification is not a request for permission: the parties acknowledge receipt, nothing is approved.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import Role

from .models import NotificationStatus, TransmissionStatus

N = NotificationStatus
T = TransmissionStatus
SYSTEM = "system"  # the periodic task that expires movements; not a person
NEW = ""  # the state of what does not exist yet

OFFICER = Role.CMCOORD_OFFICER.value
REQUESTER = Role.REQUESTER.value
LIAISON = Role.MILITARY_LIAISON.value

NOTIFICATION = "notification"
TRANSMISSION = "transmission"

LIVE_STATES = frozenset({N.SUBMITTED.value, N.TRANSMITTED.value})

ACTION_LABELS = {
    "submit": _("submit"),
    "revise": _("update"),
    "transmit": _("transmit to the parties"),
    "withdraw": _("withdraw"),
    "expire": _("expire"),
    "send": _("send to the party"),
    "acknowledge": _("acknowledge receipt"),
    "raise_concern": _("send back a concern"),
}


@dataclass(frozen=True)
class Move:
    aggregate: str
    source: str
    action: str
    roles: frozenset[str]
    target: str


def _rows(aggregate: str, sources, action: str, roles, target=None) -> list[Move]:
    # target None: the state stays as it is (a self-loop, e.g. a concern sent back).
    return [
        Move(
            aggregate,
            str(s),
            action,
            frozenset(str(r) for r in roles),
            str(target if target is not None else s),
        )
        for s in sources
    ]


MOVES: list[Move] = [
    *_rows(NOTIFICATION, [NEW], "submit", [REQUESTER, OFFICER], N.SUBMITTED),
    *_rows(NOTIFICATION, [N.SUBMITTED, N.TRANSMITTED], "revise", [REQUESTER, OFFICER], N.SUBMITTED),
    *_rows(NOTIFICATION, [N.SUBMITTED, N.TRANSMITTED], "transmit", [OFFICER], N.TRANSMITTED),
    *_rows(NOTIFICATION, [N.SUBMITTED, N.TRANSMITTED], "withdraw", [REQUESTER, OFFICER], N.WITHDRAWN),
    *_rows(NOTIFICATION, [N.SUBMITTED, N.TRANSMITTED], "expire", [SYSTEM], N.EXPIRED),
    *_rows(TRANSMISSION, [NEW, T.AWAITING, T.ACKNOWLEDGED, T.WITHDRAWN], "send", [OFFICER], T.AWAITING),
    *_rows(TRANSMISSION, [T.AWAITING], "acknowledge", [LIAISON], T.ACKNOWLEDGED),
    *_rows(TRANSMISSION, [T.AWAITING, T.ACKNOWLEDGED], "raise_concern", [LIAISON]),
    *_rows(TRANSMISSION, [T.AWAITING, T.ACKNOWLEDGED], "withdraw", [REQUESTER, OFFICER], T.WITHDRAWN),
]

_TABLE: dict[tuple[str, str, str], Move] = {(m.aggregate, m.source, m.action): m for m in MOVES}
assert len(_TABLE) == len(MOVES), "one row per (aggregate, state, action)"


def target_for(aggregate: str, state: str, action: str, role: str | None) -> str | None:
    """The state the action leads to, or None when the table refuses it."""
    row = _TABLE.get((aggregate, str(state), action))
    if row is None or role not in row.roles:
        return None
    return row.target


def check(*, aggregate: str, state: str, action: str, role: str | None, state_label: str = "") -> str:
    """The target state of the move, or TransitionNotAllowed saying why (with a machine-readable code)."""
    if action not in ACTION_LABELS:
        raise TransitionNotAllowed(
            _("“%(action)s” is not an action of humanitarian notification.") % {"action": action},
            code="unknown_action",
        )
    row = _TABLE.get((aggregate, str(state), action))
    label = ACTION_LABELS[action]
    if row is None:
        raise TransitionNotAllowed(
            _("Its status is “%(state)s”: “%(action)s” is not a step from this status.")
            % {"state": state_label or state, "action": label},
            code="not_allowed_in_state",
        )
    if role not in row.roles:
        raise TransitionNotAllowed(
            _("Your role does not allow “%(action)s” here.") % {"action": label}, code="role_not_allowed"
        )
    return row.target
