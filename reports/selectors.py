"""Reads of the reports: the dashboard's figures and the daily report, each in a constant number of queries.

Every figure is computed from rows fetched once per kind (requests, decisions, tasks, expiring approvals, and
for the daily report what was transmitted to the parties); the arithmetic (medians, percentiles, shares) is
done here in Python so that it means the same on PostgreSQL and on the SQLite of `make run`.
"""

import datetime
import math
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from cmcoord.models import AuditEvent, Membership, Operation, Organization, Role, User
from deconfliction.models import Dispatch
from requests.models import (
    APPROVALS,
    AssistanceRequest,
    Capability,
    Decision,
    HctReferral,
    RequestStatus,
    Task,
)

from .models import DEFAULT_HOUR, DailyReportSetting

S = RequestStatus
# A request whose approval still stands: an expiry ahead of it matters.
APPROVED_STATES = (S.APPROVED, S.TASKED, S.ACCEPTED, S.IN_PROGRESS)
# A request still waiting for something: its required-by date is a deadline.
OPEN_STATES = (S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.WITH_HCT, *APPROVED_STATES, S.DECLINED)
EXPIRY_DAYS = 7


def percentile(values: list[float], fraction: float) -> float | None:
    """The percentile by linear interpolation between the closest ranks (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Period:
    """Dates from and to (both included, in the operation's time zone); None is open-ended."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    def bounds(self, tz: datetime.tzinfo) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        start = datetime.datetime.combine(self.start, datetime.time.min, tz) if self.start else None
        end = (
            datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tz)
            if self.end
            else None
        )
        return start, end

    def filter(self, field_name: str, tz: datetime.tzinfo) -> Q:
        start, end = self.bounds(tz)
        condition = Q()
        if start is not None:
            condition &= Q(**{f"{field_name}__gte": start})
        if end is not None:
            condition &= Q(**{f"{field_name}__lt": end})
        return condition


def operation_tz(operation: Operation) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(operation.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


@dataclass
class CountRow:
    key: str
    label: str
    count: int
    share: float = 0.0  # of the largest row, for the bar's length (0..100)


@dataclass
class DurationRow:
    month: str  # "2026-03", or "" for every month together
    count: int
    median: float | None
    p90: float | None


@dataclass
class ForceRow:
    force_id: int
    force: str
    tasks: int
    accepted: int
    declined: int
    waiting: int
    acceptance_rate: float | None  # accepted / (accepted + declined), in percent
    median_hours_to_accept: float | None


@dataclass
class Dashboard:
    operation: Operation
    period: Period
    total: int
    by_status: list[CountRow]
    by_capability: list[CountRow]
    to_decision: list[DurationRow]  # hours, per month of submission, then the whole period
    to_completion: list[DurationRow]  # days
    decisions: int
    by_procedure: list[CountRow]  # share: percent of the decisions
    expiring: list[Decision]
    forces: list[ForceRow]
    withdrawn: int
    # Of those, withdrawn because a civilian means was found (the last-resort principle at work), and
    # withdrawn before the platform asked for a reason.
    withdrawn_civilian_means: int = 0
    withdrawn_no_reason: int = 0
    today: datetime.date = field(default_factory=timezone.localdate)


def _count_rows(counts: dict[str, int], choices: Iterable[tuple[str, Any]]) -> list[CountRow]:
    rows = [CountRow(key, str(label), counts.get(key, 0)) for key, label in choices]
    rows = [row for row in rows if row.count]
    top = max((row.count for row in rows), default=0)
    for row in rows:
        row.share = round(100 * row.count / top, 1) if top else 0.0
    return rows


def _durations(samples: list[tuple[str, float]]) -> list[DurationRow]:
    by_month: dict[str, list[float]] = defaultdict(list)
    for month, value in samples:
        by_month[month].append(value)
    rows = [
        DurationRow(month, len(values), _round(percentile(values, 0.5)), _round(percentile(values, 0.9)))
        for month, values in sorted(by_month.items())
    ]
    everything = [value for _, value in samples]
    rows.append(
        DurationRow(
            "", len(everything), _round(percentile(everything, 0.5)), _round(percentile(everything, 0.9))
        )
    )
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def dashboard(
    operation: Operation, period: Period | None = None, *, today: datetime.date | None = None
) -> Dashboard:
    """The dashboard's figures for one operation and period (4 queries whatever the data)."""
    period = period or Period()
    tz = operation_tz(operation)
    today = today or timezone.localdate(timezone=tz)

    # 1. Requests submitted in the period (a draft never submitted is the requester's, not a request yet),
    # with their first decision and the completion of their task.
    rows = list(
        AssistanceRequest.objects.filter(operation=operation, submitted_at__isnull=False)
        .filter(period.filter("submitted_at", tz))
        .annotate(
            first_decision_at=Min("decisions__created_at"),
            completed_on=Max("tasks__completed_on", filter=Q(tasks__status=Task.Status.COMPLETED)),
        )
        .values_list(
            "status", "capability", "submitted_at", "first_decision_at", "completed_on", "withdrawal_reason"
        )
        .order_by()
    )
    status_counts: dict[str, int] = defaultdict(int)
    capability_counts: dict[str, int] = defaultdict(int)
    to_decision: list[tuple[str, float]] = []
    to_completion: list[tuple[str, float]] = []
    withdrawal_reasons: dict[str, int] = defaultdict(int)
    for status, capability, submitted_at, decided_at, completed_on, withdrawal_reason in rows:
        status_counts[status] += 1
        if status == S.WITHDRAWN:
            withdrawal_reasons[withdrawal_reason] += 1
        capability_counts[capability] += 1
        assert submitted_at is not None  # filtered above
        local = submitted_at.astimezone(tz)
        month = f"{local:%Y-%m}"
        if decided_at is not None:
            to_decision.append((month, (decided_at - submitted_at).total_seconds() / 3600))
        if completed_on is not None:
            to_completion.append((month, float((completed_on - local.date()).days)))

    # 2. Decisions recorded in the period, by procedure: silence, written (closed by the HC), meeting.
    procedures = dict(
        Decision.objects.filter(request__operation=operation)
        .filter(period.filter("created_at", tz))
        .values_list("procedure")
        .annotate(n=Count("pk"))
        .order_by()
    )
    decisions = sum(procedures.values())
    by_procedure = [
        CountRow(key, str(label), procedures.get(key, 0)) for key, label in Decision.Procedure.choices
    ]
    for row in by_procedure:
        row.share = round(100 * row.count / decisions, 1) if decisions else 0.0

    # 3. Approvals still standing whose validity ends in the next seven days (whatever the period).
    expiring = list(
        Decision.objects.filter(
            request__operation=operation,
            outcome__in=APPROVALS,
            superseded_by__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=EXPIRY_DAYS),
            request__status__in=APPROVED_STATES,
        )
        .select_related("request")
        .order_by("valid_until", "request__reference")
    )

    # 4. Tasks given in the period, per force.
    forces = _force_rows(
        Task.objects.filter(request__operation=operation)
        .filter(period.filter("tasked_at", tz))
        .values_list("force_id", "force__name", "force__acronym", "status", "tasked_at", "accepted_at")
        .order_by()
    )
    return Dashboard(
        operation=operation,
        period=period,
        total=len(rows),
        by_status=_count_rows(status_counts, S.choices),
        by_capability=_count_rows(capability_counts, Capability.choices),
        to_decision=_durations(to_decision),
        to_completion=_durations(to_completion),
        decisions=decisions,
        by_procedure=by_procedure,
        expiring=expiring,
        forces=forces,
        withdrawn=status_counts.get(S.WITHDRAWN, 0),
        withdrawn_civilian_means=withdrawal_reasons[AssistanceRequest.WithdrawalReason.CIVILIAN_MEANS],
        withdrawn_no_reason=withdrawal_reasons[""],
        today=today,
    )


def _force_rows(tasks: Iterable[tuple]) -> list[ForceRow]:
    grouped: dict[int, dict] = {}
    for force_id, name, acronym, status, tasked_at, accepted_at in tasks:
        entry = grouped.setdefault(
            force_id, {"name": acronym or name, "tasks": 0, "declined": 0, "hours": [], "accepted": 0}
        )
        entry["tasks"] += 1
        if accepted_at is not None:
            entry["accepted"] += 1
            entry["hours"].append((accepted_at - tasked_at).total_seconds() / 3600)
        elif status == Task.Status.DECLINED:
            entry["declined"] += 1
    rows = []
    for force_id, entry in grouped.items():
        answered = entry["accepted"] + entry["declined"]
        rows.append(
            ForceRow(
                force_id=force_id,
                force=entry["name"],
                tasks=entry["tasks"],
                accepted=entry["accepted"],
                declined=entry["declined"],
                waiting=entry["tasks"] - answered,
                acceptance_rate=round(100 * entry["accepted"] / answered, 1) if answered else None,
                median_hours_to_accept=_round(percentile(entry["hours"], 0.5)),
            )
        )
    return sorted(rows, key=lambda row: (-row.tasks, row.force))


def dashboard_json(board: Dashboard) -> dict:
    """The dashboard as plain data (the API)."""

    def counts(rows: list[CountRow]) -> list[dict]:
        return [{"key": r.key, "label": r.label, "count": r.count} for r in rows]

    def durations(rows: list[DurationRow]) -> list[dict]:
        return [{"month": r.month or None, "count": r.count, "median": r.median, "p90": r.p90} for r in rows]

    return {
        "operation": board.operation.pk,
        "period": {
            "from": board.period.start.isoformat() if board.period.start else None,
            "to": board.period.end.isoformat() if board.period.end else None,
        },
        "requests": board.total,
        "by_status": counts(board.by_status),
        "by_capability": counts(board.by_capability),
        "hours_to_decision": durations(board.to_decision),
        "days_to_completion": durations(board.to_completion),
        "decisions": board.decisions,
        "by_procedure": [
            {"key": r.key, "label": r.label, "count": r.count, "percent": r.share} for r in board.by_procedure
        ],
        "expiring_approvals": [
            {
                "request": d.request_id,
                "reference": d.request.reference,
                "title": d.request.title,
                "outcome": d.outcome,
                "valid_until": d.valid_until.isoformat() if d.valid_until else None,
            }
            for d in board.expiring
        ],
        "forces": [
            {
                "force": r.force_id,
                "name": r.force,
                "tasks": r.tasks,
                "accepted": r.accepted,
                "declined": r.declined,
                "waiting": r.waiting,
                "acceptance_rate": r.acceptance_rate,
                "median_hours_to_accept": r.median_hours_to_accept,
            }
            for r in board.forces
        ],
        "withdrawn": board.withdrawn,
        "withdrawn_civilian_means": board.withdrawn_civilian_means,
        "withdrawn_no_reason": board.withdrawn_no_reason,
    }


# The daily CMCoord report: the last 24 hours and the next 48.


@dataclass
class DailyReport:
    operation: Operation
    now: datetime.datetime
    since: datetime.datetime
    until: datetime.datetime
    military: bool
    force: Organization | None = None
    received: list[AssistanceRequest] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    tasked: list[Task] = field(default_factory=list)
    accepted: list[Task] = field(default_factory=list)
    started: list[Task] = field(default_factory=list)  # work began: the force's first progress report
    completed: list[Task] = field(default_factory=list)
    required: list[AssistanceRequest] = field(default_factory=list)  # required-by dates ahead
    written_deadlines: list[HctReferral] = field(default_factory=list)
    expiring: list[Decision] = field(default_factory=list)
    task_deadlines: list[Task] = field(default_factory=list)  # the military version's deadlines
    transmitted: list[Dispatch] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.received,
                self.decisions,
                self.tasked,
                self.accepted,
                self.started,
                self.completed,
                self.required,
                self.written_deadlines,
                self.expiring,
                self.task_deadlines,
                self.transmitted,
            )
        )


def _window(now: datetime.datetime | None) -> tuple[datetime.datetime, datetime.datetime, datetime.datetime]:
    now = now or timezone.now()
    return now, now - datetime.timedelta(hours=24), now + datetime.timedelta(hours=48)


def _split_tasks(report: DailyReport, tasks: QuerySet[Task], tz: datetime.tzinfo) -> None:
    first_day = report.since.astimezone(tz).date()
    today = report.now.astimezone(tz).date()
    for task in tasks:
        if report.since <= task.tasked_at <= report.now:
            report.tasked.append(task)
        if task.accepted_at and report.since <= task.accepted_at <= report.now:
            report.accepted.append(task)
        started_at = getattr(task, "started_at", None)
        if started_at and report.since <= started_at <= report.now:
            report.started.append(task)
        if (
            task.status == Task.Status.COMPLETED
            and task.completed_on
            and first_day <= task.completed_on <= today
        ):
            report.completed.append(task)


def _recent_tasks(tasks: QuerySet[Task], report: DailyReport, tz: datetime.tzinfo) -> QuerySet[Task]:
    """Tasks given, accepted, started or completed in the last 24 hours, in one query: a task has no column
    for its start, so its time is read from the audit log (the `task.start` event)."""
    since, now = report.since, report.now
    started = (
        AuditEvent.objects.filter(
            content_type__app_label="requests",
            content_type__model="task",
            object_id=Cast(OuterRef("pk"), CharField()),
            verb="task.start",
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        tasks.annotate(started_at=Subquery(started))
        .filter(
            Q(tasked_at__gte=since, tasked_at__lte=now)
            | Q(accepted_at__gte=since, accepted_at__lte=now)
            | Q(started_at__gte=since, started_at__lte=now)
            | Q(completed_on__gte=since.astimezone(tz).date(), completed_on__lte=now.astimezone(tz).date())
        )
        .select_related("request", "force")
        .order_by("tasked_at", "pk")
    )


def daily_report(operation: Operation, *, now: datetime.datetime | None = None) -> DailyReport:
    """The humanitarian version: everything of the operation in the window (7 queries)."""
    now, since, until = _window(now)
    tz = operation_tz(operation)
    today, last_day = now.astimezone(tz).date(), until.astimezone(tz).date()
    report = DailyReport(operation=operation, now=now, since=since, until=until, military=False)
    report.received = list(
        AssistanceRequest.objects.filter(operation=operation, submitted_at__gte=since, submitted_at__lte=now)
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )
    report.decisions = list(
        Decision.objects.filter(request__operation=operation, created_at__gte=since, created_at__lte=now)
        .select_related("request")
        .order_by("created_at", "pk")
    )
    _split_tasks(report, _recent_tasks(Task.objects.filter(request__operation=operation), report, tz), tz)
    report.required = list(
        AssistanceRequest.objects.filter(
            operation=operation,
            status__in=OPEN_STATES,
            required_by__gte=today,
            required_by__lte=last_day,
        )
        .select_related("organization")
        .order_by("required_by", "reference")
    )
    report.written_deadlines = list(
        HctReferral.objects.filter(
            request__operation=operation,
            procedure=HctReferral.Procedure.WRITTEN,
            state=HctReferral.State.OPEN,
            deadline__gte=now,
            deadline__lte=until,
        )
        .select_related("request")
        .order_by("deadline", "pk")
    )
    report.expiring = list(
        Decision.objects.filter(
            request__operation=operation,
            outcome__in=APPROVALS,
            superseded_by__isnull=True,
            valid_until__gte=today,
            valid_until__lte=last_day,
            request__status__in=APPROVED_STATES,
        )
        .select_related("request")
        .order_by("valid_until", "request__reference")
    )
    report.transmitted = list(
        Dispatch.objects.filter(transmission__operation=operation, sent_at__gte=since, sent_at__lte=now)
        .select_related("transmission__notification", "transmission__party")
        .order_by("sent_at", "pk")
    )
    return report


def military_daily_report(
    operation: Operation, force: Organization, tasks: QuerySet[Task], *, now: datetime.datetime | None = None
) -> DailyReport:
    """The military version for one force: `tasks` are those the force may see (requests.permissions); of
    the humanitarian notifications, only what was transmitted to this force (3 queries)."""
    now, since, until = _window(now)
    tz = operation_tz(operation)
    today, last_day = now.astimezone(tz).date(), until.astimezone(tz).date()
    report = DailyReport(operation=operation, now=now, since=since, until=until, military=True, force=force)
    _split_tasks(
        report, _recent_tasks(tasks.filter(request__operation=operation, force=force), report, tz), tz
    )
    report.task_deadlines = list(
        tasks.filter(
            request__operation=operation,
            force=force,
            status__in=[Task.Status.TASKED, Task.Status.ACCEPTED, Task.Status.IN_PROGRESS],
            request__required_by__gte=today,
            request__required_by__lte=last_day,
        )
        .select_related("request", "force")
        .order_by("request__required_by", "pk")
    )
    report.transmitted = list(
        Dispatch.objects.filter(
            transmission__operation=operation, transmission__party=force, sent_at__gte=since, sent_at__lte=now
        )
        .select_related("transmission__notification", "transmission__party")
        .order_by("sent_at", "pk")
    )
    return report


def standing_decision(rfa: AssistanceRequest) -> Decision | None:
    """The request's decision that no later one supersedes (one query)."""
    return (
        Decision.objects.filter(request=rfa, superseded_by__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass
class Bar:
    label: str
    count: int
    y: int
    width: int


BAR_HEIGHT, BAR_GAP, BAR_MAX = 20, 8, 220


def bar_chart(rows: list[CountRow]) -> dict:
    """The geometry of a light SVG bar chart (drawn server-side; its numbers are in the table beside it)."""
    top = max((row.count for row in rows), default=0)
    bars = [
        Bar(
            label=row.label,
            count=row.count,
            y=index * (BAR_HEIGHT + BAR_GAP),
            width=round(BAR_MAX * row.count / top) if top else 0,
        )
        for index, row in enumerate(rows)
    ]
    return {"bars": bars, "height": max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)}


READER_ROLES = (Role.CMCOORD_OFFICER, Role.HC, Role.HCT_MEMBER, Role.OBSERVER, Role.MILITARY_LIAISON)


def daily_report_setting(operation: Operation):
    """The operation's setting of the daily report, or None (every reader at the default hour)."""
    return DailyReportSetting.objects.filter(operation=operation).prefetch_related("recipients").first()


def report_readers(operation: Operation) -> QuerySet[User]:
    """Who may receive the daily report: officers, the HC, HCT members, observers, liaison officers."""
    return (
        User.objects.filter(
            memberships__operation=operation, memberships__role__in=READER_ROLES, is_active=True
        )
        .select_related("organization")
        .order_by("last_name", "first_name", "username")
    )


def reader_memberships(operation: Operation) -> list[Membership]:
    """The readers' memberships, with their users and organisations (one query)."""
    return list(
        Membership.objects.filter(operation=operation, role__in=READER_ROLES)
        .select_related("user", "user__organization")
        .order_by("pk")
    )


def daily_report_due(now: datetime.datetime) -> list[Operation]:
    """The running operations whose daily report is due in this hour of their own time zone."""
    due = []
    for operation in Operation.objects.active().select_related("daily_report_setting").order_by("pk"):
        setting = getattr(operation, "daily_report_setting", None)
        if setting is not None and not setting.enabled:
            continue
        hour = setting.hour if setting is not None else DEFAULT_HOUR
        if now.astimezone(operation_tz(operation)).hour == hour:
            due.append(operation)
    return due
