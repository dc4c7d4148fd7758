"""Reads of requests for MCDA: querysets already filtered to what the user may see."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cmcoord.models import AuditEvent, Operation, Role, User
from cmcoord.permissions import role_in, roles_by_operation
from cmcoord.registry import verb_label
from cmcoord.selectors import events_for_object
from guidelines.models import CriterionVersion
from guidelines.selectors import criteria_for_operation

from . import lifecycle
from .models import (
    ACTIVE_TASK_STATES,
    APPROVALS,
    PENDING_FIRST,
    AssessmentAnswer,
    AssistanceRequest,
    AssistanceType,
    ConditionsAcknowledgement,
    Decision,
    ExportJob,
    HctReferral,
    HctResponse,
    Meeting,
    RequestComment,
    RequestLeg,
    RequestSearch,
    Task,
    TaskReport,
)
from .permissions import (
    DELIBERATION_VERBS,
    FORCE_VISIBLE,
    can_see_deliberations,
    visible_meetings,
    visible_request_copies,
    visible_requests,
    visible_tasks,
)
from .search import NO_RANK, TOP_RANK, any_row, best_matches, may_be_misspelt

S = AssistanceRequest.Status

PRIORITY_ORDER = Case(
    *[When(priority=key, then=Value(rank)) for key, rank in AssistanceRequest.PRIORITY_RANK.items()],
    output_field=IntegerField(),
)


def requests_for_user(user: User, operation: Operation | None) -> QuerySet[AssistanceRequest]:
    """The operation's requests the user may see, with what a list row shows (constant query count)."""
    return (
        visible_requests(user, operation)
        .select_related("organization", "operation")
        .prefetch_related(Prefetch("legs", queryset=RequestLeg.objects.order_by("order")))
        .annotate(priority_rank=PRIORITY_ORDER)
    )


# How many of an operation's newest requests a page of a search's best matches is looked for among
# (SearchedRequests.best_page_sql): an index walk that stops at the page's end, and reads at most 20,000 rows
# (about 6 ms) before every match is ranked instead. A word in the titles of one request in seven fills its
# first hundred pages there.
BEST_AMONG_NEWEST = 20_000


@dataclass
class SearchedRequests:
    """A search of the request list on PostgreSQL (issue 15): the copies (models.search) the person may see,
    filtered, searched and sorted, are counted and paged alone; then only the page's requests are read, with
    what a row shows. When the words find nothing and may be a misspelt place, `misspelt` (the places that
    look like them) is paged instead. cmcoord.paging.OnePassPaginator pages it.

    In the default order (search.rank_of, then newest), a page of the first rank is looked for among the
    operation's BEST_AMONG_NEWEST newest copies (`best`: every filter but the search, and the first rank's
    condition), beside the count: a word found in a third of 100,000 requests is counted, not ranked (a
    quarter of the work). Any other page counts, ranks and pages every match in one query (page_sql)."""

    copies: QuerySet
    requests: QuerySet
    # Built when the words found nothing: it asks which names of places look like the value (one query).
    misspelt: Callable[[], QuerySet] | None = None
    best: QuerySet | None = None
    operation_id: int | None = None  # of `best`: the newest copies of one operation are walked by an index
    newest_first: bool = False  # within a rank (no sort chosen): the misspelt places are paged as `best` is
    ordered = True

    def count(self) -> int:
        found = self.copies.count()
        if found == 0 and self.misspelt is not None:
            return self.misspelt().count()
        return found

    def page_sql(self, copies: QuerySet, offset: int, limit: int) -> tuple[str, list]:
        """SQL answering (pk, search_rank, …sort keys, count) for rows offset… of `copies`.

        The matches, with their rank and sort keys only, are kept once (a materialised CTE of small rows: 1 MB
        for 31,000 matches) and read twice, to count them and to pick the page; counting and ranking them in
        two queries read the copies' wide rows twice, and a window count beside the rank kept each match whole
        (its search vector with it) and spilled to disk. A sort the person chose ranks nothing (NULL)."""
        names = [str(name) for name in copies.query.order_by]  # the filter orders by names only
        order = [(name.lstrip("-"), name.startswith("-")) for name in names]
        ranked = "search_rank" in dict(order)
        ranks = ["search_rank"] if ranked else []
        columns = list(dict.fromkeys(["pk", *ranks, *(name for name, _desc in order)]))
        # Each column of the CTE is named as asked for (Django aliases them: "pk", "search_rank", …).
        sql, params = copies.order_by().values_list(*columns).query.sql_with_params()
        keys = ", ".join(f'"{name}" {"DESC" if desc else "ASC"}' for name, desc in order)
        rank = '"search_rank"' if ranked else "NULL"
        return (
            # Django's compiled query and the names of the sorts (requests.filters.SORTS), never a person's
            f'WITH matches AS MATERIALIZED ({sql}) SELECT "pk", {rank}, (SELECT count(*) FROM matches) '  # noqa: S608
            f"FROM matches ORDER BY {keys} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )

    def best_page_sql(self, copies: QuerySet, best: QuerySet, offset: int, limit: int) -> tuple[str, list]:
        """SQL answering (count, pk) for rows offset… of `best` (the first rank of `copies`) among the
        operation's BEST_AMONG_NEWEST newest copies, newest first, and the count of `copies`: one row
        (count, NULL) when there are none. Within the page's subquery, a CTE of the table's own name stands
        for the table: the filters and the first rank's condition read only those copies, which an index walks
        newest first, and stop at the page's end; not at all when the count ends before the page."""
        assert self.operation_id is not None
        table = connections[copies.db].ops.quote_name(RequestSearch._meta.db_table)
        count_sql, count_params = copies.order_by().values("pk").query.sql_with_params()
        page = best.order_by("-created_at", "-pk").values_list("pk")[offset : offset + limit]
        page_sql, page_params = page.query.sql_with_params()
        return (
            # Django's compiled queries and the table's quoted name, never a person's words
            f"SELECT found.n, page.pk FROM (SELECT count(*) AS n FROM ({count_sql}) c) found "  # noqa: S608
            "LEFT JOIN LATERAL (SELECT * FROM "
            f"(WITH {table} AS (SELECT * FROM {table} WHERE operation_id = %s "
            f"ORDER BY created_at DESC, request_id DESC LIMIT %s) {page_sql}) best (pk) "
            "WHERE found.n > %s OFFSET 0) page ON true",  # OFFSET 0: a one-time filter, not a join filter
            [*count_params, self.operation_id, BEST_AMONG_NEWEST, *page_params, offset],
        )

    def page_and_count(self, offset: int, limit: int) -> tuple[list[AssistanceRequest], int | None]:
        """The requests of rows offset… of the list, in its order, and their count (None when not known:
        past the end)."""
        rows, count = self._page(self.copies, self.best, offset, limit, TOP_RANK)
        # Nothing at this offset: the words found nothing (then the places that look like them), or the page
        # is past their end.
        nothing = count == 0 or (count is None and not any_row(self.copies))
        if not rows and self.misspelt is not None and nothing:
            # Not ranked: every match is of the first rank, newest first.
            misspelt = self.misspelt()
            best = misspelt if self.newest_first else None
            rows, count = self._page(misspelt, best, offset, limit, NO_RANK.value)
        found = self.requests.in_bulk([pk for pk, _rank in rows])
        page = []
        for pk, rank in rows:
            if pk in found:  # deleted since (a draft): the page is one row short, never wrong
                found[pk].search_rank = rank
                page.append(found[pk])
        return page, count

    def _page(
        self, copies: QuerySet, best: QuerySet | None, offset: int, limit: int, rank: float
    ) -> tuple[list[tuple], int | None]:
        """(pk, search_rank) of rows offset… of `copies`, and their count: from the first rank among the
        newest when it gives the page, else by ranking every match."""
        if best is not None and self.operation_id is not None:
            try:
                sql, params = self.best_page_sql(copies, best, offset, limit)
            except EmptyResultSet:  # a person who may see no request: no query at all
                return [], 0
            with connections[copies.db].cursor() as cursor:
                cursor.execute(sql, params)
                found = cursor.fetchall()
            count, pks = found[0][0], [pk for _count, pk in found if pk is not None]
            # The page is whole, or the matches end on it (or before it): it is the list's page.
            if len(pks) == limit or offset + len(pks) >= count:
                return [(pk, rank) for pk in pks], count
        return self._rows(copies, offset, limit)

    def _rows(self, copies: QuerySet, offset: int, limit: int) -> tuple[list[tuple], int | None]:
        """(pk, search_rank) of rows offset… of `copies`, and their count (None past the end)."""
        try:
            sql, params = self.page_sql(copies, offset, limit)
        except EmptyResultSet:  # a person who may see no request: no query at all
            return [], None
        with connections[copies.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [(pk, rank) for pk, rank, _count in rows], (rows[0][2] if rows else None)


def listed_requests(user: User, operation: Operation | None, filterset) -> QuerySet | SearchedRequests:
    """The rows of the request list (page and API) that `filterset` (a RequestFilter over
    requests_for_user(user, operation)) chose: a search on PostgreSQL reads the copies (SearchedRequests),
    anything else the filterset's queryset."""
    if filterset.is_bound:
        filterset.form.is_valid()  # cleaned_data: the valid filters, as the filterset applies them
    cleaned = getattr(filterset.form, "cleaned_data", {})
    searched = (cleaned.get("q") or "").strip()
    if not searched or connections[filterset.queryset.db].vendor != "postgresql":
        return filterset.qs

    copies = visible_request_copies(user, operation).annotate(priority_rank=PRIORITY_ORDER)
    # In the default order, the first rank among the newest copies of one operation: the page's, the one the
    # API asks for, or the only one the person is a member of.
    operation_id = operation.pk if operation is not None else cleaned.get("operation")
    if operation_id is None and len(memberships := roles_by_operation(user)) == 1:
        operation_id = next(iter(memberships))
    best = best_matches(searched) if not cleaned.get("sort") else None
    return SearchedRequests(
        copies=filterset.rows_of(copies, misspelt=False),
        requests=requests_for_user(user, operation),
        misspelt=partial(filterset.rows_of, copies, misspelt=True) if may_be_misspelt(searched) else None,
        best=(
            filterset.rows_of(copies, searched=False).filter(best)
            if best is not None and operation_id is not None
            else None
        ),
        operation_id=int(operation_id) if operation_id is not None else None,
        newest_first=not cleaned.get("sort"),
    )


def requests_waiting(
    user: User, operation: Operation, statuses, *, organization_only: bool = False, limit: int = 10
):
    """Open requests of the given statuses the user may see, oldest first (home-page panels)."""
    qs = visible_requests(user, operation).filter(status__in=statuses).select_related("organization")
    if organization_only:
        if user.organization_id is None:
            return []
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


def new_assessment_rows(operation) -> list[AssessmentRow]:
    """The criteria a new request of the operation answers, unanswered, in the current wording."""
    return [AssessmentRow(version=version, answer=None) for version in criteria_for_operation(operation)]


FLAGGED_ANSWERS = (AssessmentAnswer.Answer.NOT_MET, AssessmentAnswer.Answer.UNCLEAR)


def flagged_first(rows: list[AssessmentRow]) -> list[AssessmentRow]:
    """The rows with the criteria answered "not met" or "unclear" first (the HCT must look at them)."""
    return [r for r in rows if r.flagged] + [r for r in rows if not r.flagged]


def flagged_answers(rfa: AssistanceRequest) -> list[AssessmentAnswer]:
    """The request's answers "not met" or "unclear", in the order of the criteria."""
    return list(
        AssessmentAnswer.objects.filter(request=rfa, answer__in=FLAGGED_ANSWERS)
        .select_related("criterion_version", "criterion_version__criterion")
        .order_by("criterion_version__criterion__number", "pk")
    )


def unanswered_criteria(rfa: AssistanceRequest) -> list[CriterionVersion]:
    """The criteria in force for the operation that the request's assessment has not answered."""
    answered = set(AssessmentAnswer.objects.filter(request=rfa).values_list("criterion_code", flat=True))
    return [v for v in criteria_for_operation(rfa.operation) if v.criterion.code not in answered]


def timeline(rfa: AssistanceRequest) -> QuerySet[AuditEvent]:
    """Every recorded move of the request, oldest first."""
    return events_for_object(rfa)


def timeline_for(user: User, rfa: AssistanceRequest) -> QuerySet[AuditEvent]:
    """The timeline as the user may read it: without the HCT's deliberations unless they take part in them."""
    events = timeline(rfa)
    return events if can_see_deliberations(user, rfa) else events.exclude(verb__in=DELIBERATION_VERBS)


def timeline_entries(user: User, rfa: AssistanceRequest) -> list[dict]:
    """The timeline for people: who did what, from which status to which (of the request), and why."""
    label = dict(AssistanceRequest.Status.choices)
    entries = []
    for e in timeline_for(user, rfa):
        # Only the request's own moves show a status change; an HCT procedure's state is told by its verb.
        moved = e.verb.startswith("request.") and e.from_state != e.to_state
        entries.append(
            {
                "event": e,
                "what": verb_label(e.verb),
                "from": label.get(e.from_state, e.from_state) if moved else "",
                "to": label.get(e.to_state, e.to_state) if moved else "",
            }
        )
    return entries


def comments_for(rfa: AssistanceRequest) -> QuerySet[RequestComment]:
    """The internal comments of a request, oldest first (the caller checks can_read_comments)."""
    return rfa.comments.select_related("author", "author__organization").order_by("created_at", "pk")


# The HCT decision and the tasks of the military.


def running_referral(rfa: AssistanceRequest, *, lock: bool = False) -> HctReferral | None:
    """The request's HCT procedure still running (open, or with silence broken), if any."""
    qs = HctReferral.objects.filter(request=rfa).exclude(state=HctReferral.State.CLOSED)
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.order_by("-opened_at", "-pk").first()


def direct_assistance_warned(rfa: AssistanceRequest) -> bool:
    """Direct assistance by the military in a complex emergency (or a mixed context): the MCDA Guidelines
    forbid it but in the most exceptional case, so the pages warn, the HCT is told why, the HC confirms."""
    return rfa.assistance_type == AssistanceType.DIRECT and rfa.operation.context in (
        Operation.Context.COMPLEX_EMERGENCY,
        Operation.Context.MIXED,
    )


def current_decision(rfa: AssistanceRequest) -> Decision | None:
    """The request's decision in force: the last one, which nothing superseded."""
    return rfa.decisions.filter(superseded_by__isnull=True).order_by("-created_at", "-pk").first()


def acknowledgement_due(task: Task, decision: Decision | None | bool = False) -> Decision | None:
    """The decision in force the force must acknowledge before its next report: an approval recorded after
    the one the force accepted the task under (a renewal or an amendment) that none of its liaison officers
    acknowledged. Accepting acknowledges the approval then in force (services/tasking.task_accept); a task
    accepted before acknowledgements were recorded compares the dates. `decision`: the decision in force
    when the caller has read it already."""
    if task.status not in (Task.Status.ACCEPTED, Task.Status.IN_PROGRESS) or task.accepted_at is None:
        return None
    if decision is False:
        decision = current_decision(task.request)
    assert not isinstance(decision, bool)
    if decision is None or not decision.is_approval:
        return None
    last = ConditionsAcknowledgement.objects.filter(task=task).order_by("-decision_id").first()
    return acknowledgement_due_after(task, decision, last.decision_id if last else None)


def acknowledgement_due_after(
    task: Task, decision: Decision | None, last_acknowledged: int | None
) -> Decision | None:
    """acknowledgement_due() from what a list has read already: the decision in force and the greatest
    decision key the force acknowledged on the task (None if none), so a list asks no query per row."""
    if task.status not in (Task.Status.ACCEPTED, Task.Status.IN_PROGRESS) or task.accepted_at is None:
        return None
    if decision is None or not decision.is_approval:
        return None
    if last_acknowledged is not None:
        # Decisions supersede one another in the order they are written: a newer one has a greater key.
        return decision if decision.pk > last_acknowledged else None
    return decision if decision.created_at > task.accepted_at else None


def approval_expired_for(task: Task, decision: Decision | None | bool = False) -> Decision | None:
    """The approval a running task works under, when its validity has ended (None while it is valid).
    `decision`: the decision in force when the caller has read it already."""
    if task.status not in ACTIVE_TASK_STATES:
        return None
    if decision is False:
        decision = current_decision(task.request)
    assert not isinstance(decision, bool)
    if decision is None or decision.valid_until is None or decision.valid_until >= timezone.localdate():
        return None
    return decision


def decisions_for(rfa: AssistanceRequest) -> list:
    """Every decision on the request, newest first, with who decided and what they relied on (the caller
    checks the user may see the request's deliberations)."""
    return list(
        Decision.objects.filter(request=rfa)
        .select_related("decided_by", "on_behalf_of", "supersedes", "meeting")
        .prefetch_related("guidelines", "present")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class ReferralResponses:
    """The request's running HCT procedure and its responses so far (for the pages that show them)."""

    referral: HctReferral
    responses: list[HctResponse]


def referral_with_responses(rfa: AssistanceRequest) -> ReferralResponses | None:
    """The request's running HCT procedure with its responses so far (or None)."""
    referral = running_referral(rfa)
    if referral is None:
        return None
    responses = list(
        referral.responses.select_related("member", "member__organization").order_by("responded_at")
    )
    return ReferralResponses(referral, responses)


def referrals_waiting_for(user: User, operation: Operation, *, limit: int | None = None) -> list:
    """Written procedures of the operation still open before their deadline, which the user (an HCT member)
    has not answered yet; the nearest deadline first."""
    qs = referrals_waiting_qs(user, operation)
    return list(qs[:limit] if limit else qs)


def referrals_waiting_qs(user: User, operation: Operation) -> QuerySet[HctReferral]:
    """referrals_waiting_for as a queryset, for the paginated and filtered page."""
    if role_in(user, operation) != Role.HCT_MEMBER:
        return HctReferral.objects.none()
    answered = HctResponse.objects.filter(referral=OuterRef("pk"), member=user)
    qs = (
        HctReferral.objects.filter(
            request__in=visible_requests(user, operation),
            procedure=HctReferral.Procedure.WRITTEN,
            state=HctReferral.State.OPEN,
            deadline__gt=timezone.now(),
        )
        .exclude(Exists(answered))
        .select_related("request", "request__organization")
        .order_by("deadline", "pk")
    )
    return qs


def _responses_counted(position: str) -> Coalesce:
    counted = (
        HctResponse.objects.filter(referral=OuterRef("pk"), position=position)
        .order_by()
        .values("referral")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def referrals_running(user: User, operation: Operation) -> QuerySet[HctReferral]:
    """The HCT procedures of the operation awaiting a decision (open, or objected and waiting for a meeting),
    with the number of agreements and objections so far; the nearest deadline first. For the HC."""
    return (
        HctReferral.objects.filter(
            request__in=visible_requests(user, operation),
            state__in=[HctReferral.State.OPEN, HctReferral.State.OBJECTED],
        )
        # Counted per row of the page (subqueries), not by grouping every procedure before the page's LIMIT.
        .annotate(
            agreed=_responses_counted(HctResponse.Position.AGREE),
            objected=_responses_counted(HctResponse.Position.OBJECT),
        )
        .select_related("request", "request__organization")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def tasks_for_request(rfa: AssistanceRequest) -> list:
    """The tasks of a request, newest first (humanitarian pages: the caller checks the request is visible)."""
    return list(
        rfa.tasks.select_related("force", "tasked_by")
        .prefetch_related("reports__by")
        .order_by("-tasked_at", "-pk")
    )


def tasks_for_user(user: User, operation: Operation):
    """The tasks the user may see in the operation, with the shareable facts a list row shows (a constant
    number of queries): waiting for acceptance first, then the newest."""
    in_force = Decision.objects.filter(superseded_by__isnull=True).order_by("-created_at")
    return (
        visible_tasks(user, operation)
        # For acknowledgement_due_after(): a subquery of the same query (index
        # acknowledgement_one_per_decision).
        .annotate(
            last_acknowledged=Subquery(
                ConditionsAcknowledgement.objects.filter(task=OuterRef("pk"))
                .order_by("-decision_id")
                .values("decision_id")[:1]
            )
        )
        .select_related("request", "force")
        .prefetch_related(
            Prefetch("request__legs", queryset=RequestLeg.objects.order_by("order")),
            Prefetch("request__decisions", queryset=in_force, to_attr="decisions_in_force"),
        )
        # The order of index task_force_pending_tasked (the same expression, so no sort).
        .order_by(PENDING_FIRST.asc(), "-tasked_at", "-pk")
    )


class ForceView(dict):
    """What a force may see of a record: the fields permissions.FORCE_VISIBLE names (a choice also by its
    label, `<field>_label`), nothing else. Templates read it like the model (`view.title`)."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def force_view(obj) -> ForceView:
    values = {}
    for field in FORCE_VISIBLE[type(obj)]:
        value = getattr(obj, field)
        values[field] = value
        choices = obj._meta.get_field(field).flatchoices
        if choices:
            values[f"{field}_label"] = dict(choices).get(value, value)
    return ForceView(values)


@dataclass(frozen=True)
class TaskPage:
    """One task with what its page shows. The request is seen as its force sees it (force_view), whoever
    reads the page: the page shows the force's task, humanitarian readers follow `request_url` for more."""

    task: Task
    request: ForceView
    request_url: str
    legs: list[RequestLeg]
    approval: Decision | None
    expired_approval: Decision | None
    acknowledgement_due: Decision | None
    reports: list[TaskReport]


def task_detail(task: Task) -> TaskPage:
    """One task with what its page shows: the request's legs, the approval in force, the reports."""
    approval = current_decision(task.request)
    return TaskPage(
        task=task,
        request=force_view(task.request),
        request_url=task.request.get_absolute_url(),
        legs=list(task.request.legs.order_by("order")),
        approval=approval,
        expired_approval=approval_expired_for(task, approval),
        acknowledgement_due=acknowledgement_due(task, approval),
        reports=list(task.reports.select_related("by").order_by("at", "pk")),
    )


# What the periodic sweeps (requests/tasks.py) and the reminders act on: never in a closed operation, a
# read-only archive (its writes would be refused; its people are not reminded of anything).
RUNNING = Operation.Status.ACTIVE


def due_written_procedures() -> list[int]:
    """Written procedures still open whose deadline has passed (uses index referral_open_written_deadline)."""
    return list(
        HctReferral.objects.filter(
            state=HctReferral.State.OPEN,
            procedure=HctReferral.Procedure.WRITTEN,
            deadline__lte=timezone.now(),
            request__operation__status=RUNNING,
        ).values_list("pk", flat=True)
    )


def approvals_past_validity() -> list[int]:
    """Requests approved (or declined by a force) whose approval in force ended before today."""
    return list(
        Decision.objects.filter(
            superseded_by__isnull=True,
            outcome__in=APPROVALS,
            valid_until__lt=timezone.localdate(),
            request__status__in=[S.APPROVED, S.DECLINED],
            request__operation__status=RUNNING,
        ).values_list("request_id", flat=True)
    )


def tasks_under_expired_approvals() -> list[int]:
    """Running tasks, not yet flagged, whose request's approval in force ended before today."""
    return list(
        Task.objects.filter(
            status__in=ACTIVE_TASK_STATES,
            approval_expired=False,
            request__decisions__superseded_by__isnull=True,
            request__decisions__outcome__in=["approved", "approved_with_conditions"],
            request__decisions__valid_until__lt=timezone.localdate(),
            request__operation__status=RUNNING,
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def acknowledgements_overdue(
    hours: float, now: datetime.datetime | None = None
) -> list[tuple[Task, Decision]]:
    """Running tasks whose force has not acknowledged, for more than `hours`, the renewed or amended approval
    in force (acknowledgement_due), with that approval; never in a closed operation."""
    now = now or timezone.now()
    candidates = (
        Task.objects.filter(
            status__in=(Task.Status.ACCEPTED, Task.Status.IN_PROGRESS),
            accepted_at__isnull=False,
            request__operation__status=RUNNING,
            request__decisions__superseded_by__isnull=True,
            request__decisions__outcome__in=APPROVALS,
            request__decisions__created_at__lte=now - datetime.timedelta(hours=hours),
            request__decisions__created_at__gt=F("accepted_at"),
        )
        .select_related("request", "request__operation", "force")
        .distinct()
        .order_by("pk")
    )
    overdue = []
    for task in candidates:
        due = acknowledgement_due(task)
        if due is not None and due.created_at <= now - datetime.timedelta(hours=hours):
            overdue.append((task, due))
    return overdue


def overdue_tasks(today: datetime.date | None = None) -> QuerySet[Task]:
    """Tasks overdue: still waiting, accepted or in progress after the request's latest acceptable date.

    The requester said by when the help is still of use (latest_acceptable); a task not completed by the end
    of that day is overdue from the day after.
    """
    today = today or timezone.localdate()
    return Task.objects.filter(
        status__in=ACTIVE_TASK_STATES,
        request__latest_acceptable__lt=today,
        request__operation__status=RUNNING,
    )


def open_requests_of(operation: Operation) -> QuerySet:
    """The operation's requests not yet in a final state (the page that closes an operation lists them)."""
    return (
        AssistanceRequest.objects.filter(operation=operation, status__in=lifecycle.OPEN_STATES)
        .select_related("organization")
        .order_by("number")
    )


def exports_stalled() -> list[int]:
    """The background exports queued or running with no sign of life for settings.EXPORT_STALL_MINUTES."""
    cutoff = timezone.now() - datetime.timedelta(minutes=settings.EXPORT_STALL_MINUTES)
    return list(
        ExportJob.objects.filter(
            status__in=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING), heartbeat_at__lt=cutoff
        )
        .order_by("heartbeat_at")
        .values_list("pk", flat=True)
    )


def exports_past_expiry() -> list[int]:
    """The background exports whose file has expired and is not yet deleted (the hourly cleanup)."""
    return list(
        ExportJob.objects.filter(expires_at__lte=timezone.now())
        .exclude(status=ExportJob.Status.EXPIRED)
        .values_list("pk", flat=True)
    )


# HCT meetings.


def meetings_for_user(user: User, operation: Operation) -> QuerySet[Meeting]:
    """The operation's HCT meetings the user may see, the latest first, with the size of their agenda."""
    return (
        visible_meetings(user, operation)
        .annotate(agenda_size=Count("agenda", distinct=True))
        .order_by("-starts_at", "-pk")
    )


def scheduled_meetings(operation: Operation) -> QuerySet[Meeting]:
    """The meetings of the operation a request may still be put on: scheduled, the soonest first."""
    return Meeting.objects.filter(operation=operation, status=Meeting.Status.SCHEDULED).order_by(
        "starts_at", "pk"
    )


@dataclass(frozen=True)
class AgendaItem:
    """One request on a meeting's agenda: its procedure, its flagged criteria, the decision taken there."""

    referral: HctReferral
    flagged: list[AssessmentAnswer]
    decision: Decision | None

    @property
    def request(self) -> AssistanceRequest:
        return self.referral.request


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda of a meeting with each item's flagged criteria and the decision recorded at the meeting
    (a constant number of queries, whatever the size of the agenda)."""
    referrals = list(
        meeting.agenda.select_related("request", "request__organization", "opened_by").order_by(
            "opened_at", "pk"
        )
    )
    request_ids = [r.request_id for r in referrals]
    flagged: dict[int, list[AssessmentAnswer]] = {pk: [] for pk in request_ids}
    for answer in (
        AssessmentAnswer.objects.filter(request_id__in=request_ids, answer__in=FLAGGED_ANSWERS)
        .select_related("criterion_version", "criterion_version__criterion")
        .order_by("criterion_version__criterion__number", "pk")
    ):
        flagged[answer.request_id].append(answer)
    decided = {
        d.request_id: d
        for d in Decision.objects.filter(meeting=meeting, request_id__in=request_ids)
        .select_related("decided_by", "on_behalf_of")
        .order_by("created_at", "pk")
    }
    return [AgendaItem(r, flagged[r.request_id], decided.get(r.request_id)) for r in referrals]


def agenda_candidates(meeting: Meeting) -> list[HctReferral]:
    """Running HCT procedures of the meeting's operation that wait for a meeting and are on no scheduled or
    held one: put to a meeting without one yet, or a written procedure whose silence was broken."""
    return list(
        HctReferral.objects.filter(request__operation_id=meeting.operation_id)
        .filter(
            Q(procedure=HctReferral.Procedure.MEETING, state=HctReferral.State.OPEN)
            | Q(state=HctReferral.State.OBJECTED)
        )
        .filter(Q(meeting__isnull=True) | Q(meeting__status=Meeting.Status.CANCELLED))
        .select_related("request")
        .order_by("opened_at", "pk")
    )


def meetings_due_reminder(now: datetime.datetime) -> QuerySet[Meeting]:
    """Scheduled meetings of running operations that start within the next 24 hours."""
    return Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(hours=24),
        operation__status=RUNNING,
    ).select_related("operation")
