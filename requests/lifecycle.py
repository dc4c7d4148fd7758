"""The state machines of requests, as data: the request's lifecycle, the HCT procedure and the military task.

Each is one table of allowed moves (Machine), checked and moved by the one function services/base.move. What
follows is said of the request's table; the two others are at the end of the module.

A row says: from this state, this action, taken by one of these roles, leads to that state. Conditions that
depend on more than state and role (a requester acts only for their own organisation, a comment is required,
every criterion must be answered) are declared per action below. Services, pages and the API all ask here.

The HCT decision (requests/services/hct.py) moves the request by the outcome it records: approved or approved
with conditions -> "approve", rejected -> "reject", deferred -> "defer". A deferral keeps the request with the
HCT (a self-loop): the HC records the outcome later, after a meeting or a new written procedure. SYSTEM
approves or rejects only when a written procedure's proposal is adopted by silence. While a request is
approved and not yet tasked, the HC may revise the decision (a new decision supersedes the old one); while
a task runs, the HC may renew or amend the approval (a new approval: the state stays, the force
acknowledges). The tasks of the military (requests/services/tasking.py) move the request by accept /
decline / start / complete; a force may report completion straight from "accepted" (a one-day flight
needs no progress report first).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import Text, TransitionNotAllowed
from cmcoord.models import Role, User

from .models import AssistanceRequest, HctReferral, Meeting, Task

S = AssistanceRequest.Status
SYSTEM = "system"  # the periodic tasks (adoption by silence, expiry of approvals); not a person

OFFICER = Role.CMCOORD_OFFICER.value
REQUESTER = Role.REQUESTER.value
HCT_MEMBER = Role.HCT_MEMBER.value
HC = Role.HC.value
LIAISON = Role.MILITARY_LIAISON.value

FINAL_STATES = frozenset({S.COMPLETED, S.REJECTED, S.WITHDRAWN, S.CANCELLED, S.EXPIRED})
OPEN_STATES = frozenset(s.value for s in S if s not in FINAL_STATES)
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# States in which the assessment may still be answered (before it goes to the HCT).
ASSESSABLE_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED})
BEFORE_HCT = (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED)


@dataclass(frozen=True)
class Action:
    name: str
    label: Text
    comment_required: bool = False
    comment_label: Text = "Comment"
    # The refusal when the comment is missing: a whole sentence per action (never assembled from labels).
    comment_missing: Text = ""
    own_organisation: bool = False  # a requester may take it only for their organisation's request
    needs_full_assessment: bool = False
    danger: bool = False
    # Taken on the request's own page and API endpoint (the HCT decision and tasking have their own forms).
    on_request_page: bool = True
    # The person says why from a list (withdraw: AssistanceRequest.WithdrawalReason), as well as the comment.
    asks_reason: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("submit", _("Submit"), own_organisation=True),
        Action("start_review", _("Start review")),
        Action(
            "return_to_requester",
            _("Return to requester"),
            comment_required=True,
            comment_label=_("What information is missing"),
            comment_missing=_(
                "Say what information is missing: a request is returned to its requester with a comment."
            ),
        ),
        Action("put_to_hct", _("Put to the HCT"), needs_full_assessment=True),
        Action("withdraw", _("Withdraw"), own_organisation=True, danger=True, asks_reason=True),
        Action(
            "cancel",
            _("Cancel request"),
            comment_required=True,
            comment_label=_("Reason"),
            comment_missing=_("Say why the request is cancelled."),
            danger=True,
        ),
        # The HCT decision (services/hct.py) and the tasking of the military (services/tasking.py).
        Action("approve", _("Record approval"), on_request_page=False),
        Action("defer", _("Record deferral"), on_request_page=False),
        Action(
            "reject",
            _("Record rejection"),
            comment_required=True,
            comment_label=_("Rationale"),
            comment_missing=_("Say why: a rejection or a deferral needs its rationale."),
            danger=True,
            on_request_page=False,
        ),
        Action("task", _("Task the military"), on_request_page=False),
        Action("accept", _("Accept the task"), on_request_page=False),
        Action(
            "decline",
            _("Decline the task"),
            comment_required=True,
            comment_label=_("Reason"),
            comment_missing=_("Say why the force declines the task."),
            danger=True,
            on_request_page=False,
        ),
        Action("start", _("Report start"), on_request_page=False),
        Action("complete", _("Report completion"), on_request_page=False),
        Action("expire", _("Expire the approval"), on_request_page=False),
    ]
}


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    roles: frozenset[str]
    target: str


def _rows(sources: Iterable[str], action: str, roles: Iterable[str], target: str) -> list[Transition]:
    return [Transition(str(s), action, frozenset(str(r) for r in roles), str(target)) for s in sources]


class Machine:
    """One table of moves: (state, action) -> the roles that may take it and the state it leads to.

    `refused_in_state(state_label, action)` and `refused_role(action)` word a refusal for people; the code of
    the TransitionNotAllowed is the same for every machine (not_allowed_in_state, role_not_allowed).
    """

    def __init__(
        self,
        *,
        name: str,
        field: str,
        labels: Mapping[str, Text],
        transitions: list[Transition],
        refused_in_state: Callable[[str, str], Text],
        refused_role: Callable[[str], Text],
    ) -> None:
        self.name = name
        self.field = field
        self.labels = labels
        self.transitions = transitions
        self.table: dict[tuple[str, str], Transition] = {(t.source, t.action): t for t in transitions}
        assert len(self.table) == len(transitions), f"{name}: one row per (state, action)"
        self.refused_in_state = refused_in_state
        self.refused_role = refused_role

    @property
    def actions(self) -> frozenset[str]:
        return frozenset(t.action for t in self.transitions)

    def target_for(self, state: str, action: str, role: str | None) -> str | None:
        """The state the action leads to from `state` when taken by `role`, or None when the table refuses."""
        row = self.table.get((str(state), action))
        if row is None or role not in row.roles:
            return None
        return row.target

    def check(self, *, state: str, action: str, role: str | None) -> str:
        """The target state of the move, or TransitionNotAllowed saying why the table refuses it."""
        row = self.table.get((str(state), action))
        if row is None:
            label = str(self.labels.get(str(state), state)).lower()
            raise TransitionNotAllowed(self.refused_in_state(label, action), code="not_allowed_in_state")
        if role not in row.roles:
            raise TransitionNotAllowed(self.refused_role(action), code="role_not_allowed")
        return row.target


def _action_label(action: str) -> str:
    spec = ACTIONS.get(action)
    return str(spec.label).lower() if spec else action


TRANSITIONS: list[Transition] = [
    *_rows([S.DRAFT, S.RETURNED], "submit", [REQUESTER, OFFICER], S.SUBMITTED),
    *_rows([S.SUBMITTED], "start_review", [OFFICER], S.UNDER_REVIEW),
    *_rows([S.SUBMITTED, S.UNDER_REVIEW], "return_to_requester", [OFFICER], S.RETURNED),
    *_rows([S.UNDER_REVIEW], "put_to_hct", [OFFICER], S.WITH_HCT),
    *_rows(BEFORE_HCT, "withdraw", [REQUESTER], S.WITHDRAWN),
    *_rows(sorted(OPEN_STATES), "cancel", [OFFICER], S.CANCELLED),
    *_rows([S.WITH_HCT], "approve", [HC, OFFICER, SYSTEM], S.APPROVED),
    *_rows([S.WITH_HCT], "reject", [HC, OFFICER, SYSTEM], S.REJECTED),
    *_rows([S.WITH_HCT], "defer", [HC, OFFICER], S.WITH_HCT),
    *_rows([S.APPROVED], "approve", [HC, OFFICER], S.APPROVED),
    # Renewal or amendment while a task runs: a new approval supersedes the one in force; the state stays.
    *_rows([S.TASKED], "approve", [HC, OFFICER], S.TASKED),
    *_rows([S.ACCEPTED], "approve", [HC, OFFICER], S.ACCEPTED),
    *_rows([S.IN_PROGRESS], "approve", [HC, OFFICER], S.IN_PROGRESS),
    *_rows([S.APPROVED], "reject", [HC, OFFICER], S.REJECTED),
    *_rows([S.APPROVED, S.DECLINED], "task", [OFFICER], S.TASKED),
    *_rows([S.TASKED], "accept", [LIAISON], S.ACCEPTED),
    *_rows([S.TASKED], "decline", [LIAISON], S.DECLINED),
    *_rows([S.ACCEPTED], "start", [LIAISON], S.IN_PROGRESS),
    *_rows([S.ACCEPTED, S.IN_PROGRESS], "complete", [LIAISON], S.COMPLETED),
    *_rows([S.APPROVED, S.DECLINED], "expire", [SYSTEM], S.EXPIRED),
]

REQUEST = Machine(
    name="request",
    field="status",
    labels=dict(S.choices),
    transitions=TRANSITIONS,
    refused_in_state=lambda state, action: (
        _("The request's status is “%(status)s”: “%(action)s” is not a step from this status.")
        % {"status": state, "action": _action_label(action)}
    ),
    refused_role=lambda action: (
        _("Your role does not allow “%(action)s” on this request.") % {"action": _action_label(action)}
    ),
)


def target_for(state: str, action: str, role: str | None) -> str | None:
    """The state the action leads to from `state` when taken by `role`, or None when the table refuses."""
    return REQUEST.target_for(state, action, role)


def check(
    *,
    rfa: AssistanceRequest,
    action: str,
    role: str | None,
    user: User | None = None,
    comment: str = "",
    unanswered: Sequence[str] = (),
) -> str:
    """The target state of the move, or TransitionNotAllowed saying why it is refused.

    `unanswered`: the titles of the criteria the request's assessment has not answered (the caller reads them
    when the action needs a full assessment)."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise TransitionNotAllowed(
            _("“%(action)s” is not an action on a request.") % {"action": action}, code="unknown_action"
        )
    target = REQUEST.check(state=rfa.status, action=action, role=role)
    if (
        spec.own_organisation
        and role == REQUESTER
        and (user is None or user.organization_id != rfa.organization_id)
    ):
        raise TransitionNotAllowed(
            _("Only a requester of the requesting organisation can do this."), code="not_your_organisation"
        )
    if spec.comment_required and not comment.strip():
        raise TransitionNotAllowed(
            spec.comment_missing or _("Say why: this step needs a comment."),
            code="comment_required",
        )
    if spec.needs_full_assessment and unanswered:
        raise TransitionNotAllowed(
            _("Answer every criterion of the last-resort assessment first; unanswered: %(titles)s.")
            % {"titles": ", ".join(str(title) for title in unanswered)},
            code="assessment_incomplete",
        )
    return target


def available_actions(*, rfa: AssistanceRequest, role: str | None, user: User | None = None) -> list[Action]:
    """The actions the table lets this user take on the request now (conditions on input aside)."""
    found = []
    for action in ACTIONS.values():
        if REQUEST.target_for(rfa.status, action.name, role) is None:
            continue
        if (
            action.own_organisation
            and role == REQUESTER
            and (user is None or user.organization_id != rfa.organization_id)
        ):
            continue
        found.append(action)
    return found


# The HCT procedure (HctReferral.state). An HCT member's objection breaks silence; the procedure closes when a
# decision is recorded (by the HC, an officer on the HC's behalf, or adoption by silence), or when its request
# is cancelled or no longer with the HCT at the deadline.
R = HctReferral.State
REFERRAL_TRANSITIONS: list[Transition] = [
    *_rows([R.OPEN], "object", [HCT_MEMBER], R.OBJECTED),
    *_rows([R.OPEN, R.OBJECTED], "close", [HC, OFFICER, SYSTEM], R.CLOSED),
]
REFERRAL = Machine(
    name="referral",
    field="state",
    labels=dict(R.choices),
    transitions=REFERRAL_TRANSITIONS,
    refused_in_state=lambda state, action: (
        _("An HCT procedure that is %(status)s cannot be taken this step.") % {"status": state}
    ),
    refused_role=lambda action: str(_("Your role cannot take this step of the HCT procedure.")),
)

# The task of the military (Task.status). Its force's liaison officers accept or decline it, start it (their
# first progress report) and complete it; it is cancelled with its request. Each step of the force also moves
# the request by the action of the same name (services/tasking.py).
T = Task.Status
TASK_TRANSITIONS: list[Transition] = [
    *_rows([T.TASKED], "accept", [LIAISON], T.ACCEPTED),
    *_rows([T.TASKED], "decline", [LIAISON], T.DECLINED),
    *_rows([T.ACCEPTED], "start", [LIAISON], T.IN_PROGRESS),
    *_rows([T.ACCEPTED, T.IN_PROGRESS], "complete", [LIAISON], T.COMPLETED),
    *_rows([T.TASKED, T.ACCEPTED, T.IN_PROGRESS], "cancel", [OFFICER, SYSTEM], T.CANCELLED),
]
TASK = Machine(
    name="task",
    field="status",
    labels=dict(T.choices),
    transitions=TASK_TRANSITIONS,
    refused_in_state=lambda state, action: (
        _("A task that is %(status)s cannot be taken this step.") % {"status": state}
    ),
    refused_role=lambda action: str(_("Only the liaison officers of the tasked force can do this.")),
)

# The HCT meeting (Meeting.status). The officer schedules it (and edits or cancels it while scheduled); the HC
# records who attended, once, which makes it held; decisions on its agenda are recorded after that.
M = Meeting.Status
MEETING_TRANSITIONS: list[Transition] = [
    *_rows([M.SCHEDULED], "hold", [HC], M.HELD),
    *_rows([M.SCHEDULED], "cancel", [OFFICER], M.CANCELLED),
]
MEETING = Machine(
    name="meeting",
    field="status",
    labels=dict(M.choices),
    transitions=MEETING_TRANSITIONS,
    refused_in_state=lambda state, action: (
        _("An HCT meeting that is %(status)s cannot be taken this step.") % {"status": state}
    ),
    refused_role=lambda action: (
        str(_("Only the HC records the attendance of an HCT meeting."))
        if action == "hold"
        else str(_("Only a CMCoord officer cancels an HCT meeting."))
    ),
)
