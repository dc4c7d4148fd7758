"""Large exports made in the background (over settings.EXPORT_BACKGROUND_ROWS): the job is recorded here, a
Celery task writes the file into MEDIA storage (requests/exports.py, run_job) with its progress, and an hourly
sweep deletes expired files.

The job's states move by conditional UPDATEs (queued -> running -> ready | failed; any -> expired), so a task
delivered twice makes the file once.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cmcoord.celery import app
from cmcoord.models import Operation, User
from cmcoord.services import audit_record

from ..models import ExportJob

S = ExportJob.Status
MAKE_TASK = "requests.tasks.make_export"


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
    # By name (the task module is a layer above this one), on the project's app: `current_app` is another,
    # unconfigured app in a thread that did not create it (a threaded server's request thread).
    app.signature(MAKE_TASK).clone(args=(pk,)).apply_async()


def export_job_claim(*, job_pk: int) -> ExportJob | None:
    """queued -> running: the job for the one run that claims it; None when another run has it."""
    if not ExportJob.objects.filter(pk=job_pk, status=S.QUEUED).update(
        status=S.RUNNING, heartbeat_at=timezone.now(), attempts=F("attempts") + 1
    ):
        return None
    return ExportJob.objects.select_related("operation", "requested_by").get(pk=job_pk)


def export_job_progress(*, job_pk: int, done: int, total: int | None = None) -> None:
    """Record how many rows are written (and, once counted, how many there are)."""
    fields: dict = {"rows_done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["rows_total"] = total
    ExportJob.objects.filter(pk=job_pk, status=S.RUNNING).update(**fields)


def export_job_finish(*, job: ExportJob, rows: int) -> bool:
    """running -> ready with its file (already saved in storage); False when it expired meanwhile (the
    file is then deleted)."""
    finished = ExportJob.objects.filter(pk=job.pk, status=S.RUNNING).update(
        status=S.READY, file=job.file.name, rows_done=rows, rows_total=rows, finished_at=timezone.now()
    )
    if not finished:
        job.file.delete(save=False)
    return bool(finished)


def export_job_fail(*, job: ExportJob) -> None:
    """running -> failed; whatever part of the file was written is deleted."""
    if job.file:
        job.file.delete(save=False)
    ExportJob.objects.filter(pk=job.pk, status=S.RUNNING).update(status=S.FAILED, finished_at=timezone.now())


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


def export_job_recover(*, job_pk: int) -> str | None:
    """A job queued or running with no sign of life for settings.EXPORT_STALL_MINUTES: its message or its
    worker was lost. Queued again (and sent again) while it has runs left, else failed; audited. Returns the
    state it was moved to, or None when it came back to life meanwhile."""
    cutoff = timezone.now() - datetime.timedelta(minutes=settings.EXPORT_STALL_MINUTES)
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update()
            .filter(pk=job_pk, status__in=(S.QUEUED, S.RUNNING), heartbeat_at__lt=cutoff)
            .first()
        )
        if job is None:
            return None
        if job.attempts >= settings.EXPORT_MAX_ATTEMPTS:
            to_state = S.FAILED
            ExportJob.objects.filter(pk=job_pk).update(status=S.FAILED, finished_at=timezone.now())
        else:
            # A queued job whose message was lost is sent again as it is (the claim is conditional: a
            # message found late makes the file once).
            to_state = S.QUEUED
            ExportJob.objects.filter(pk=job_pk).update(
                status=S.QUEUED, rows_done=0, rows_total=None, heartbeat_at=timezone.now()
            )
            transaction.on_commit(lambda: _enqueue(job_pk))
        audit_record(
            actor=None,
            operation=job.operation,
            obj=job,
            verb="export.stalled",
            from_state=job.status,
            to_state=to_state,
            data={"attempts": job.attempts},
            allow_closed=True,
        )
    return to_state
