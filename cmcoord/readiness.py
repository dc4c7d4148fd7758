"""/readyz: is every part the service needs answering? Each failing part is named.

/healthz (liveness) does no I/O at all: it says the process answers. /readyz asks each part, each with a short
timeout so a part that hangs is reported instead of holding the caller:
- database: a fresh connection (connect_timeout, statement_timeout) runs SELECT 1;
- broker: a PING to the Redis the tasks go through;
- beat and the workers: a heartbeat recorded recently (beat whenever it sends a task, a worker when it runs
  the heartbeat task beat sends every 30 s to its queue: "worker" for the default queue, "periodic_worker");
- mail: the oldest email still waiting, and the emails that failed for good in the last 24 hours.
"""

import time
from collections.abc import Callable
from datetime import timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from . import health

HEARTBEAT_KEY = "health:heartbeat:{}"
# "worker": a worker of the default queue (the emails); "periodic_worker": the one of the periodic queue.
WORKER_PARTS = ("worker", "periodic_worker")


def record_heartbeat(part: str, *, at: float | None = None) -> None:
    """Remember that `part` (beat, worker) was alive at `at` (epoch seconds; now by default)."""
    # Kept well past the threshold, so /readyz can say how old the last one is rather than "none".
    cache.set(HEARTBEAT_KEY.format(part), at if at is not None else time.time(), timeout=7 * 24 * 3600)


def heartbeat_age(part: str) -> float | None:
    """Seconds since `part`'s last heartbeat, or None if none is known."""
    at = cache.get(HEARTBEAT_KEY.format(part))
    return None if at is None else max(0.0, time.time() - float(at))


def _database() -> dict:
    alias_settings = connections.settings[DEFAULT_DB_ALIAS]
    if alias_settings["ENGINE"] != "django.db.backends.postgresql":
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    # A connection of its own: the pooled one may be stuck on a partition; this one gives up in time.
    timeout = settings.READYZ_DB_TIMEOUT
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    wrapper.settings_dict = {
        **alias_settings,
        "CONN_MAX_AGE": 0,
        "OPTIONS": {
            **alias_settings.get("OPTIONS", {}),
            "connect_timeout": max(1, round(timeout)),
            "options": f"-c statement_timeout={int(timeout * 1000)}",
            # Bounds a send on a cut connection too (libpq's TCP_USER_TIMEOUT, milliseconds).
            "tcp_user_timeout": int(timeout * 1000),
        },
    }
    started = time.monotonic()
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        wrapper.close()
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000)}


def _broker() -> dict:
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return {"ok": True, "note": "tasks run in-process"}
    timeout = settings.READYZ_BROKER_TIMEOUT
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True}


def _heartbeat(part: str) -> Callable[[], dict]:
    def check() -> dict:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return {"ok": True, "note": "tasks run in-process"}
        age = heartbeat_age(part)
        limit = settings.READYZ_HEARTBEAT_MAX_AGE
        ok = age is not None and age <= limit
        return {"ok": ok, "age_seconds": None if age is None else round(age), "max_age_seconds": limit}

    return check


def _mail_queued() -> dict:
    age = health.checks().get("oldest_unsent_notification_age_seconds")
    limit = settings.READYZ_QUEUED_MAIL_MAX_AGE
    return {"ok": age is None or age <= limit, "oldest_age_seconds": age, "max_age_seconds": limit}


def _mail_failed() -> dict:
    from .models import Notification

    count = Notification.objects.filter(
        email_status=Notification.EmailStatus.FAILED, failed_at__gte=timezone.now() - timedelta(hours=24)
    ).count()
    limit = settings.READYZ_FAILED_MAIL_MAX
    return {"ok": count <= limit, "failed_last_24h": count, "max": limit}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": _database,
    "broker": _broker,
    "beat": _heartbeat("beat"),
    "worker": _heartbeat("worker"),
    "periodic_worker": _heartbeat("periodic_worker"),
    "mail_queued": _mail_queued,
    "mail_failed": _mail_failed,
}
# The mail checks read the database: asked only when it answered.
NEEDS_DATABASE = ("mail_queued", "mail_failed")
# Short reasons for the parts' errors, never the exception text (it names hosts and users).
_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (TimeoutError, "timeout"),
    (redis.exceptions.TimeoutError, "timeout"),
    (redis.exceptions.ConnectionError, "unreachable"),
    (ConnectionError, "unreachable"),
)


def _reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "timeout" in text or "timed out" in text:
        return "timeout"
    for kind, reason in _REASONS:
        if isinstance(exc, kind):
            return reason
    return type(exc).__name__


def readiness(only: tuple[str, ...] | None = None) -> tuple[bool, dict]:
    """(ready, report): every part asked (or those in `only`), and the names of those that failed."""
    report: dict[str, dict] = {}
    for name, check in CHECKS.items():
        if only and name not in only:
            continue
        if name in NEEDS_DATABASE and not report.get("database", {"ok": True})["ok"]:
            report[name] = {"ok": False, "error": "database unavailable"}
            continue
        try:
            report[name] = check()
        except Exception as exc:
            report[name] = {"ok": False, "error": _reason(exc)}
    failing = [name for name, result in report.items() if not result["ok"]]
    return not failing, {"status": "error" if failing else "ok", "failing": failing, "checks": report}
