"""/healthz (liveness, no I/O) and /readyz (every part asked, the failing ones named with a 503)."""

import contextlib
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

from cmcoord import readiness
from cmcoord.celery import app
from cmcoord.models import Notification
from cmcoord.tasks import heartbeat
from tests.factories import UserFactory

Status = Notification.EmailStatus
CLOSED_PORT = 6391  # nothing listens there


class CuttableProxy:
    """A TCP proxy to PostgreSQL in a thread of the test; cut() makes it a black hole (a partition).

    After the cut, connections stay open and new ones are accepted, but no byte goes through either way:
    what a client sees of a database behind a network that drops its packets."""

    def __init__(self, target=("127.0.0.1", 5432)):
        self.target = target
        self.cut_off = threading.Event()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(client)
            if self.cut_off.is_set():
                continue  # held open, never answered
            upstream = socket.create_connection(self.target)
            self.sockets.append(upstream)
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source, sink):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            if not self.cut_off.is_set():
                try:
                    sink.sendall(data)
                except OSError:
                    return

    def cut(self):
        self.cut_off.set()

    def close(self):
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()


@pytest.fixture
def fresh_heartbeats():
    """Beat and both workers alive a moment ago (the keys live in the shared test Redis: cleaned after)."""
    for part in ("beat", *readiness.WORKER_PARTS):
        readiness.record_heartbeat(part)
    yield
    for part in ("beat", *readiness.WORKER_PARTS):
        cache.delete(readiness.HEARTBEAT_KEY.format(part))


@pytest.fixture
def db_proxy(settings, monkeypatch):
    proxy = CuttableProxy()
    database = connections.settings["default"]
    target = (database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    proxy.target = target
    # Only /readyz's own connection reads these now (the test's connection is already open).
    monkeypatch.setitem(database, "HOST", "127.0.0.1")
    monkeypatch.setitem(database, "PORT", str(proxy.port))
    settings.READYZ_DB_TIMEOUT = 1
    yield proxy
    proxy.close()


def test_healthz_answers_without_any_io_even_with_the_broker_down(
    db, client, settings, django_assert_num_queries
):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="anything.invalid")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_every_part_answers(db, client, fresh_heartbeats):
    response = client.get("/readyz")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {
        "database",
        "broker",
        "beat",
        "worker",
        "periodic_worker",
        "mail_queued",
        "mail_failed",
    }
    assert all(check["ok"] for check in body["checks"].values())


def test_readyz_names_the_broker_when_it_is_down(db, client, settings, fresh_heartbeats):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{CLOSED_PORT}/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"] == {"ok": False, "error": "unreachable"}
    # No host, port or user leaks into the answer.
    assert str(CLOSED_PORT) not in response.content.decode()


def test_readyz_names_the_worker_when_its_heartbeat_is_old(db, client, fresh_heartbeats, settings):
    settings.READYZ_HEARTBEAT_MAX_AGE = 180
    readiness.record_heartbeat("worker", at=time.time() - 600)

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker"]
    assert 590 <= body["checks"]["worker"]["age_seconds"] <= 700
    assert body["checks"]["beat"]["ok"] is True


def test_readyz_names_beat_and_the_workers_when_no_heartbeat_was_ever_seen(db, client):
    for part in ("beat", *readiness.WORKER_PARTS):
        cache.delete(readiness.HEARTBEAT_KEY.format(part))

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["beat", "worker", "periodic_worker"]
    assert response.json()["checks"]["beat"]["age_seconds"] is None


def test_the_heartbeat_task_records_the_worker_and_beat_records_itself_when_it_sends(db, fresh_heartbeats):
    for part in ("beat", "worker"):
        cache.delete(readiness.HEARTBEAT_KEY.format(part))

    heartbeat("worker")
    heartbeat("not-a-part")  # a stray argument records nothing

    assert readiness.heartbeat_age("worker") < 5
    assert cache.get(readiness.HEARTBEAT_KEY.format("not-a-part")) is None
    assert readiness.heartbeat_age("beat") is None

    # What the beat process does: beat_init, then it sends its scheduled tasks to the real broker.
    from celery.signals import beat_init

    import cmcoord.celery as celery_module

    app.conf.task_always_eager = False  # restored by the autouse _celery_eager fixture
    beat_init.send(sender=None)
    try:
        app.send_task("cmcoord.tasks.heartbeat", args=["worker"], queue="readyz-test")
    finally:
        celery_module._in_beat = False
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete("readyz-test")
    assert readiness.heartbeat_age("beat") < 5


def test_readyz_names_the_database_when_it_does_not_answer_within_its_timeout(
    db, client, db_proxy, fresh_heartbeats
):
    assert client.get("/readyz").status_code == 200  # through the proxy, while it forwards

    db_proxy.cut()
    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    # The mail checks read the database too: not asked, and said so.
    assert body["failing"] == ["database", "mail_queued", "mail_failed"]
    assert body["checks"]["database"] == {"ok": False, "error": "timeout"}
    assert body["checks"]["mail_queued"] == {"ok": False, "error": "database unavailable"}
    assert body["checks"]["broker"]["ok"] is True


def _notification(user, **fields):
    return Notification.objects.create(
        recipient=user,
        kind="membership.granted",
        dedupe_key=f"test:{fields.get('email_status')}:{time.monotonic_ns()}",
        language="en",
        subject="s",
        body_text="t",
        body_html="h",
        **fields,
    )


def test_readyz_names_the_mail_queue_when_the_oldest_email_waits_too_long(
    db, client, settings, fresh_heartbeats
):
    settings.READYZ_QUEUED_MAIL_MAX_AGE = 1800
    user = UserFactory()
    _notification(user, email_status=Status.QUEUED, created_at=timezone.now() - timedelta(minutes=10))
    assert client.get("/readyz").status_code == 200

    _notification(user, email_status=Status.RETRY, created_at=timezone.now() - timedelta(hours=2))
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["mail_queued"]
    assert response.json()["checks"]["mail_queued"]["oldest_age_seconds"] >= 7200


def test_readyz_names_failed_mail_above_its_threshold(db, client, settings, fresh_heartbeats):
    settings.READYZ_FAILED_MAIL_MAX = 1
    user = UserFactory()
    now = timezone.now()
    _notification(user, email_status=Status.FAILED, failed_at=now - timedelta(hours=1))
    _notification(user, email_status=Status.FAILED, failed_at=now - timedelta(days=2))  # too old to count
    assert client.get("/readyz").status_code == 200

    _notification(user, email_status=Status.FAILED, failed_at=now - timedelta(minutes=5))
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["mail_failed"]
    assert response.json()["checks"]["mail_failed"]["failed_last_24h"] == 2


def test_the_readyz_command_checks_the_parts_named_and_fails_naming_them(
    db, settings, fresh_heartbeats, capsys
):
    call_command("readyz", "broker", "worker")
    assert '"status": "ok"' in capsys.readouterr().out

    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    with pytest.raises(CommandError, match="Not ready: broker"):
        call_command("readyz", "broker", "worker")


def test_the_database_settings_bound_connects_and_statements(settings):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["connect_timeout"] == 5
    assert "-c statement_timeout=30000" in options["options"]
    assert "-c jit=off" in options["options"]


def test_the_periodic_tasks_run_on_their_own_queue_and_the_emails_heartbeat_on_theirs(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["notifications-sweep"]["options"]["queue"] == "periodic"
    assert schedule["health-heartbeat-periodic"]["options"]["queue"] == "periodic"
    assert schedule["health-heartbeat"]["options"]["queue"] == settings.CELERY_TASK_DEFAULT_QUEUE
    assert {entry["options"]["queue"] for entry in schedule.values()} == {"periodic", "celery"}
