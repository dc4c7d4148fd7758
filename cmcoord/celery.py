"""The Celery app. Without REDIS_URL, tasks run eagerly in-process (settings.CELERY_TASK_ALWAYS_EAGER)."""

import logging
import os

from celery import Celery
from celery.signals import beat_init, before_task_publish

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmcoord.settings")

app = Celery("cmcoord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)
_in_beat = False


@beat_init.connect
def _beat_started(sender=None, **kwargs) -> None:
    global _in_beat
    _in_beat = True


@before_task_publish.connect
def _beat_heartbeat(sender=None, **kwargs) -> None:
    """In the beat process, every task it sends is a heartbeat of beat (for /readyz)."""
    if _in_beat:
        from .readiness import record_heartbeat

        try:
            record_heartbeat("beat")
        except Exception:  # a heartbeat must never stop the schedule; /readyz will say beat is silent
            logger.warning("Could not record beat's heartbeat", exc_info=True)
