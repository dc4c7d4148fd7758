"""Who hears of what in requests, and what each is told (DOMAIN.md, "Notifications").

Every request move goes through services/base.transition, which calls on_transition() after its audit event,
inside the transaction: the table TRANSITIONS says, per lifecycle action, which kind of notification goes to
whom with which context. Events that are more than a move (the decision, with its outcome and conditions; the
task, created after the move; an HCT member's objection; a new procedure after a deferral) call their function
here from the service that records them.

Who is told is computed now, from memberships and roles:
- request and HCT events go to humanitarian roles only; a military user is never a recipient of them;
- a task, its overdue reminder and the reminder to acknowledge a renewed approval go to
  the liaison officers of THAT force, with only the shareable facts
  of the task (shareable_task: the fields of requests/api/serializers/tasking.py), never the assessment,
  comments, the HCT's deliberations, the rationale or the requesting organisation;
- each audience gets its own notify() call, context and dedupe key.

The contexts are plain dictionaries built here: a template cannot reach past them into the request.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord import notifications
from cmcoord.models import HUMANITARIAN_ROLES, AuditEvent, Organization, Role, User

from .models import (
    ACTIVE_TASK_STATES,
    APPROVALS,
    AssistanceRequest,
    Decision,
    HctReferral,
    HctResponse,
    Meeting,
    RequestLeg,
    Task,
)
from .permissions import FORCE_VISIBLE, can_see_deliberations
from .selectors import current_decision, flagged_answers, running_referral

SUBMITTED = "request.submitted"
RETURNED = "request.returned"
PUT_TO_HCT = "request.put_to_hct"
OBJECTION = "hct.objection"
DECIDED = "request.decided"
TASKED = "task.tasked"
TASK_ACCEPTED = "task.accepted"
TASK_DECLINED = "task.declined"
TASK_COMPLETED = "task.completed"
TASK_CANCELLED = "task.cancelled"
APPROVAL_EXPIRED = "request.approval_expired"
WITHDRAWN = "request.withdrawn"
CANCELLED = "request.cancelled"
TASK_FLAGGED = "task.approval_expired"
TASK_RENEWED = "task.approval_renewed"
TASK_PROGRESS = "task.progress"
REMIND_WRITTEN_DEADLINE = "reminder.written_deadline"
REMIND_APPROVAL_EXPIRING = "reminder.approval_expiring"
REMIND_TASK_OVERDUE = "reminder.task_overdue"
REMIND_ACKNOWLEDGEMENT_DUE = "reminder.acknowledgement_due"
MEETING_INVITATION = "meeting.invitation"
MEETING_CANCELLED = "meeting.cancelled"
REMIND_MEETING = "reminder.meeting"

KINDS = {
    SUBMITTED: _("A request is submitted"),
    RETURNED: _("A request is returned for more information"),
    PUT_TO_HCT: _("A request is put to the HCT"),
    OBJECTION: _("An HCT member objects in a written procedure"),
    DECIDED: _("The HCT's decision on a request"),
    TASKED: _("A task is given to your force"),
    TASK_ACCEPTED: _("A force accepts a task"),
    TASK_DECLINED: _("A force declines a task"),
    TASK_COMPLETED: _("A force completes a task"),
    TASK_CANCELLED: _("A task given to your force is cancelled"),
    APPROVAL_EXPIRED: _("An approval expires"),
    WITHDRAWN: _("A request is withdrawn"),
    CANCELLED: _("A request is cancelled"),
    TASK_FLAGGED: _("A running task's approval has expired"),
    TASK_RENEWED: _("The approval of your force's task is renewed or amended"),
    TASK_PROGRESS: _("A force reports progress on a task"),
    REMIND_WRITTEN_DEADLINE: _("Reminder: a written procedure's deadline is within 24 hours"),
    REMIND_APPROVAL_EXPIRING: _("Reminder: an approval expires within 48 hours"),
    REMIND_TASK_OVERDUE: _("Reminder: a task is overdue"),
    REMIND_ACKNOWLEDGEMENT_DUE: _(
        "Reminder: acknowledge the renewed or amended approval of your force's task"
    ),
    MEETING_INVITATION: _("An HCT meeting is scheduled or changed"),
    MEETING_CANCELLED: _("An HCT meeting is cancelled"),
    REMIND_MEETING: _("Reminder: an HCT meeting is tomorrow"),
}


def register_kinds() -> None:
    """Declare the kinds of this app (RequestsConfig.ready)."""
    for key, label in KINDS.items():
        notifications.register_kind(key, label)


# Recipients, from memberships and roles at send time.


def members(operation_id: int, *roles: str, organization_id: int | None = None) -> list[User]:
    """Active users holding one of `roles` in the operation (humanitarian roles: never a military user)."""
    qs = User.objects.filter(
        is_active=True, memberships__operation_id=operation_id, memberships__role__in=list(roles)
    )
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    if Role.MILITARY_LIAISON not in roles:
        # The database refuses a military user with a humanitarian role; this says it again, here.
        qs = qs.exclude(organization__type__in=Organization.MILITARY_TYPES)
    return list(qs.distinct().order_by("pk"))


def officers(rfa: AssistanceRequest) -> list[User]:
    return members(rfa.operation_id, Role.CMCOORD_OFFICER)


def requesters(rfa: AssistanceRequest) -> list[User]:
    """The user who logged the request (while a humanitarian member) and the organisation's requesters."""
    people = members(rfa.operation_id, Role.REQUESTER, organization_id=rfa.organization_id)
    people += [u for u in members(rfa.operation_id, *HUMANITARIAN_ROLES) if u.pk == rfa.created_by_id]
    return people


def hct(rfa: AssistanceRequest) -> list[User]:
    """The HCT members and the HC of the operation."""
    return members(rfa.operation_id, Role.HCT_MEMBER, Role.HC)


def deliberating(rfa: AssistanceRequest, people) -> list[User]:
    """Those of `people` who may read the HCT's deliberations (permissions.can_see_deliberations, the rule of
    the request page and the API too): the only recipients of an email carrying a proposal or a position."""
    return [user for user in people if can_see_deliberations(user, rfa)]


def hct_told_of_proposal(rfa: AssistanceRequest) -> list[User]:
    return deliberating(rfa, hct(rfa))


def hc_and_officers(rfa: AssistanceRequest) -> list[User]:
    return members(rfa.operation_id, Role.HC, Role.CMCOORD_OFFICER)


def officers_and_requesters(rfa: AssistanceRequest) -> list[User]:
    return officers(rfa) + requesters(rfa)


def told_of(rfa: AssistanceRequest) -> list[User]:
    """Everyone who was told of the request: the officers and requesters, and the HCT and HC once it was put
    to them (a force is told of its task's cancellation by task_cancelled, with the shareable facts only)."""
    people = officers_and_requesters(rfa)
    if rfa.referrals.exists():
        people += hct(rfa)
    return list({u.pk: u for u in people}.values())


def force_liaisons(task: Task) -> list[User]:
    """The liaison officers of the task's force in the task's operation: nobody else."""
    operation_id = task.request.operation_id
    return list(
        User.objects.filter(
            is_active=True,
            organization_id=task.force_id,
            organization__type__in=Organization.MILITARY_TYPES,
            memberships__operation_id=operation_id,
            memberships__role=Role.MILITARY_LIAISON,
        ).order_by("pk")
    )


# Contexts: plain dictionaries of what the audience may see. Labels stay lazy: each recipient reads them in
# their own language when the templates are rendered.


def request_facts(rfa: AssistanceRequest) -> dict:
    """What every humanitarian member who hears of the request may read of it."""
    return {
        "reference": rfa.reference,
        "title": rfa.title,
        "organization": rfa.organization.short_name,
        "priority": AssistanceRequest.Priority(rfa.priority).label,
        "priority_code": rfa.priority,
        "required_by": rfa.required_by,
        "status": AssistanceRequest.Status(rfa.status).label,
        "status_code": rfa.status,
    }


def _shown(obj, field: str) -> dict:
    """A field as an email shows it: a choice by its label (with the code beside it), a number as a string
    (coordinates keep their decimal point in every language), a related row by its short name."""
    value = getattr(obj, field)
    choices = obj._meta.get_field(field).flatchoices
    if choices:
        # The lazy label: each recipient reads it in their own language.
        return {field: dict(choices).get(value, value), f"{field}_code": value}
    if isinstance(value, Decimal) and isinstance(obj, RequestLeg):
        return {field: str(value)}
    if isinstance(value, Organization):
        return {field: value.short_name}
    return {field: value}


def shareable_task(task: Task) -> dict:
    """The facts of a task its force may see (permissions.FORCE_VISIBLE), nothing more."""
    rfa = task.request
    decision = current_decision(rfa)
    approval = decision if decision is not None and decision.is_approval else None
    facts: dict = {}
    for field in FORCE_VISIBLE[AssistanceRequest]:
        facts.update(_shown(rfa, field))
    facts["legs"] = [
        {k: v for f in FORCE_VISIBLE[RequestLeg] for k, v in _shown(leg, f).items()}
        for leg in rfa.legs.order_by("order")
    ]
    for field in FORCE_VISIBLE[Decision]:
        value = getattr(approval, field) if approval else None
        facts[field] = list(value or []) if field == "conditions" else value
    for field in FORCE_VISIBLE[Task]:
        facts.update(_shown(task, field))
    return facts


def request_link(rfa: AssistanceRequest) -> str:
    return reverse("requests:detail", args=[rfa.pk])


def task_link(task: Task) -> str:
    return reverse("requests:task_detail", args=[task.pk])


# Request moves (services/base.transition calls on_transition).


def _running_task(rfa: AssistanceRequest) -> Task | None:
    # During accept / decline / complete the task still holds its status from before the move.
    return (
        rfa.tasks.select_related("force").filter(status__in=ACTIVE_TASK_STATES).order_by("-tasked_at").first()
    )


@dataclass(frozen=True)
class Rule:
    kind: str
    recipients: Callable[[AssistanceRequest], list[User]]
    context: Callable[[AssistanceRequest, str], dict]


def _plain(rfa: AssistanceRequest, comment: str) -> dict:
    return {"request": request_facts(rfa)}


def _with_comment(rfa: AssistanceRequest, comment: str) -> dict:
    return {"request": request_facts(rfa), "comment": comment.strip()}


def _put_to_hct_context(rfa: AssistanceRequest, comment: str) -> dict:
    return {"request": request_facts(rfa), **referral_facts(running_referral(rfa))}


def _task_step_context(rfa: AssistanceRequest, comment: str) -> dict:
    task = _running_task(rfa)
    return {
        "request": request_facts(rfa),
        "force": task.force.short_name if task else "",
        "comment": comment.strip(),
        "today": timezone.localdate(),
    }


# Lifecycle action -> who is told, of which kind, with what. Actions not listed tell nobody here: the HCT's
# decision (approve / reject / defer) and the tasking are told by decision_recorded() and task_created(),
# which know the decision and the task the move creates.
TRANSITIONS: dict[str, Rule] = {
    "submit": Rule(SUBMITTED, officers, _plain),
    "return_to_requester": Rule(RETURNED, requesters, _with_comment),
    "put_to_hct": Rule(PUT_TO_HCT, hct_told_of_proposal, _put_to_hct_context),
    "accept": Rule(TASK_ACCEPTED, officers_and_requesters, _task_step_context),
    "decline": Rule(TASK_DECLINED, officers_and_requesters, _task_step_context),
    "complete": Rule(TASK_COMPLETED, officers_and_requesters, _task_step_context),
    "expire": Rule(APPROVAL_EXPIRED, officers_and_requesters, _with_comment),
    "withdraw": Rule(WITHDRAWN, told_of, _with_comment),
    "cancel": Rule(CANCELLED, told_of, _with_comment),
}


def on_transition(*, rfa: AssistanceRequest, action: str, event: AuditEvent, comment: str = "") -> None:
    """Tell of one request move (inside its transaction, after its audit event)."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        return
    notifications.notify(
        kind=rule.kind,
        recipients=rule.recipients(rfa),
        operation=rfa.operation,
        context=rule.context(rfa, comment),
        link=request_link(rfa),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )


# The HCT.


def meeting_facts(meeting: Meeting | None) -> dict | None:
    """A meeting as its invitees read it: date and time (rendered in the operation's zone), place, link."""
    if meeting is None:
        return None
    return {
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "call_link": meeting.call_link,
        "link": meeting_link(meeting),
    }


def warnings_facts(rfa: AssistanceRequest) -> list[dict]:
    """The criteria answered "not met" or "unclear", first in what the HCT reads of a request."""
    return [
        {
            "title": a.criterion_version.title,
            "answer": a.get_answer_display(),
            "answer_code": a.answer,
            "justification": a.justification,
        }
        for a in flagged_answers(rfa)
    ]


def meeting_link(meeting: Meeting) -> str:
    return reverse("requests:meeting_detail", args=[meeting.pk])


def referral_facts(referral: HctReferral | None) -> dict:
    """The procedure as the HCT is told of it: written (deadline, proposal) or a meeting (when, where), with
    the criteria answered "not met" or "unclear" and the officer's note on them."""
    if referral is None:
        return {"written": False}
    return {
        "meeting": meeting_facts(referral.meeting) if referral.meeting_id else None,
        "warnings": warnings_facts(referral.request),
        "warnings_note": referral.warnings_note,
        "written": referral.procedure == HctReferral.Procedure.WRITTEN,
        "deadline": referral.deadline,
        "proposed_outcome": referral.proposed_outcome_label,
        "proposed_outcome_code": referral.proposed_outcome,
        "proposed_conditions": list(referral.proposed_conditions),
        "proposed_valid_from": referral.proposed_valid_from,
        "proposed_valid_until": referral.proposed_valid_until,
        "proposal": referral.proposal,
    }


def respond_link(referral: HctReferral) -> str:
    if referral.procedure == HctReferral.Procedure.WRITTEN:
        return reverse("requests:hct_respond", args=[referral.pk])
    return request_link(referral.request)


def referral_opened(*, referral: HctReferral, event: AuditEvent) -> None:
    """A new HCT procedure for a request already with the HCT (after a deferral): the HCT and HC are told."""
    rfa = referral.request
    notifications.notify(
        kind=PUT_TO_HCT,
        recipients=hct_told_of_proposal(rfa),
        operation=rfa.operation,
        context={"request": request_facts(rfa), **referral_facts(referral)},
        link=request_link(rfa),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )


def objection_made(*, response: HctResponse, event: AuditEvent) -> None:
    """An HCT member objected (silence is broken): the HC and the officers are told, with the comment."""
    rfa = response.referral.request
    notifications.notify(
        kind=OBJECTION,
        recipients=deliberating(rfa, hc_and_officers(rfa)),
        operation=rfa.operation,
        context={
            "request": request_facts(rfa),
            "member": response.member.get_full_name() or response.member.username,
            "comment": response.comment,
        },
        link=request_link(rfa),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )


def decision_recorded(*, decision: Decision, event: AuditEvent) -> None:
    """The HCT's decision (adopted by silence too): the requesters, the officers, the HCT members and HC."""
    rfa = decision.request
    people = {u.pk: u for u in [*requesters(rfa), *officers(rfa), *hct(rfa)]}
    notifications.notify(
        kind=DECIDED,
        recipients=people.values(),
        operation=rfa.operation,
        context={
            "request": request_facts(rfa),
            "outcome": decision.outcome,
            "outcome_label": Decision.Outcome(decision.outcome).label,
            "approved": decision.outcome in APPROVALS,
            "conditions": list(decision.conditions),
            "valid_from": decision.valid_from,
            "valid_until": decision.valid_until,
            "rationale": decision.rationale,
            "by_silence": decision.procedure == Decision.Procedure.SILENCE,
            "revises": decision.supersedes_id is not None,
        },
        link=request_link(rfa),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )


# The tasks of the military.


def task_created(*, task: Task, event: AuditEvent) -> None:
    """A task for a force: its liaison officers, and only they, are told, with the shareable facts only."""
    notifications.notify(
        kind=TASKED,
        recipients=force_liaisons(task),
        operation=task.request.operation,
        context={"task": shareable_task(task)},
        link=task_link(task),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )


def task_cancelled(*, task: Task, event: AuditEvent) -> None:
    """A task cancelled with its request: the force's liaison officers are told to stand down. The officer's
    reason is humanitarian-internal and stays out; the humanitarian point of contact can say more."""
    notifications.notify(
        kind=TASK_CANCELLED,
        recipients=force_liaisons(task),
        operation=task.request.operation,
        context={"task": shareable_task(task)},
        link=task_link(task),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )


def task_flagged(*, task: Task, decision: Decision, event: AuditEvent) -> None:
    """A running task's approval has expired: the officers and the requesters, and the force (shareable facts
    only, told to stop and whom to call), each audience by its own call."""
    rfa = task.request
    notifications.notify(
        kind=TASK_FLAGGED,
        recipients=officers_and_requesters(rfa),
        operation=rfa.operation,
        context={
            "request": request_facts(rfa),
            "force": task.force.short_name,
            "valid_until": decision.valid_until,
            "for_force": False,
        },
        link=request_link(rfa),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )
    notifications.notify(
        kind=TASK_FLAGGED,
        recipients=force_liaisons(task),
        operation=rfa.operation,
        context={"task": shareable_task(task), "valid_until": decision.valid_until, "for_force": True},
        link=task_link(task),
        dedupe_key=f"audit:{event.pk}:force",
        actor=event.actor,
    )


def approval_renewed(*, task: Task, decision: Decision, event: AuditEvent) -> None:
    """A new approval under a running task (renewed or amended): its force is told of the conditions and
    validity in force, which it acknowledges before its next report."""
    notifications.notify(
        kind=TASK_RENEWED,
        recipients=force_liaisons(task),
        operation=task.request.operation,
        context={"task": shareable_task(task)},
        link=task_link(task),
        dedupe_key=f"audit:{event.pk}:force",
        actor=event.actor,
    )


def task_progress(*, task: Task, report, event: AuditEvent) -> None:
    """A force reported progress: the officers and the requesters."""
    rfa = task.request
    notifications.notify(
        kind=TASK_PROGRESS,
        recipients=officers_and_requesters(rfa),
        operation=rfa.operation,
        context={"request": request_facts(rfa), "force": task.force.short_name, "comment": report.text},
        link=request_link(rfa),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )


# HCT meetings.


def hct_of(operation_id: int) -> list[User]:
    """The HCT members and the HC of an operation: a meeting's invitees."""
    return members(operation_id, Role.HCT_MEMBER, Role.HC)


def agenda_facts(meeting: Meeting) -> list[dict]:
    """The requests on the agenda, as the invitees may read them."""
    return [
        request_facts(r.request)
        for r in meeting.agenda.select_related("request", "request__organization").order_by("opened_at", "pk")
    ]


def meeting_invitation(*, meeting: Meeting, event: AuditEvent, changed: bool) -> None:
    """A meeting scheduled (or its date, time or place changed): the HCT members and the HC are invited."""
    notifications.notify(
        kind=MEETING_INVITATION,
        recipients=hct_of(meeting.operation_id),
        operation=meeting.operation,
        context={"meeting": meeting_facts(meeting), "agenda": agenda_facts(meeting), "changed": changed},
        link=meeting_link(meeting),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )


def meeting_cancelled(*, meeting: Meeting, event: AuditEvent) -> None:
    """A meeting cancelled: its invitees are told, with the reason."""
    notifications.notify(
        kind=MEETING_CANCELLED,
        recipients=hct_of(meeting.operation_id),
        operation=meeting.operation,
        context={"meeting": meeting_facts(meeting), "comment": meeting.cancel_reason},
        link=meeting_link(meeting),
        dedupe_key=f"audit:{event.pk}",
        actor=event.actor,
    )
