"""Periodic work of the reports: the daily CMCoord report, each morning (Celery beat, settings.py)."""

from celery import shared_task

from cmcoord.models import Operation

from . import services


@shared_task(acks_late=True)
def send_daily_reports() -> int:
    """The daily report of every running operation; idempotent per day (the outbox's dedupe keys)."""
    written = 0
    for pk in Operation.objects.active().values_list("pk", flat=True).order_by("pk"):
        written += services.daily_report_send(operation=Operation.objects.get(pk=pk))
    return written
