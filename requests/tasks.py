"""Periodic work of requests (Celery beat, settings.CELERY_BEAT_SCHEDULE): sweeps that find the rows due and
call one service per row. The services lock and re-check each row, so a sweep run twice acts once."""

from celery import shared_task

from . import decisions, tasking


@shared_task(acks_late=True)
def adopt_written_procedures() -> int:
    """Adopt, by silence, the proposals of written procedures whose deadline passed with no objection."""
    return sum(
        1
        for pk in decisions.due_written_procedures()
        if decisions.referral_adopt_by_silence(referral_pk=pk) is not None
    )


@shared_task(acks_late=True)
def expire_approvals() -> int:
    """Expire approvals past their validity; flag the running tasks under them."""
    expired = sum(1 for pk in decisions.approvals_past_validity() if decisions.approval_expire(rfa_pk=pk))
    flagged = sum(
        1 for pk in tasking.tasks_under_expired_approvals() if tasking.task_flag_expired_approval(task_pk=pk)
    )
    return expired + flagged
