"""Notifications through a real Celery worker and the real Redis of this machine (TEST_REDIS_URL).

The worker runs in a thread of the test process and reads committed rows, hence transactional databases.
Emails go to Django's locmem backend (mail.outbox); the only fake is the SMTP server that fails on purpose.
"""

import socket
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import transaction
from django.utils import timezone

from cmcoord import notifications
from cmcoord.celery import app
from cmcoord.models import AuditEvent, Membership, Notification, Organization, Role
from cmcoord.services import membership_set
from cmcoord.tasks import deliver_notification
from tests.cmcoord.conftest import FlakySMTP
from tests.factories import OrganizationFactory, UserFactory

Status = Notification.EmailStatus
CLOSED_PORT = 6390  # nothing listens there: the broker is "down"
CLOSED_PORT_BROKER = f"redis://127.0.0.1:{CLOSED_PORT}/0"


def wait_for(condition, timeout=30.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


@contextmanager
def broker_at(url):
    """Point the app's producers at another broker URL (the connection pools are rebuilt), then restore."""
    old = app.conf.broker_url

    def switch(to):
        app.conf.broker_url = to
        app._pool = None
        app.amqp._producer_pool = None

    switch(url)
    try:
        yield
    finally:
        switch(old)


@pytest.fixture
def worker(transactional_db):
    """A real worker (solo pool, in a thread) consuming from the test Redis; tasks are no longer eager."""
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as w:
        yield w
    # The autouse _celery_eager fixture restores eager mode after the test.


@pytest.fixture
def task_runs():
    """How many times each task has finished in the worker (Celery's task_postrun signal)."""
    runs = Counter()

    def count(sender=None, **kwargs):
        runs[sender.name] += 1

    task_postrun.connect(count, weak=False)
    yield runs
    task_postrun.disconnect(count)


def newcomer(username, org, language="en"):
    return UserFactory(username=username, organization=org, language=language, first_name="Amina")


def test_a_membership_grant_reaches_the_right_user_once_in_their_language(cast, worker):
    francophone = newcomer("francophone", cast.unicef, language="fr")
    anglophone = newcomer("anglophone", cast.wfp)

    membership_set(operation=cast.operation, user=francophone, role=Role.HCT_MEMBER, actor=cast.officer)
    membership_set(operation=cast.operation, user=anglophone, role=Role.OBSERVER, actor=cast.officer)
    # The same role again is no new event: nobody is told twice.
    membership_set(operation=cast.operation, user=francophone, role=Role.HCT_MEMBER, actor=cast.officer)

    assert wait_for(lambda: len(mail.outbox) >= 2)
    time.sleep(0.5)  # anything extra would have arrived by now
    assert len(mail.outbox) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {francophone.email, anglophone.email}
    french = by_recipient[francophone.email]
    assert french.subject.startswith("Vous avez désormais le rôle Membre de la HCT dans")
    assert "Bonjour Amina" in french.body
    assert '<html lang="fr" dir="ltr">' in french.alternatives[0][0]
    assert by_recipient[anglophone.email].subject == (
        "You now hold the role Observer in Cyclone response — Mozambique"
    )
    # Only what they may see: their operation and their role; not who acted nor who else takes part.
    for text in (french.subject, french.body):
        assert cast.officer.get_full_name() not in text
        assert anglophone.get_full_name() not in text
    assert wait_for(lambda: Notification.objects.filter(email_status=Status.SENT).count() == 2)
    assert Notification.objects.count() == 2


def test_a_rolled_back_action_sends_nothing(cast, worker):
    user = newcomer("newcomer", cast.unicef)

    with pytest.raises(RuntimeError), transaction.atomic():
        membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
        raise RuntimeError("the rest of the action failed")

    assert notifications.sweep(now=timezone.now() + timedelta(minutes=10)) == 0
    time.sleep(1.0)
    assert not Notification.objects.exists()
    assert not Membership.objects.filter(user=user).exists()
    assert mail.outbox == []


def test_delivering_the_same_row_again_and_again_sends_one_email(cast, worker, task_runs):
    user = newcomer("newcomer", cast.unicef)
    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)
    row = Notification.objects.get()

    for _ in range(5):
        deliver_notification.delay(row.pk)
    notifications.deliver(pk=row.pk)

    # The one enqueued after commit and the five duplicates have all run.
    assert wait_for(lambda: task_runs["cmcoord.tasks.deliver_notification"] >= 6)
    assert Notification.objects.get().email_status == Status.SENT
    assert len(mail.outbox) == 1
    assert Notification.objects.get().attempts == 1


def test_a_transient_smtp_failure_is_retried_with_the_error_recorded_then_sent(
    cast, worker, flaky_smtp, settings
):
    settings.NOTIFICATION_RETRY_BACKOFF_SECONDS = 1
    flaky_smtp.failures = 2
    user = newcomer("newcomer", cast.unicef)

    membership_set(operation=cast.operation, user=user, role=Role.OBSERVER, actor=cast.officer)

    assert wait_for(lambda: Notification.objects.get().attempts >= 1)
    assert wait_for(lambda: Notification.objects.get().email_status == Status.SENT, timeout=30)
    row = Notification.objects.get()
    assert row.attempts == 3
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert len(mail.outbox) == 1
    assert FlakySMTP.failures == 0


@contextmanager
def connection_attempts(port: int):
    """Count the TCP connections this process attempts to `port` (a spy: each attempt still happens)."""
    attempts: list[tuple] = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        if isinstance(address, tuple) and address[1] == port:
            attempts.append(address)
        return real_connect(sock, address)

    socket.socket.connect = connect
    try:
        yield attempts
    finally:
        socket.socket.connect = real_connect


def test_with_the_broker_down_200_actions_succeed_and_every_notification_is_delivered_once_later(
    transactional_db, cast, task_runs
):
    # Given 200 people about to be given a role, and the broker unreachable.
    org = OrganizationFactory(name="Operation partners", type=Organization.Type.INGO)
    people = [newcomer(f"person{i:03d}", org) for i in range(200)]
    app.conf.task_always_eager = False

    # When each is given a role, each in its own committed transaction, while Redis cannot be reached,
    with broker_at(CLOSED_PORT_BROKER), connection_attempts(CLOSED_PORT) as attempts:
        for person in people:
            membership_set(operation=cast.operation, user=person, role=Role.OBSERVER, actor=cast.officer)

    # then every action succeeded, promptly: one connection attempt each, no retry, each bounded by the
    # configured connect timeout (so 200 actions wait at most 200 timeouts, whatever the machine's load),
    assert Membership.objects.filter(user__in=people).count() == 200
    assert AuditEvent.objects.filter(verb="membership.set", to_state=Role.OBSERVER).count() >= 200
    assert len(attempts) == 200, f"{len(attempts)} connection attempts for 200 actions"
    options = app.conf.broker_transport_options
    assert options["max_retries"] == 0 and 0 < options["socket_connect_timeout"] <= 2
    # and every notification waits in the outbox.
    waiting = Notification.objects.filter(recipient__in=people)
    assert waiting.count() == 200
    assert set(waiting.values_list("email_status", flat=True)) == {Status.QUEUED}
    assert mail.outbox == []
    age = notifications.health_check()["oldest_unsent_notification_age_seconds"]
    assert age is not None and age >= 0

    # When the broker is back and the sweep runs (as beat does every minute, once the grace has passed),
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        enqueued = notifications.sweep(now=timezone.now() + notifications.SWEEP_GRACE + timedelta(seconds=1))
        assert enqueued == 200
        assert wait_for(lambda: len(mail.outbox) >= 200, timeout=120), f"{len(mail.outbox)} of 200 delivered"
        # A second sweep, and a duplicate message per row, change nothing.
        assert notifications.sweep(now=timezone.now() + timedelta(hours=1)) == 0
        for pk in waiting.values_list("pk", flat=True):
            deliver_notification.delay(pk)
        assert wait_for(lambda: task_runs["cmcoord.tasks.deliver_notification"] >= 400, timeout=60)

    # then every one was delivered exactly once.
    assert len(mail.outbox) == 200
    per_recipient = Counter(m.to[0] for m in mail.outbox)
    assert set(per_recipient) == {p.email for p in people}
    assert set(per_recipient.values()) == {1}
    assert set(waiting.values_list("email_status", flat=True)) == {Status.SENT}
    assert set(waiting.values_list("attempts", flat=True)) == {1}
    assert notifications.health_check()["oldest_unsent_notification_age_seconds"] is None
