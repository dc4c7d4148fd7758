"""Reads of requests for MCDA: querysets already filtered to what the user may see."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from cmcoord.models import AuditEvent
from cmcoord.selectors import events_for_object
from guidelines.models import CriterionVersion
from guidelines.selectors import criteria_for_operation

from .models import AssessmentAnswer, AssistanceRequest, RequestComment, RequestLeg
from .permissions import visible_requests

PRIORITY_ORDER = Case(
    *[When(priority=key, then=Value(rank)) for key, rank in AssistanceRequest.PRIORITY_RANK.items()],
    output_field=IntegerField(),
)


def requests_for_user(user, operation) -> QuerySet[AssistanceRequest]:
    """The operation's requests the user may see, with what a list row shows (constant query count)."""
    return (
        visible_requests(user, operation)
        .select_related("organization", "operation")
        .prefetch_related(Prefetch("legs", queryset=RequestLeg.objects.order_by("order")))
        .annotate(priority_rank=PRIORITY_ORDER)
    )


def requests_waiting(user, operation, statuses, *, organization_only: bool = False, limit: int = 10):
    """Open requests of the given statuses the user may see, oldest first (home-page panels)."""
    qs = visible_requests(user, operation).filter(status__in=statuses).select_related("organization")
    if organization_only:
        qs = qs.filter(organization_id=user.organization_id)
    return list(qs.order_by("updated_at", "pk")[:limit])


@dataclass
class AssessmentRow:
    """One criterion of a request's assessment: the wording shown and its answer (or None)."""

    version: CriterionVersion
    answer: AssessmentAnswer | None

    @property
    def code(self) -> str:
        return self.version.criterion.code

    @property
    def flagged(self) -> bool:
        """Not met or unclear: the HCT must look at it."""
        return self.answer is not None and self.answer.answer != AssessmentAnswer.Answer.MET


def assessment_rows(rfa: AssistanceRequest) -> list[AssessmentRow]:
    """The criteria of the request's assessment: answered ones in the wording they were answered under;
    unanswered ones in the current wording of the guidelines in force for the operation."""
    answers = {
        a.criterion_code: a
        for a in AssessmentAnswer.objects.filter(request=rfa).select_related(
            "criterion_version",
            "criterion_version__criterion",
            "criterion_version__criterion__guideline",
            "answered_by",
        )
    }
    rows = []
    seen = set()
    for version in criteria_for_operation(rfa.operation):
        code = version.criterion.code
        answer = answers.get(code)
        rows.append(AssessmentRow(version=answer.criterion_version if answer else version, answer=answer))
        seen.add(code)
    rows.extend(
        AssessmentRow(version=a.criterion_version, answer=a) for c, a in answers.items() if c not in seen
    )
    return rows


def unanswered_criteria(rfa: AssistanceRequest) -> list[CriterionVersion]:
    """The criteria in force for the operation that the request's assessment has not answered."""
    answered = set(AssessmentAnswer.objects.filter(request=rfa).values_list("criterion_code", flat=True))
    return [v for v in criteria_for_operation(rfa.operation) if v.criterion.code not in answered]


VERBS = {
    "request.create": "logged the request",
    "request.update": "edited the request",
    "request.copy": "created it as a copy",
    "request.assess": "answered the assessment",
    "request.comment": "posted an internal comment",
    "request.attach": "attached a file",
    "request.submit": "submitted",
    "request.start_review": "started the review",
    "request.return_to_requester": "returned it to the requester",
    "request.put_to_hct": "put it to the HCT",
    "request.withdraw": "withdrew it",
    "request.cancel": "cancelled it",
    "request.approve": "recorded the approval",
    "request.reject": "recorded the rejection",
    "request.defer": "recorded a deferral",
    "request.expire": "expired the approval (its validity ended)",
    "request.task": "tasked the military",
    "request.accept": "accepted the task",
    "request.decline": "declined the task",
    "request.start": "started the task",
    "request.complete": "reported the task complete",
    "hct.refer": "opened the HCT procedure",
    "hct.agree": "agreed (written procedure)",
    "hct.object": "objected (written procedure)",
    "hct.silence_broken": "broke silence: the matter goes to a meeting",
    "hct.adopted_by_silence": "adopted the proposal by silence",
    "hct.procedure_closed": "closed the HCT procedure",
    "task.report": "reported progress",
    "task.approval_expired": "flagged the task: its approval has expired",
}


def timeline(rfa: AssistanceRequest) -> QuerySet[AuditEvent]:
    """Every recorded move of the request, oldest first."""
    return events_for_object(rfa)


def timeline_entries(rfa: AssistanceRequest) -> list[dict]:
    """The timeline for people: who did what, from which status to which, and why."""
    label = dict(AssistanceRequest.Status.choices)
    return [
        {
            "event": e,
            "what": VERBS.get(e.verb, e.verb.replace("request.", "").replace("_", " ")),
            "from": label.get(e.from_state, e.from_state) if e.from_state != e.to_state else "",
            "to": label.get(e.to_state, e.to_state) if e.from_state != e.to_state else "",
        }
        for e in timeline(rfa)
    ]


def comments_for(rfa: AssistanceRequest) -> QuerySet[RequestComment]:
    """The internal comments of a request, oldest first (the caller checks can_read_comments)."""
    return rfa.comments.select_related("author", "author__organization").order_by("created_at", "pk")
