"""Periodic work of humanitarian notification (Celery beat, settings.CELERY_BEAT_SCHEDULE): sweeps that find
the rows due and call one service per row; the services lock and re-check, so a sweep run twice acts once."""

from celery import shared_task

from . import reminders, selectors, services


@shared_task(acks_late=True)
def expire_notifications() -> int:
    """Expire the sites and movements whose period has ended (they stay on record)."""
    return sum(1 for pk in selectors.expired_due() if services.notification_expire(notification_pk=pk))


@shared_task(acks_late=True, ignore_result=True)
def remind_unacknowledged() -> int:
    """Remind the parties (and the officers) of transmissions not acknowledged in time."""
    return reminders.remind_unacknowledged()
