"""Large exports made in the background (settings.EXPORT_BACKGROUND_ROWS and over): the job is recorded, a
Celery task writes the file into MEDIA storage with its progress, and an hourly sweep deletes expired files.

The task applies the list's filters again, for the user who asked, with the same selector and the same
filters as the small export: the file holds exactly what that user may see at the time it is made. The
job's states move by conditional UPDATEs (queued -> running -> ready | failed; any -> expired), so a task
delivered twice makes the file once.
"""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from cmcoord.models import Operation, User
from cmcoord.services import audit_record

from .. import exports, permissions, selectors
from ..filters import RequestFilter
from ..models import ExportJob

logger = logging.getLogger(__name__)
S = ExportJob.Status


def export_rows(*, user: User, operation: Operation, query: str):
    """The requests of the list as the user filtered it: what the small export writes, too."""
    return RequestFilter(
        QueryDict(query) or None,
        queryset=selectors.requests_for_user(user, operation),
        operation=operation,
    ).qs


def export_job_start(*, actor: User, operation: Operation, fmt: str, query: str) -> ExportJob:
    """Record a background export (or return the user's one already under way or ready for the same list)."""
    now = timezone.now()
    existing = (
        ExportJob.objects.filter(
            requested_by=actor,
            operation=operation,
            fmt=fmt,
            query=query,
            status__in=(S.QUEUED, S.RUNNING, S.READY),
            expires_at__gt=now,
        )
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing
    with transaction.atomic():
        job = ExportJob.objects.create(
            operation=operation,
            requested_by=actor,
            fmt=fmt,
            query=query,
            expires_at=now + datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS),
        )
        # An export only reads: it is allowed in a closed operation (an archive is exported too).
        audit_record(
            actor=actor,
            operation=operation,
            obj=job,
            verb="export.started",
            to_state=S.QUEUED,
            data={"format": fmt, "query": query},
            allow_closed=True,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(pk: int) -> None:
    from ..tasks import make_export

    make_export.delay(pk)


def _progress(pk: int):
    def report(done: int) -> None:
        ExportJob.objects.filter(pk=pk, status=S.RUNNING).update(rows_done=done)

    return report


def export_job_run(*, job_pk: int) -> bool:
    """Write the job's file (queued -> running -> ready, or failed); False if another run has it."""
    claimed = ExportJob.objects.filter(pk=job_pk, status=S.QUEUED).update(status=S.RUNNING)
    if not claimed:
        return False
    job = ExportJob.objects.select_related("operation", "requested_by").get(pk=job_pk)
    user, operation = job.requested_by, job.operation
    try:
        if not (user.is_active and permissions.can_list(user, operation)):
            raise PermissionError("the user may no longer list the requests")
        rows = export_rows(user=user, operation=operation, query=job.query)
        total = rows.count()
        ExportJob.objects.filter(pk=job_pk).update(rows_total=total)
        name = exports.filename(operation, job.fmt)
        if job.fmt == ExportJob.Format.CSV:
            with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as text:
                done = exports.write_csv(rows, text, progress=_progress(job_pk))
                text.seek(0)
                job.file.save(name, File(text), save=False)
        else:
            with tempfile.TemporaryFile() as binary:
                done = exports.write_tracker(rows, binary, progress=_progress(job_pk))["requests"]
                binary.seek(0)
                job.file.save(name, File(binary), save=False)
    except Exception:
        logger.exception("export %s failed", job_pk)
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job_pk, status=S.RUNNING).update(
            status=S.FAILED, finished_at=timezone.now()
        )
        return False
    finished = ExportJob.objects.filter(pk=job_pk, status=S.RUNNING).update(
        status=S.READY, file=job.file.name, rows_done=done, rows_total=done, finished_at=timezone.now()
    )
    if not finished:  # expired while it ran: its file goes too
        job.file.delete(save=False)
    return bool(finished)


def export_job_expire(*, job_pk: int) -> bool:
    """Delete the file of an export past its expiry and mark it expired."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_pk).exclude(status=S.EXPIRED).first()
        if job is None or job.expires_at > timezone.now():
            return False
        name = job.file.name
        ExportJob.objects.filter(pk=job_pk).update(status=S.EXPIRED, file="")
        if name:
            storage = job.file.storage
            transaction.on_commit(lambda: storage.delete(name))
    return True
