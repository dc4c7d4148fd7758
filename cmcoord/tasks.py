"""Celery tasks of the core: they take primary keys and call a service (cmcoord.notifications)."""

from celery import shared_task
from django.conf import settings

from . import idempotency, notifications, readiness


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_notification(self, pk: int) -> None:
    """Email one notification (idempotent: the row's status, checked under lock, decides), and with it, over
    the same SMTP connection, up to NOTIFICATION_BATCH_SIZE - 1 others queued for their first attempt."""
    # Eagerly (make run, no broker) the task runs in the request that committed: it sends its own row only.
    batch = 1 if self.request.is_eager else settings.NOTIFICATION_BATCH_SIZE
    retry_in = notifications.deliver(pk=pk, batch=batch)
    # Eagerly (make run, no broker) a retry would run at once, in the request: the sweep takes it instead.
    if retry_in is not None and not self.request.is_eager:
        # The retry waits in the broker: the sweep leaves the row to it.
        notifications.mark_queued([pk])
        raise self.retry(countdown=retry_in)


@shared_task(acks_late=True, ignore_result=True)
def sweep_notifications() -> int:
    """Every minute: enqueue the notifications left behind (broker down, worker died) or due for a retry."""
    return notifications.sweep()


@shared_task(acks_late=True, ignore_result=True)
def send_daily_digests() -> int:
    """Once a day: one digest task per user with notifications waiting for their digest."""
    users = notifications.digest_recipients()
    for user_pk in users:
        send_digest.delay(user_pk)
    return len(users)


@shared_task(acks_late=True, ignore_result=True)
def send_digest(user_pk: int) -> int:
    """One user's daily digest (idempotent: only rows still waiting for the digest go out)."""
    return notifications.send_digest(user_pk=user_pk)


@shared_task(ignore_result=True, expires=120)
def heartbeat(part: str = "worker") -> None:
    """Beat sends this every 30 s to each queue: the worker that runs it is alive (for /readyz)."""
    if part in readiness.WORKER_PARTS:
        readiness.record_heartbeat(part)


@shared_task(acks_late=True, ignore_result=True)
def purge_idempotency_keys() -> int:
    """Every hour: forget the Idempotency-Key answers older than 24 hours."""
    return idempotency.purge()
