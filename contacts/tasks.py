"""Periodic work of the directory (Celery beat, settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import notifications


@shared_task(acks_late=True, ignore_result=True)
def remind_stale_contacts() -> int:
    """Weekly: ask each stale contact with an account to confirm their details; list the others to the
    officers (idempotent within the week: the week is in the dedupe key)."""
    return notifications.remind_stale_contacts()
