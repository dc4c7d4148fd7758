"""Periodic work of requests (Celery beat, settings.CELERY_BEAT_SCHEDULE): sweeps that find the rows due and
call one service per row. The services lock and re-check each row, so a sweep run twice acts once."""

from celery import shared_task

from . import exports, reminders, selectors
from .services import exports as export_services
from .services import hct, tasking


@shared_task(acks_late=True)
def adopt_written_procedures() -> int:
    """Adopt, by silence, the proposals of written procedures whose deadline passed with no objection."""
    return sum(
        1
        for pk in selectors.due_written_procedures()
        if hct.referral_adopt_by_silence(referral_pk=pk) is not None
    )


@shared_task(acks_late=True)
def expire_approvals() -> int:
    """Expire approvals past their validity; flag the running tasks under them."""
    expired = sum(1 for pk in selectors.approvals_past_validity() if hct.approval_expire(rfa_pk=pk))
    flagged = sum(
        1
        for pk in selectors.tasks_under_expired_approvals()
        if tasking.task_flag_expired_approval(task_pk=pk)
    )
    return expired + flagged


# Reminders (requests/reminders.py): each names its object and reminder in the dedupe key, so a run
# repeated, or overlapping another, tells each person once.


@shared_task(acks_late=True, ignore_result=True)
def remind_written_deadlines() -> int:
    """HCT members yet to respond to a written procedure whose deadline is within 24 hours."""
    return reminders.remind_written_deadlines()


@shared_task(acks_late=True, ignore_result=True)
def remind_expiring_approvals() -> int:
    """The officers, of approvals that expire within 48 hours."""
    return reminders.remind_expiring_approvals()


@shared_task(acks_late=True, ignore_result=True)
def remind_overdue_tasks() -> int:
    """The officers and the force's liaison officers, of tasks past the request's latest acceptable date."""
    return reminders.remind_overdue_tasks()


@shared_task(acks_late=True, ignore_result=True)
def remind_unacknowledged_approvals() -> int:
    """The force's liaison officers, of a renewed or amended approval unacknowledged for too long."""
    return reminders.remind_unacknowledged_approvals()


@shared_task(acks_late=True, ignore_result=True)
def remind_meetings() -> int:
    """The HCT members and the HC, the day before a scheduled HCT meeting."""
    return reminders.remind_meetings()


# Large exports (requests/services/exports.py): one task per job, on the default queue (a person asked);
# the hourly cleanup of expired files is periodic.


@shared_task(acks_late=True, ignore_result=True)
def make_export(job_pk: int) -> bool:
    """Write the file of a background export (a no-op when the job is not queued any more)."""
    return exports.run_job(job_pk)


@shared_task(acks_late=True, ignore_result=True)
def expire_exports() -> int:
    """Delete the files of exports past their expiry."""
    return sum(1 for pk in selectors.exports_past_expiry() if export_services.export_job_expire(job_pk=pk))


@shared_task(acks_late=True, ignore_result=True)
def recover_exports() -> int:
    """Queue again (or fail) the exports whose message or worker was lost."""
    return sum(1 for pk in selectors.exports_stalled() if export_services.export_job_recover(job_pk=pk))
