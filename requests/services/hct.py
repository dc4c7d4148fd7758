"""Writes of the HCT decision: the procedure (meeting or written), members' responses, decisions, expiry.

Each function is atomic, locks the rows it changes, moves the request (base.transition) and the procedure
(base.move) only as the tables of requests/lifecycle.py allow, and writes its audit events in the same
transaction.
"""

import datetime
import enum
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cmcoord.exceptions import ConcurrentChange, DomainError, Text, TransitionNotAllowed
from cmcoord.models import HUMANITARIAN_ROLES, Membership, Role, User
from cmcoord.permissions import role_in
from cmcoord.services import audit_record
from guidelines.selectors import guideline_ids_in_force

from .. import lifecycle, notifications, permissions
from ..models import (
    ACTIVE_TASK_STATES,
    APPROVALS,
    AssistanceRequest,
    Decision,
    HctReferral,
    HctResponse,
    Meeting,
    Task,
)
from ..selectors import current_decision, direct_assistance_warned, flagged_answers, running_referral
from .base import lock_request, move, transition

S = AssistanceRequest.Status
Outcome = Decision.Outcome
# The lifecycle action each outcome takes (requests/lifecycle.py).
ACTION_FOR_OUTCOME: dict[str, str] = {
    Outcome.APPROVED: "approve",
    Outcome.APPROVED_WITH_CONDITIONS: "approve",
    Outcome.REJECTED: "reject",
    Outcome.DEFERRED: "defer",
}
# What a written procedure may propose (a deferral is not a proposal: it is the absence of one).
PROPOSABLE = (Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS, Outcome.REJECTED)


class _Unset(enum.Enum):
    TOKEN = 0


# "The caller did not say which decision was in force when the HC looked" (services and tests only: the page
# and the API always say it).
UNSET = _Unset.TOKEN


class WarningsUnconfirmed(DomainError):
    """Criteria answered "not met" or "unclear": the officer puts the request to the HCT only confirming it,
    with a note the HCT reads. Bad input (400), not a conflict."""

    code = "assessment_warnings_unconfirmed"
    status_code = 400


WARNINGS_UNCONFIRMED = _(
    "Criteria of the assessment are answered “not met” or “unclear”: confirm that the HCT should consider "
    "the request nonetheless, with a note the HCT reads."
)


def clean_conditions(conditions: Iterable[str] | str | None) -> list[str]:
    """A list of conditions from a list or from text with one condition per line."""
    if conditions is None:
        return []
    if isinstance(conditions, str):
        conditions = conditions.splitlines()
    return [c.strip() for c in conditions if c and c.strip()]


def validate_outcome(
    *,
    outcome: str,
    conditions: list[str],
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    rationale: str,
    prefix: str = "",
) -> None:
    """The rules of a decision (or of a proposal, with prefix="proposed_"): ValidationError by field."""
    errors: dict[str, Text] = {}
    if outcome not in Outcome.values:
        errors[f"{prefix}outcome"] = _("Choose an outcome.")
    if outcome in APPROVALS:
        if valid_from is None:
            errors[f"{prefix}valid_from"] = _("An approval needs the date it is valid from.")
        if valid_until is None:
            errors[f"{prefix}valid_until"] = _("An approval is temporary: give the date it is valid until.")
        elif valid_until < timezone.localdate():
            errors[f"{prefix}valid_until"] = _(
                "This validity ended on %(date)s: an approval must still be valid today or later."
            ) % {"date": date_format(valid_until, "j M Y")}
        elif valid_from and valid_until < valid_from:
            errors[f"{prefix}valid_until"] = _("The validity cannot end before it starts.")
    if outcome == Outcome.APPROVED_WITH_CONDITIONS and not conditions:
        errors[f"{prefix}conditions"] = _("List the conditions, one per line.")
    if outcome in (Outcome.REJECTED, Outcome.DEFERRED) and not rationale.strip():
        field = "proposal" if prefix else "rationale"
        errors[field] = _("Say why: a rejection or a deferral needs its rationale.")
    if errors:
        raise ValidationError(errors)


def referral_open(
    *,
    rfa: AssistanceRequest,
    actor: User,
    procedure: str,
    deadline: datetime.datetime | None = None,
    proposal: dict[str, Any] | None = None,
    audit: bool = True,
    meeting: Meeting | None = None,
) -> HctReferral:
    """Open the HCT procedure of a request (inside the transaction that puts it to the HCT, which records the
    procedure on its own event: audit=False). At a meeting, on the agenda of `meeting` (a scheduled meeting
    of the operation) or of none yet. Criteria answered "not met" or "unclear" need the officer's
    confirmation and note (proposal["warnings_confirmed"], proposal["warnings_note"])."""
    proposal = proposal or {}
    if procedure not in HctReferral.Procedure.values:
        raise ValidationError({"procedure": _("Choose a meeting or a written procedure.")})
    warnings_note = (proposal.get("warnings_note") or "").strip()
    flagged = bool(flagged_answers(rfa))
    if flagged and not (proposal.get("warnings_confirmed") and warnings_note):
        raise WarningsUnconfirmed(WARNINGS_UNCONFIRMED)
    if meeting is not None and (
        procedure != HctReferral.Procedure.MEETING
        or meeting.operation_id != rfa.operation_id
        or meeting.status != Meeting.Status.SCHEDULED
    ):
        raise ValidationError({"meeting": _("Choose a scheduled HCT meeting of the operation.")})
    justification = (proposal.get("direct_justification") or "").strip()
    if direct_assistance_warned(rfa) and not justification:
        raise ValidationError(
            {
                "direct_justification": _(
                    "Direct assistance by the military in a complex emergency: say in writing why the HCT "
                    "should consider it (the HCT reads it)."
                )
            }
        )
    referral = HctReferral(
        request=rfa,
        procedure=procedure,
        opened_by=actor,
        direct_justification=justification if direct_assistance_warned(rfa) else "",
        warnings_note=warnings_note if flagged else "",
        meeting=meeting,
    )
    if procedure == HctReferral.Procedure.WRITTEN:
        errors = {}
        if deadline is None:
            errors["deadline"] = _("A written procedure needs a deadline.")
        elif deadline <= timezone.now():
            errors["deadline"] = _("The deadline must be in the future.")
        outcome = proposal.get("outcome") or ""
        if outcome not in PROPOSABLE:
            errors["proposed_outcome"] = _("Propose an approval (with or without conditions) or a rejection.")
        if errors:
            raise ValidationError(errors)
        conditions = clean_conditions(proposal.get("conditions"))
        validate_outcome(
            outcome=outcome,
            conditions=conditions,
            valid_from=proposal.get("valid_from"),
            valid_until=proposal.get("valid_until"),
            rationale=proposal.get("text") or "",
            prefix="proposed_",
        )
        referral.deadline = deadline
        referral.proposed_outcome = outcome
        referral.proposed_conditions = conditions
        referral.proposed_valid_from = proposal.get("valid_from")
        referral.proposed_valid_until = proposal.get("valid_until")
        referral.proposal = (proposal.get("text") or "").strip()
    referral.save()
    if audit:
        event = audit_record(
            actor=actor,
            operation=rfa.operation,
            obj=rfa,
            verb="hct.refer",
            comment=referral.proposal,
            data=referral.audit_data(),
        )
        notifications.referral_opened(referral=referral, event=event)
    return referral


@transaction.atomic
def referral_restart(
    *,
    rfa: AssistanceRequest,
    actor: User,
    procedure: str,
    deadline: datetime.datetime | None = None,
    proposal: dict[str, Any] | None = None,
    meeting: Meeting | None = None,
) -> HctReferral:
    """A new HCT procedure for a request still with the HCT after a deferral (its last procedure closed)."""
    locked = lock_request(rfa)
    if not permissions.can_open_referral(actor, locked, running_referral(locked, lock=True)):
        raise TransitionNotAllowed(
            _(
                "A new HCT procedure can be opened only by an officer, for a request with the HCT whose "
                "last procedure has closed."
            ),
            code="referral_not_allowed",
        )
    return referral_open(
        rfa=locked, actor=actor, procedure=procedure, deadline=deadline, proposal=proposal, meeting=meeting
    )


@transaction.atomic
def hct_respond(*, referral: HctReferral, actor: User, position: str, comment: str = "") -> HctResponse:
    """An HCT member agrees or objects (with a comment) to a written procedure; once, before the deadline.

    An objection breaks silence: the procedure will not be adopted and the matter goes to a meeting.
    """
    locked = (
        HctReferral.objects.select_for_update(of=("self",))
        .select_related("request", "request__operation")
        .get(pk=referral.pk)
    )
    rfa = locked.request
    if locked.procedure != HctReferral.Procedure.WRITTEN:
        raise TransitionNotAllowed(
            _("This request goes to an HCT meeting: the HC records the decision there, with those present."),
            code="not_a_written_procedure",
        )
    if not permissions.can_respond(actor, locked):
        raise TransitionNotAllowed(
            _("Only the HCT members of the operation respond to a written procedure."),
            code="role_not_allowed",
        )
    if locked.state != HctReferral.State.OPEN:
        raise TransitionNotAllowed(
            _(
                "This written procedure is closed (an objection sent it to a meeting): "
                "responses are no longer taken."
            )
            if locked.state == HctReferral.State.OBJECTED
            else _("This written procedure is closed: responses are no longer taken."),
            code="procedure_closed",
        )
    if locked.deadline is None or timezone.now() > locked.deadline:
        raise TransitionNotAllowed(
            _("The deadline (%(deadline)s) has passed: responses are no longer taken.")
            % {"deadline": date_format(timezone.localtime(locked.deadline), "j M Y H:i")},
            code="deadline_passed",
        )
    if locked.responses.filter(member=actor).exists():
        raise TransitionNotAllowed(
            _("You have already responded to this procedure."), code="already_responded"
        )
    comment = comment.strip()
    if position not in HctResponse.Position.values:
        raise ValidationError({"position": _("Agree or object.")})
    if position == HctResponse.Position.OBJECT and not comment:
        raise ValidationError({"comment": _("Say why you object: the HCT will discuss it at a meeting.")})
    response = HctResponse.objects.create(referral=locked, member=actor, position=position, comment=comment)
    audit_record(
        actor=actor,
        operation=rfa.operation,
        obj=rfa,
        verb=f"hct.{position}",
        comment=comment,
        data={"referral": locked.pk, "response": response.pk},
    )
    if position == HctResponse.Position.OBJECT:
        event = move(
            machine=lifecycle.REFERRAL,
            obj=locked,
            action="object",
            actor=actor,
            operation=rfa.operation,
            verb="hct.silence_broken",
            audit_obj=rfa,
            comment=gettext_noop("An objection broke silence: the matter goes to an HCT meeting."),
            data={"referral": locked.pk},
        )
        notifications.objection_made(response=response, event=event)
    return response


def _record(
    *,
    rfa: AssistanceRequest,
    actor: User | None,
    outcome: str,
    conditions: list[str],
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    rationale: str,
    procedure: str,
    referral: HctReferral | None,
    on_behalf_of: User | None = None,
    guidelines: Iterable = (),
    present: Iterable = (),
    expected_status: str | None = None,
    direct_assistance_confirmed: bool = False,
    meeting: Meeting | None = None,
) -> Decision:
    """Move the request by the outcome; write the decision, superseding the last; close the procedure. A new
    approval under a running task clears the task's expired-approval flag and tells its force."""
    previous = current_decision(rfa)
    transition(
        action=ACTION_FOR_OUTCOME[outcome],
        rfa=rfa,
        actor=actor,
        comment=rationale,
        expected_status=expected_status,
    )
    decision = Decision.objects.create(
        request=rfa,
        referral=referral,
        outcome=outcome,
        conditions=conditions,
        valid_from=valid_from if outcome in APPROVALS else None,
        valid_until=valid_until if outcome in APPROVALS else None,
        rationale=rationale.strip(),
        decided_by=actor,
        on_behalf_of=on_behalf_of,
        procedure=procedure,
        supersedes=previous,
        direct_assistance_confirmed=direct_assistance_confirmed,
        meeting=meeting,
    )
    decision.guidelines.set(list(guidelines))
    if procedure == Decision.Procedure.MEETING:
        decision.present.set(list(present))
    if referral is not None:
        _close(
            referral,
            actor=actor,
            rfa=rfa,
            verb="referral.close",
            comment=gettext_noop("A decision was recorded."),
        )
    event = audit_record(
        actor=actor,
        operation=rfa.operation,
        obj=decision,
        verb="decision.record",
        to_state=outcome,
        comment=decision.rationale,
        data={
            "request": rfa.reference,
            "outcome": outcome,
            "procedure": procedure,
            "on_behalf_of": on_behalf_of.pk if on_behalf_of else None,
            "supersedes": previous.pk if previous else None,
            "meeting": meeting.pk if meeting else None,
        },
    )
    notifications.decision_recorded(decision=decision, event=event)
    task = (
        Task.objects.select_for_update(of=("self",))
        .filter(request=rfa, status__in=ACTIVE_TASK_STATES)
        .first()
    )
    if task is not None and previous is not None and decision.is_approval:
        if task.approval_expired:
            task.approval_expired = False
            task.updated_at = timezone.now()
            task.save(update_fields=["approval_expired", "updated_at"])
        notifications.approval_renewed(task=task, decision=decision, event=event)
    return decision


@transaction.atomic
def decision_record(
    *,
    rfa: AssistanceRequest,
    actor: User,
    outcome: str,
    conditions: Iterable[str] | str | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    rationale: str = "",
    guidelines: Iterable = (),
    on_behalf_of: User | None = None,
    present: Iterable = (),
    expected_status: str | None = None,
    expected_decision: int | None | _Unset = UNSET,
    direct_assistance_confirmed: bool = False,
) -> Decision:
    """The HC (or an officer on the HC's behalf) records the HCT's decision: after a meeting, or closing a
    written procedure early. A later decision supersedes the one in force; both stay on record. An approval
    may be renewed or amended while its task runs (a new decision with a new validity or conditions).

    Recorded once: the request's row is locked, and `expected_status` / `expected_decision` (the state and the
    pk of the decision in force the HC saw; None when there was none) must still hold, or ConcurrentChange.
    A revision identical to the decision in force is refused (decision_unchanged)."""
    locked = lock_request(rfa)
    operation = locked.operation
    in_force = current_decision(locked)
    if (expected_status and locked.status != expected_status) or (
        expected_decision is not UNSET and (in_force.pk if in_force else None) != expected_decision
    ):
        raise ConcurrentChange(
            _(
                "A decision was recorded on this request meanwhile (its status is now “%(status)s”): nothing "
                "was recorded. Look at the decision in force, then record yours if it is still needed."
            )
            % {"status": locked.get_status_display()},
            code="decision_changed",
        )
    role = role_in(actor, operation)
    if role not in permissions.DECIDERS:
        raise TransitionNotAllowed(
            _("Only the HC, or an officer on the HC's behalf, records a decision."), code="role_not_allowed"
        )
    conditions = clean_conditions(conditions)
    validate_outcome(
        outcome=outcome,
        conditions=conditions,
        valid_from=valid_from,
        valid_until=valid_until,
        rationale=rationale,
    )
    if role == Role.HC:
        on_behalf_of = None
    elif on_behalf_of is None or role_in(on_behalf_of, operation) != Role.HC:
        raise ValidationError({"on_behalf_of": _("Name the HC on whose behalf you record the decision.")})
    guidelines = list(guidelines)
    in_force_ids = guideline_ids_in_force(operation)
    if any(g.pk not in in_force_ids for g in guidelines):
        raise ValidationError(
            {"guidelines": _("Choose among the guidelines in force for the operation (current versions).")}
        )
    present = list(present)
    members = set(
        Membership.objects.filter(
            operation=operation, role__in=HUMANITARIAN_ROLES, user__in=[p.pk for p in present]
        ).values_list("user_id", flat=True)
    )
    if any(p.pk not in members for p in present):
        raise ValidationError({"present": _("Those present must be humanitarian members of the operation.")})
    referral = running_referral(locked, lock=True)
    written_open = (
        referral is not None
        and referral.procedure == HctReferral.Procedure.WRITTEN
        and referral.state == HctReferral.State.OPEN
    )
    if written_open and role != Role.HC:
        raise TransitionNotAllowed(
            _("A written procedure is running: only the HC may close it early."), code="procedure_running"
        )
    procedure = Decision.Procedure.WRITTEN if written_open else Decision.Procedure.MEETING
    meeting = _meeting_of(referral) if not written_open else None
    if meeting is not None:
        # Decided at a meeting on whose agenda it is: once the HC recorded who attended; those present are
        # the attendance (services/meetings.meeting_record_attendance).
        present = list(meeting.attendees.all())
    if in_force is not None and _same_as(
        in_force,
        outcome=outcome,
        conditions=conditions,
        valid_from=valid_from,
        valid_until=valid_until,
        rationale=rationale,
        guideline_ids={g.pk for g in guidelines},
    ):
        raise TransitionNotAllowed(
            _("This decision is already in force, word for word: nothing was recorded."),
            code="decision_unchanged",
        )
    direct = direct_assistance_warned(locked)
    # The confirmation is the HC's own: an officer recording for the HC cannot give it. A confirmation to
    # be given later would leave an approval on record that nobody confirmed (decisions are never edited),
    # so the officer may record a rejection or a deferral on the HC's behalf, and the HC records an approval.
    if direct and outcome in APPROVALS and role != Role.HC:
        raise ValidationError(
            {
                "outcome": ValidationError(
                    _(
                        "Direct assistance by the military in a complex emergency: only the HC approves it, "
                        "confirming it themselves. Ask the HC to record the approval; you may record a "
                        "rejection or a deferral on their behalf."
                    ),
                    code="hc_confirms_direct_assistance",
                )
            }
        )
    if direct and outcome in APPROVALS and not direct_assistance_confirmed:
        raise ValidationError(
            {
                "direct_assistance_confirmed": _(
                    "Direct assistance by the military in a complex emergency: the HC must confirm this "
                    "approval explicitly."
                )
            }
        )
    return _record(
        rfa=locked,
        actor=actor,
        outcome=outcome,
        conditions=conditions,
        valid_from=valid_from,
        valid_until=valid_until,
        rationale=rationale,
        procedure=procedure,
        referral=referral,
        on_behalf_of=on_behalf_of,
        guidelines=guidelines,
        present=present if procedure == Decision.Procedure.MEETING else (),
        expected_status=expected_status,
        direct_assistance_confirmed=direct and outcome in APPROVALS and direct_assistance_confirmed,
        meeting=meeting,
    )


def _meeting_of(referral: HctReferral | None) -> Meeting | None:
    """The meeting whose agenda the running procedure is on, locked, when the decision is taken there: it
    must have been held (attendance recorded). None for a procedure on no meeting, or on a cancelled one."""
    if referral is None or referral.meeting_id is None:
        return None
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=referral.meeting_id)
    if meeting.status == Meeting.Status.CANCELLED:
        return None
    if meeting.status != Meeting.Status.HELD:
        raise TransitionNotAllowed(
            _(
                "This request is on the agenda of an HCT meeting not held yet: the HC records who attended "
                "first, then the decision."
            ),
            code="meeting_not_held",
        )
    return meeting


def _same_as(
    decision: Decision,
    *,
    outcome: str,
    conditions: list[str],
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    rationale: str,
    guideline_ids: set[int],
) -> bool:
    """Whether a new decision would say word for word what the decision in force says."""
    approval = outcome in APPROVALS
    return (
        decision.outcome == outcome
        and list(decision.conditions or []) == conditions
        and decision.valid_from == (valid_from if approval else None)
        and decision.valid_until == (valid_until if approval else None)
        and decision.rationale == rationale.strip()
        and set(decision.guidelines.values_list("pk", flat=True)) == guideline_ids
    )


@transaction.atomic
def referral_adopt_by_silence(*, referral_pk: int) -> Decision | None:
    """At the deadline of a written procedure nobody objected to, adopt its proposal (the system acts).

    Idempotent: a procedure already closed, locked by a concurrent run or not yet due is left alone.
    """
    referral = (
        HctReferral.objects.select_for_update(of=("self",), skip_locked=True)
        .select_related("request", "request__operation")
        .filter(
            pk=referral_pk,
            state=HctReferral.State.OPEN,
            procedure=HctReferral.Procedure.WRITTEN,
            deadline__lte=timezone.now(),
        )
        .first()
    )
    if referral is None:
        return None
    rfa = lock_request(referral.request)
    if rfa.status != S.WITH_HCT:
        _close(
            referral,
            actor=None,
            rfa=rfa,
            verb="hct.procedure_closed",
            audit_obj=rfa,
            comment=gettext_noop(
                "The request was no longer with the HCT at the deadline: nothing was adopted."
            ),
        )
        return None
    ended = referral.proposed_valid_until
    if referral.proposed_outcome in APPROVALS and ended is not None and ended < timezone.localdate():
        # An approval whose validity ended before the deadline is never adopted (it would be born expired).
        _close(
            referral,
            actor=None,
            rfa=rfa,
            verb="hct.procedure_closed",
            audit_obj=rfa,
            comment=gettext_noop(
                "The proposed validity ended before the deadline: nothing was adopted; the HC decides."
            ),
        )
        return None
    if referral.proposed_outcome in APPROVALS and direct_assistance_warned(rfa):
        # Silence is nobody's confirmation: only the HC approves direct assistance (decision_record).
        _close(
            referral,
            actor=None,
            rfa=rfa,
            verb="hct.procedure_closed",
            audit_obj=rfa,
            comment=gettext_noop(
                "Direct assistance by the military in a complex emergency is approved by the HC only, never "
                "by silence: nothing was adopted; the HC decides."
            ),
        )
        return None
    decision = _record(
        rfa=rfa,
        actor=None,
        outcome=referral.proposed_outcome,
        conditions=list(referral.proposed_conditions),
        valid_from=referral.proposed_valid_from,
        valid_until=referral.proposed_valid_until,
        rationale=referral.proposal,
        procedure=Decision.Procedure.SILENCE,
        referral=referral,
    )
    audit_record(
        actor=None,
        operation=rfa.operation,
        obj=rfa,
        verb="hct.adopted_by_silence",
        comment=gettext_noop("No objection by the deadline: the proposal is adopted."),
        data={
            "referral": referral.pk,
            "decision": decision.pk,
            "agreed": referral.responses.filter(position=HctResponse.Position.AGREE).count(),
        },
    )
    return decision


@transaction.atomic
def approval_expire(*, rfa_pk: int) -> bool:
    """Expire the approval of a request (not tasked, or declined) whose validity has ended (the system acts).

    Idempotent: a request already moved on, or whose approval is still valid, is left alone.
    """
    rfa = (
        AssistanceRequest.objects.select_for_update(of=("self",))
        .filter(pk=rfa_pk, status__in=[S.APPROVED, S.DECLINED])
        .first()
    )
    if rfa is None:
        return False
    decision = current_decision(rfa)
    if (
        decision is None
        or not decision.is_approval
        or decision.valid_until is None
        or decision.valid_until >= timezone.localdate()
    ):
        return False
    transition(
        action="expire",
        rfa=rfa,
        actor=None,
        comment=f"The approval was valid until {decision.valid_until:%d %b %Y}.",
    )
    return True


def referrals_close_for_request(*, rfa: AssistanceRequest, actor: User | None) -> int:
    """Close the running HCT procedure of a cancelled request (inside the cancelling transaction)."""
    running = HctReferral.objects.select_for_update(of=("self",)).filter(request=rfa)
    closed = 0
    for referral in running.exclude(state=HctReferral.State.CLOSED):
        _close(
            referral,
            actor=actor,
            rfa=rfa,
            verb="referral.close",
            comment=gettext_noop("The request was cancelled."),
        )
        closed += 1
    return closed


def _close(
    referral: HctReferral,
    *,
    actor: User | None,
    rfa: AssistanceRequest,
    verb: str,
    comment: str,
    audit_obj: AssistanceRequest | None = None,
) -> None:
    """Close a locked procedure through the table (a decision, a cancellation, or nothing left to adopt)."""
    move(
        machine=lifecycle.REFERRAL,
        obj=referral,
        action="close",
        actor=actor,
        operation=rfa.operation,
        verb=verb,
        audit_obj=audit_obj,
        comment=comment,
        fields={"closed_at": timezone.now()},
        data={"referral": referral.pk},
    )
