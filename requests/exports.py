"""The request list as CSV and XLSX: the spreadsheet tracker people know, from the same filtered queryset.

The tracker carries each request with its decision in force and its latest task; the XLSX adds one sheet per
kind (requests, tasks, decisions), each with a frozen header, filters and column widths. Both are made in
chunks (`iterator`, with the legs, decisions and tasks prefetched per chunk): the CSV is streamed as it is
written, the XLSX is written row by row to a temporary file (openpyxl's write-only mode) and streamed from
it, so that 100,000 requests never sit in memory at once (benchmarks/export.py measures it).
"""

import csv
import functools
import logging
import tempfile
from collections.abc import Callable, Iterator
from types import SimpleNamespace

from django.core.files import File
from django.db.models import F
from django.http import FileResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cmcoord.exports import safe_cell

from . import permissions, selectors
from .filters import RequestFilter
from .models import (
    AssistanceType,
    Capability,
    Cluster,
    Decision,
    DecisionOutcome,
    Priority,
    RequestLeg,
    RequestStatus,
    Task,
    TaskStatus,
)
from .services import exports as export_services

logger = logging.getLogger(__name__)
CHUNK = 1000


@functools.cache
def _labels(choices, language: str | None) -> dict:
    # get_FOO_display() hashes its lazy choices (a translation per call): far too slow for 100,000 rows.
    return {value: str(label) for value, label in choices.choices}


def _label(choices, value) -> str:
    return _labels(choices, translation.get_language()).get(value, value)


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _decision(rfa):
    # Oldest first: the last one is the decision in force (a later decision supersedes).
    return rfa.decisions[-1] if rfa.decisions else None


def _task(rfa):
    return rfa.tasks[-1] if rfa.tasks else None


def _legs(rfa) -> list:
    return rfa.legs


def _of_decision(get: Callable) -> Callable:
    return lambda r: (lambda d: get(d) if d is not None else None)(_decision(r))


def _of_task(get: Callable) -> Callable:
    return lambda r: (lambda t: get(t) if t is not None else None)(_task(r))


def _first_leg(get: Callable) -> Callable:
    return lambda r: (lambda legs: get(legs[0]) if legs else None)(_legs(r))


def _last_leg(get: Callable) -> Callable:
    return lambda r: (lambda legs: get(legs[-1]) if legs else None)(_legs(r))


COLUMNS = [
    (_("Reference"), lambda r: r.reference),
    (_("Title"), lambda r: r.title),
    (_("Status"), lambda r: _label(RequestStatus, r.status)),
    (_("Organisation"), lambda r: r.organization),
    (_("Requesting officer"), lambda r: r.requesting_officer),
    (_("Endorsing cluster"), lambda r: _label(Cluster, r.endorsing_cluster)),
    (_("Capability"), lambda r: _label(Capability, r.capability)),
    (_("Assistance type"), lambda r: _label(AssistanceType, r.assistance_type)),
    (_("Priority"), lambda r: _label(Priority, r.priority)),
    (_("Places"), lambda r: "; ".join(f"{leg.from_name} → {leg.to_name}" for leg in r.legs)),
    (_("Required by"), lambda r: r.required_by),
    (_("Latest acceptable"), lambda r: r.latest_acceptable),
    (_("Duration (days)"), lambda r: r.duration_days),
    (_("Passengers"), lambda r: r.passengers),
    (_("Cargo"), lambda r: r.cargo_description),
    (_("Weight (kg)"), lambda r: r.cargo_weight_kg),
    (_("Volume (m³)"), lambda r: r.cargo_volume_m3),
    (_("Dangerous goods"), lambda r: "yes" if r.dangerous_goods else "no"),
    (_("Created"), lambda r: _local(r.created_at)),
    # The decision in force, the latest task, and where the request starts and ends.
    (_("Decision"), _of_decision(lambda d: _label(DecisionOutcome, d.outcome))),
    (_("Decided on"), _of_decision(lambda d: _local(d.created_at))),
    (_("Procedure"), _of_decision(lambda d: _label(Decision.Procedure, d.procedure))),
    (_("Conditions"), _of_decision(lambda d: "; ".join(d.conditions))),
    (_("Valid from"), _of_decision(lambda d: d.valid_from)),
    (_("Valid until"), _of_decision(lambda d: d.valid_until)),
    (_("Tasked force"), _of_task(lambda t: t.force)),
    (_("Task status"), _of_task(lambda t: _label(TaskStatus, t.status))),
    (_("Completed on"), _of_task(lambda t: t.completed_on)),
    (_("First place"), _first_leg(lambda leg: leg.from_name)),
    (_("First place latitude"), _first_leg(lambda leg: leg.from_lat)),
    (_("First place longitude"), _first_leg(lambda leg: leg.from_lon)),
    (_("Last place"), _last_leg(lambda leg: leg.to_name)),
    (_("Last place latitude"), _last_leg(lambda leg: leg.to_lat)),
    (_("Last place longitude"), _last_leg(lambda leg: leg.to_lon)),
]

TASK_COLUMNS = [
    (_("Reference"), lambda t: t.request.reference),
    (_("Title"), lambda t: t.request.title),
    (_("Force"), lambda t: t.force),
    (_("Task status"), lambda t: _label(TaskStatus, t.status)),
    (_("Tasked on"), lambda t: _local(t.tasked_at)),
    (_("Accepted on"), lambda t: _local(t.accepted_at)),
    (_("Declined on"), lambda t: _local(t.declined_at)),
    (_("Reason for declining"), lambda t: t.decline_reason),
    (_("Completed on"), lambda t: t.completed_on),
    (_("What was delivered."), lambda t: t.delivered),
    (_("Point of contact"), lambda t: t.poc_name),
]

DECISION_COLUMNS = [
    (_("Reference"), lambda d: d.request.reference),
    (_("Title"), lambda d: d.request.title),
    (_("Decision"), lambda d: _label(DecisionOutcome, d.outcome)),
    (_("Decided on"), lambda d: _local(d.created_at)),
    (_("Procedure"), lambda d: _label(Decision.Procedure, d.procedure)),
    (_("Conditions"), lambda d: "; ".join(d.conditions)),
    (_("Valid from"), lambda d: d.valid_from),
    (_("Valid until"), lambda d: d.valid_until),
    (_("In force"), lambda d: "yes" if d.in_force else "no"),
]


# The tracker reads plain values, not model instances: the columns below, per chunk of requests, and the legs,
# decisions and tasks of the chunk in one query each (values(), grouped by request). Building 100,000 model
# instances and their prefetch caches cost more than writing the file.
REQUEST_FIELDS = (
    "pk",
    "reference",
    "title",
    "status",
    "requesting_officer",
    "endorsing_cluster",
    "capability",
    "assistance_type",
    "priority",
    "required_by",
    "latest_acceptable",
    "duration_days",
    "passengers",
    "cargo_description",
    "cargo_weight_kg",
    "cargo_volume_m3",
    "dangerous_goods",
    "created_at",
)
LEG_FIELDS = ("request_id", "from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon")
DECISION_FIELDS = (
    "request_id",
    "outcome",
    "created_at",
    "procedure",
    "conditions",
    "valid_from",
    "valid_until",
)
TASK_FIELDS = (
    "request_id",
    "status",
    "tasked_at",
    "accepted_at",
    "declined_at",
    "decline_reason",
    "completed_on",
    "delivered",
    "poc_name",
)


class Row(SimpleNamespace):
    """One request, decision, task or leg of the tracker: its values as attributes."""


def _short_name(acronym: str | None, name: str | None) -> str:
    return acronym or name or ""


def _grouped(queryset, fields: tuple, pks: list) -> dict[int, list[Row]]:
    grouped: dict[int, list[Row]] = {}
    for values in queryset.filter(request_id__in=pks).values(*fields):
        grouped.setdefault(values["request_id"], []).append(Row(**values))
    return grouped


def _chunk(batch: list[dict]) -> list[Row]:
    pks = [values["pk"] for values in batch]
    legs = _grouped(RequestLeg.objects.order_by("request_id", "order"), LEG_FIELDS, pks)
    decisions = _grouped(Decision.objects.order_by("request_id", "created_at", "pk"), DECISION_FIELDS, pks)
    tasks = _grouped(
        Task.objects.order_by("request_id", "tasked_at", "pk").annotate(
            force_acronym=F("force__acronym"), force_name=F("force__name")
        ),
        (*TASK_FIELDS, "force_acronym", "force_name"),
        pks,
    )
    made = []
    for values in batch:
        rfa = Row(**values)
        rfa.organization = _short_name(values["org_acronym"], values["org_name"])
        rfa.legs = legs.get(rfa.pk, [])
        rfa.decisions = decisions.get(rfa.pk, [])
        rfa.tasks = tasks.get(rfa.pk, [])
        for task in rfa.tasks:
            task.force = _short_name(task.force_acronym, task.force_name)
        made.append(rfa)
    return made


def tracker_rows(rows) -> Iterator[Row]:
    """The requests in the list's order, in chunks, each with its legs, decisions (oldest first) and tasks."""
    values = (
        rows.prefetch_related(None)
        .annotate(org_acronym=F("organization__acronym"), org_name=F("organization__name"))
        .values(*REQUEST_FIELDS, "org_acronym", "org_name")
        .iterator(chunk_size=CHUNK)
    )
    batch: list[dict] = []
    for row in values:
        batch.append(row)
        if len(batch) == CHUNK:
            yield from _chunk(batch)
            batch = []
    if batch:
        yield from _chunk(batch)


def filename(operation, ext: str) -> str:
    return f"requests-{operation.code}-{timezone.localdate():%Y%m%d}.{ext}"


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a streamed response."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read UTF-8
    yield writer.writerow([str(name) for name, _get in COLUMNS])
    for rfa in tracker_rows(rows):
        yield writer.writerow([safe_cell(get(rfa)) for _name, get in COLUMNS])


def write_csv(rows, target, progress: Callable[[int], None] | None = None) -> int:
    """Write the CSV to `target` (a text file); `progress(rows done)` after every chunk. Returns the rows."""
    writer = csv.writer(target)
    target.write("\ufeff")
    writer.writerow([str(name) for name, _get in COLUMNS])
    done = 0
    for rfa in tracker_rows(rows):
        writer.writerow([safe_cell(get(rfa)) for _name, get in COLUMNS])
        done += 1
        if progress is not None and done % CHUNK == 0:
            progress(done)
    return done


def csv_response(rows, operation) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(operation, "csv")}"'
    return response


def _sheet(book: Workbook, title: str, columns: list):
    sheet = book.create_sheet(title)
    # In write-only mode the widths and the frozen header are set before the first row.
    for index, (name, _get) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(name)) + 4))
    sheet.freeze_panes = "A2"
    header = []
    for name, _get in columns:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    return sheet


def _filters(sheet, columns: list, count: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _append(sheet, columns: list, obj) -> None:
    sheet.append([safe_cell(get(obj)) for _name, get in columns])


def write_tracker(rows, target, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write the tracker (three sheets) to `target` (a path or a binary file); returns the rows per sheet.
    `progress(requests done)` is called after every chunk of requests."""
    book = Workbook(write_only=True)
    sheets = {
        "requests": (_sheet(book, str(_("Requests")), COLUMNS), COLUMNS),
        "tasks": (_sheet(book, str(_("Tasks")), TASK_COLUMNS), TASK_COLUMNS),
        "decisions": (_sheet(book, str(_("Decisions")), DECISION_COLUMNS), DECISION_COLUMNS),
    }
    counts = dict.fromkeys(sheets, 0)
    for rfa in tracker_rows(rows):
        _append(sheets["requests"][0], COLUMNS, rfa)
        counts["requests"] += 1
        if progress is not None and counts["requests"] % CHUNK == 0:
            progress(counts["requests"])
        for task in rfa.tasks:
            task.request = rfa
            _append(sheets["tasks"][0], TASK_COLUMNS, task)
            counts["tasks"] += 1
        decisions = rfa.decisions
        for index, decision in enumerate(decisions):
            decision.request = rfa
            decision.in_force = index == len(decisions) - 1
            _append(sheets["decisions"][0], DECISION_COLUMNS, decision)
            counts["decisions"] += 1
    for key, (sheet, columns) in sheets.items():
        _filters(sheet, columns, counts[key])
    book.save(target)
    return counts


def xlsx_response(rows, operation) -> FileResponse:
    # A temporary file, not memory: it is deleted when the response has been sent and closes it.
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once sent
    write_tracker(rows, target)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=filename(operation, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# Background exports (requests/services/exports.py records the job; requests/tasks.py runs this).


def export_rows(*, user, operation, query: str):
    """The requests of the list as the user filtered it (its query string): what the small export writes.
    The filters are applied again, for the user who asked, with the same selector, when the file is made."""
    return RequestFilter(
        QueryDict(query) or None,
        queryset=selectors.requests_for_user(user, operation),
        operation=operation,
    ).qs


def run_job(job_pk: int) -> bool:
    """Write the file of a background export into MEDIA storage (a no-op unless the job is queued)."""
    job = export_services.export_job_claim(job_pk=job_pk)
    if job is None:
        return False
    user, operation = job.requested_by, job.operation
    try:
        if not (user.is_active and permissions.can_list(user, operation)):
            raise PermissionError("the user may no longer list the requests")
        rows = export_rows(user=user, operation=operation, query=job.query)
        export_services.export_job_progress(job_pk=job_pk, done=0, total=rows.count())

        def progress(done: int) -> None:
            export_services.export_job_progress(job_pk=job_pk, done=done)

        name = filename(operation, job.fmt)
        if job.fmt == "csv":
            with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as text:
                done = write_csv(rows, text, progress=progress)
                text.seek(0)
                job.file.save(name, File(text), save=False)
        else:
            with tempfile.TemporaryFile() as binary:
                done = write_tracker(rows, binary, progress=progress)["requests"]
                binary.seek(0)
                job.file.save(name, File(binary), save=False)
    except Exception:
        logger.exception("export %s failed", job_pk)
        export_services.export_job_fail(job=job)
        return False
    return export_services.export_job_finish(job=job, rows=done)
