"""Periodic work of the reports: the daily CMCoord report, each morning (Celery beat, settings.py)."""

from celery import shared_task
from django.utils import timezone

from . import selectors, services


@shared_task(acks_late=True)
def send_daily_reports() -> int:
    """Hourly: the daily report of every running operation whose hour it is in its own time zone;
    idempotent per day (the outbox's dedupe keys)."""
    now = timezone.now()
    written = 0
    for operation in selectors.daily_report_due(now):
        written += services.daily_report_send(operation=operation, now=now)
    return written
