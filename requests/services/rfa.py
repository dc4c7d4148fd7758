"""Writes of requests for MCDA: one function per action, each atomic, row-locked and audited.

Nothing but services/base.py assigns a request's status; every move is checked against requests/lifecycle.py.
"""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import ConcurrentChange, TransitionNotAllowed
from cmcoord.limits import MAX_LEGS
from cmcoord.models import Operation, Organization, User
from cmcoord.services import audit_record, ensure_operation_open

from .. import lifecycle, permissions, selectors
from ..models import (
    AssessmentAnswer,
    AssistanceRequest,
    HctReferral,
    Meeting,
    ReferenceCounter,
    RequestAttachment,
    RequestComment,
    RequestLeg,
)
from . import hct, meetings, tasking
from .base import lock_request, require, transition, transition_check

# The fields of a request that its creator fills in (and that "copy as new" carries over).
REQUEST_FIELDS = [
    "title",
    "requesting_officer",
    "endorsing_cluster",
    "capability",
    "assistance_type",
    "description",
    "required_by",
    "latest_acceptable",
    "duration_days",
    "passengers",
    "cargo_description",
    "cargo_weight_kg",
    "cargo_volume_m3",
    "dangerous_goods",
    "priority",
    "exit_plan",
    "site_contact",
    "site_contact_phone",
]
LEG_FIELDS = ["from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon"]


def _next_reference(operation: Operation, year: int) -> tuple[int, str]:
    """The next number of the operation's year, from a counter row locked until the transaction ends.

    The counter moves in the same transaction as the request it numbers, so a rolled-back creation gives its
    number back: references stay gap-free and unique however many people create at once.
    """
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(operation=operation, year=year, last=0)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(operation=operation, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last, f"{operation.code}-{year}-{counter.last:04d}"


def _validate(rfa: AssistanceRequest, legs: list[dict]) -> None:
    # First, before any leg is looked at: one person's 50,000 legs must not hold a worker.
    if len(legs) > MAX_LEGS:
        raise ValidationError(
            {"legs": _("A request has at most %(count)d legs.") % {"count": MAX_LEGS}}, code="too_many_legs"
        )
    rfa.full_clean(exclude=["reference", "number", "operation", "created_by", "organization"])
    if not legs:
        raise ValidationError({"legs": _("Give at least one leg: where from and where to.")}, code="no_legs")
    for leg in legs:
        RequestLeg(request=rfa, **{f: leg.get(f) for f in LEG_FIELDS}).full_clean(exclude=["request"])


def _write_legs(rfa: AssistanceRequest, legs: list[dict]) -> None:
    rfa.legs.all().delete()
    RequestLeg.objects.bulk_create(
        [RequestLeg(request=rfa, order=i, **{f: leg[f] for f in LEG_FIELDS}) for i, leg in enumerate(legs, 1)]
    )


@transaction.atomic
def request_create(
    *,
    operation: Operation,
    actor: User,
    organization: Organization,
    data: dict[str, Any],
    legs: list[dict[str, Any]],
) -> AssistanceRequest:
    """Log a new request as a draft, with the next reference of the operation and year."""
    require(
        permissions.can_create(actor, operation), _("Your role cannot create requests."), "role_not_allowed"
    )
    require(
        permissions.organizations_for_create(actor, operation).filter(pk=organization.pk).exists(),
        _("You cannot request for this organisation."),
        "not_your_organisation",
    )
    rfa = AssistanceRequest(
        operation=operation,
        organization=organization,
        created_by=actor,
        **{f: data[f] for f in REQUEST_FIELDS if f in data},
    )
    if not rfa.requesting_officer:
        rfa.requesting_officer = actor.get_full_name() or actor.username
    _validate(rfa, legs)
    rfa.number, rfa.reference = _next_reference(operation, timezone.now().year)
    rfa.save()
    _write_legs(rfa, legs)
    audit_record(actor=actor, operation=operation, obj=rfa, verb="request.create", to_state=rfa.status)
    return rfa


@transaction.atomic
def request_update(
    *, rfa: AssistanceRequest, actor: User, data: dict[str, Any], legs: list[dict[str, Any]] | None = None
) -> AssistanceRequest:
    """Change the facts of a draft or returned request (and, when given, replace its legs)."""
    locked = lock_request(rfa)
    require(
        permissions.can_edit(actor, locked),
        _("You cannot edit this request now (its status is “%(status)s”).")
        % {"status": locked.get_status_display()},
        "not_editable",
    )
    changed = []
    for field in REQUEST_FIELDS:
        if field in data and getattr(locked, field) != data[field]:
            setattr(locked, field, data[field])
            changed.append(field)
    current_legs = [{f: getattr(leg, f) for f in LEG_FIELDS} for leg in locked.legs.all()]
    new_legs = legs if legs is not None else current_legs
    _validate(locked, new_legs)
    if legs is not None and _normalise(legs) != _normalise(current_legs):
        _write_legs(locked, legs)
        changed.append("legs")
    if changed:
        locked.updated_at = timezone.now()
        locked.save(update_fields=[f for f in changed if f != "legs"] + ["updated_at"])
        audit_record(
            actor=actor,
            operation=locked.operation,
            obj=locked,
            verb="request.update",
            data={"fields": changed},
        )
    return locked


def _normalise(legs: Iterable[dict]) -> list[tuple]:
    def value(v):
        return Decimal(str(v)).quantize(Decimal("0.00001")) if isinstance(v, float | int | Decimal) else v

    return [tuple(value(leg.get(f)) for f in LEG_FIELDS) for leg in legs]


@transaction.atomic
def request_copy(*, rfa: AssistanceRequest, actor: User) -> AssistanceRequest:
    """Copy as new: a new draft with the same facts and legs (not the assessment, not the attachments)."""
    require(permissions.can_copy(actor, rfa), _("You cannot copy this request."), "role_not_allowed")
    source = AssistanceRequest.objects.get(pk=rfa.pk)
    legs = [{f: getattr(leg, f) for f in LEG_FIELDS} for leg in source.legs.all()]
    copy = request_create(
        operation=source.operation,
        actor=actor,
        organization=source.organization,
        data={f: getattr(source, f) for f in REQUEST_FIELDS},
        legs=legs,
    )
    copy.copied_from = source
    copy.save(update_fields=["copied_from"])
    audit_record(
        actor=actor,
        operation=source.operation,
        obj=copy,
        verb="request.copy",
        comment=f"Copied from {source.reference}.",
        data={"copied_from": source.reference},
    )
    return copy


@transaction.atomic
def assessment_save(*, rfa: AssistanceRequest, actor: User, answers: list[dict[str, Any]]) -> int:
    """Record answers (criterion_version, answer, justification) of the last-resort assessment.

    An answer that is unchanged keeps the wording it was given under; a changed answer takes the wording the
    user saw (the criterion_version passed in). Returns the number of answers changed.
    """
    locked = lock_request(rfa)
    require(
        permissions.can_assess(actor, locked),
        _("You cannot change the assessment of this request now (its status is “%(status)s”).")
        % {"status": locked.get_status_display()},
        "not_assessable",
    )
    existing = {a.criterion_code: a for a in locked.answers.all()}
    changed = []
    for item in answers:
        version = item["criterion_version"]
        code = version.criterion.code
        answer, justification = item["answer"], item["justification"].strip()
        if answer not in AssessmentAnswer.Answer.values or not justification:
            raise ValidationError({code: _("Give an answer and a justification.")}, code="incomplete_answer")
        row = existing.get(code)
        if row and (row.answer, row.justification) == (answer, justification):
            continue
        if row is None:
            row = AssessmentAnswer(request=locked, criterion_code=code)
        row.criterion_version = version
        row.answer, row.justification = answer, justification
        row.answered_by, row.answered_at = actor, timezone.now()
        row.save()
        changed.append({"criterion": code, "answer": answer, "version": version.version})
    if changed:
        audit_record(
            actor=actor,
            operation=locked.operation,
            obj=locked,
            verb="request.assess",
            data={"answers": changed},
        )
    return len(changed)


@transaction.atomic
def request_log(
    *,
    operation: Operation,
    actor: User,
    organization: Organization,
    data: dict[str, Any],
    legs: list[dict[str, Any]],
    answers: list[dict[str, Any]],
    submit: bool,
) -> AssistanceRequest:
    """Log a request from one page: the draft, its assessment answers and, if asked, its submission, all or
    nothing (a refused submission saves nothing: the page shows why, with everything typed)."""
    rfa = request_create(operation=operation, actor=actor, organization=organization, data=data, legs=legs)
    if answers:
        assessment_save(rfa=rfa, actor=actor, answers=answers)
    if submit:
        rfa = request_submit(rfa=rfa, actor=actor)
    return rfa


def _stamp_submitted(rfa: AssistanceRequest) -> list[str]:
    rfa.submitted_at = timezone.now()
    return ["submitted_at"]


def _stamp_put_to_hct(rfa: AssistanceRequest) -> list[str]:
    if rfa.put_to_hct_at is None:
        rfa.put_to_hct_at = timezone.now()
        return ["put_to_hct_at"]
    return []


def request_submit(
    *, rfa: AssistanceRequest, actor: User, comment: str = "", expected_status: str | None = None
) -> AssistanceRequest:
    """Submit a draft or returned request to the CMCoord officers."""
    return transition(
        action="submit",
        rfa=rfa,
        actor=actor,
        comment=comment,
        expected_status=expected_status,
        stamp=_stamp_submitted,
    )


def request_start_review(
    *, rfa: AssistanceRequest, actor: User, comment: str = "", expected_status: str | None = None
) -> AssistanceRequest:
    """A CMCoord officer takes a submitted request under review."""
    return transition(
        action="start_review", rfa=rfa, actor=actor, comment=comment, expected_status=expected_status
    )


def request_return_to_requester(
    *, rfa: AssistanceRequest, actor: User, comment: str, expected_status: str | None = None
) -> AssistanceRequest:
    """Send a request back to its requester for more information (say what is missing)."""
    return transition(
        action="return_to_requester", rfa=rfa, actor=actor, comment=comment, expected_status=expected_status
    )


def request_put_to_hct(
    *,
    rfa: AssistanceRequest,
    actor: User,
    comment: str = "",
    expected_status: str | None = None,
    procedure: str = "meeting",
    deadline=None,
    proposal: dict[str, Any] | None = None,
    meeting: Meeting | None = None,
) -> AssistanceRequest:
    """Put a reviewed request, its assessment complete, to the HCT for decision: at a meeting (on the agenda
    of `meeting`, or of none yet), or by written procedure with a deadline and a proposal (the procedure is
    opened in the same transaction).
    """
    with transaction.atomic():
        # The move is checked before the procedure is written: a refused move writes nothing.
        locked = transition_check(
            action="put_to_hct", rfa=rfa, actor=actor, comment=comment, expected_status=expected_status
        )
        if selectors.running_referral(locked, lock=True) is not None:
            raise ConcurrentChange(PROCEDURE_RUNNING, code="procedure_running")
        try:
            with transaction.atomic():
                referral = hct.referral_open(
                    rfa=locked,
                    actor=actor,
                    procedure=procedure,
                    deadline=deadline,
                    proposal=proposal,
                    audit=False,
                    meeting=meeting,
                )
        except IntegrityError:
            # Opened by another between the check and the insert (referral_one_running_per_request).
            raise ConcurrentChange(PROCEDURE_RUNNING, code="procedure_running") from None
        moved = transition(
            action="put_to_hct",
            rfa=rfa,
            actor=actor,
            comment=comment,
            expected_status=expected_status,
            stamp=_stamp_put_to_hct,
            data=referral.audit_data(),
        )
    return moved


PROCEDURE_RUNNING = _(
    "An HCT procedure of this request is still running: nothing was done. Look at the request again."
)


def refer_to_hct(
    *,
    rfa: AssistanceRequest,
    actor: User,
    procedure: str,
    deadline=None,
    proposal: dict[str, Any] | None = None,
    comment: str = "",
    expected_status: str | None = None,
    meeting: Meeting | None = None,
    new_meeting: dict[str, Any] | None = None,
) -> None:
    """The one service of "put to the HCT", for pages and the API: a reviewed request goes to the HCT; one
    still with the HCT after a deferral gets a new procedure (meeting or written). At a meeting: on the
    agenda of `meeting`, or of a meeting scheduled in the same transaction (`new_meeting`: starts_at, place,
    call_link), or of none yet."""
    with transaction.atomic():
        if procedure == HctReferral.Procedure.MEETING and meeting is None and new_meeting:
            meeting = meetings.meeting_schedule(operation=rfa.operation, actor=actor, **new_meeting)
        if permissions.can_put_to_hct(actor, rfa):
            request_put_to_hct(
                rfa=rfa,
                actor=actor,
                comment=comment,
                expected_status=expected_status,
                procedure=procedure,
                deadline=deadline,
                proposal=proposal,
                meeting=meeting,
            )
        else:
            hct.referral_restart(
                rfa=rfa,
                actor=actor,
                procedure=procedure,
                deadline=deadline,
                proposal=proposal,
                meeting=meeting,
            )


def request_withdraw(
    *,
    rfa: AssistanceRequest,
    actor: User,
    reason: str = "",
    comment: str = "",
    expected_status: str | None = None,
) -> AssistanceRequest:
    """The requesting organisation withdraws its request before it reaches the HCT, saying why (a civilian
    means found is what the dashboard counts)."""

    def _stamp_reason(locked: AssistanceRequest) -> list[str]:
        # After the move is checked (who may withdraw is told first), before anything is written.
        if reason not in AssistanceRequest.WithdrawalReason.values:
            raise TransitionNotAllowed(
                _("Say why the request is withdrawn: choose a reason. Nothing was done."),
                code="reason_required",
            )
        locked.withdrawal_reason = reason
        return ["withdrawal_reason"]

    return transition(
        action="withdraw",
        rfa=rfa,
        actor=actor,
        comment=comment,
        expected_status=expected_status,
        stamp=_stamp_reason,
        data={"reason": reason},
    )


def request_cancel(
    *, rfa: AssistanceRequest, actor: User, comment: str, expected_status: str | None = None
) -> AssistanceRequest:
    """A CMCoord officer cancels an open request, giving the reason (its HCT procedure and task stop too)."""
    with transaction.atomic():
        moved = transition(
            action="cancel", rfa=rfa, actor=actor, comment=comment, expected_status=expected_status
        )
        hct.referrals_close_for_request(rfa=moved, actor=actor)
        tasking.tasks_cancel_for_request(rfa=moved, actor=actor, reason=comment)
    return moved


# The lifecycle actions taken on the request's page (the HCT decision and tasking have their own records).
TRANSITION_SERVICES: dict[str, Callable[..., AssistanceRequest]] = {
    "submit": request_submit,
    "start_review": request_start_review,
    "return_to_requester": request_return_to_requester,
    "put_to_hct": request_put_to_hct,
    "withdraw": request_withdraw,
    "cancel": request_cancel,
}
assert set(TRANSITION_SERVICES) == {a.name for a in lifecycle.ACTIONS.values() if a.on_request_page}


def request_act(
    *,
    action: str,
    rfa: AssistanceRequest,
    actor: User,
    comment: str = "",
    expected_status: str | None = None,
    reason: str = "",
) -> AssistanceRequest:
    """Dispatch a lifecycle action by name to its service (pages and the API post the action's name); the
    reason goes to the actions that ask for one (withdraw)."""
    service = TRANSITION_SERVICES.get(action)
    if service is None:
        raise TransitionNotAllowed(f"“{action}” cannot be taken here.", code="unknown_action")
    extra = {"reason": reason} if lifecycle.ACTIONS[action].asks_reason else {}
    return service(rfa=rfa, actor=actor, comment=comment, expected_status=expected_status, **extra)


@transaction.atomic
def comment_add(*, rfa: AssistanceRequest, actor: User, text: str) -> RequestComment:
    """Post an internal (humanitarian-only) comment on a request; audited."""
    require(permissions.can_comment(actor, rfa), _("Your role cannot comment here."), "role_not_allowed")
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")}, code="required")
    comment = RequestComment.objects.create(request=rfa, author=actor, text=text)
    audit_record(
        actor=actor,
        operation=rfa.operation,
        obj=rfa,
        verb="request.comment",
        data={"comment": comment.pk},
    )
    return comment


@transaction.atomic
def attachment_add(*, rfa: AssistanceRequest, actor: User, file) -> RequestAttachment:
    """Attach a file (validated for size and type) to a request; audited."""
    locked = lock_request(rfa)
    ensure_operation_open(locked.operation_id)  # before the file is stored: a refusal leaves no file behind
    require(
        permissions.can_attach(actor, locked), _("You cannot attach files to this request."), "not_editable"
    )
    attachment = RequestAttachment(
        request=locked, file=file, name=file.name[:255], size=file.size, uploaded_by=actor
    )
    attachment.full_clean(exclude=["request", "uploaded_by"])
    attachment.save()
    audit_record(
        actor=actor,
        operation=locked.operation,
        obj=locked,
        verb="request.attach",
        data={"attachment": attachment.pk, "name": attachment.name, "size": attachment.size},
    )
    return attachment
