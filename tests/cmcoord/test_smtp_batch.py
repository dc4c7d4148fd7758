"""The worker sends a batch of queued emails over ONE SMTP connection (Django's SMTP backend against the fake
relay of test_smtp_outage.py, which counts connections), each row keeping its own status, retry and
Message-ID; the first transient refusal ends the batch and gives the rest back to their own tasks."""

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from cmcoord import notifications
from cmcoord.celery import app
from cmcoord.models import Notification, Role
from cmcoord.services import membership_set
from tests.cmcoord.test_notifications_worker import wait_for
from tests.cmcoord.test_smtp_outage import FakeRelay, SmtpHandler, message_ids
from tests.factories import UserFactory

Status = Notification.EmailStatus


class CountingHandler(SmtpHandler):
    def handle(self):
        with self.server.lock:
            self.server.connections += 1
        super().handle()


class CountingRelay(FakeRelay):
    def __init__(self, refusals: int = 0):
        super().__init__(refusals)
        self.RequestHandlerClass = CountingHandler
        self.connections = 0


@pytest.fixture
def relay(settings):
    server = CountingRelay()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.NOTIFICATION_BATCH_SIZE = 50
    yield server
    server.shutdown()
    server.server_close()


def granted(cast, usernames, email=None):
    """One queued membership email per person, committed (their tasks not run: these tests call deliver())."""
    rows = []
    for username in usernames:
        person = UserFactory(
            username=username, organization=cast.unicef, **({"email": email(username)} if email else {})
        )
        membership_set(operation=cast.operation, user=person, role=Role.OBSERVER, actor=cast.officer)
        rows.append(Notification.objects.get(recipient=person))
    return rows


def test_a_batch_of_queued_emails_goes_over_one_connection_each_row_sent_once(cast, relay):
    rows = granted(cast, [f"person{i}" for i in range(8)])

    assert notifications.deliver(pk=rows[0].pk, batch=50) is None

    assert relay.connections == 1
    statuses = {n.pk: (n.email_status, n.attempts) for n in Notification.objects.all()}
    assert statuses == {row.pk: (Status.SENT, 1) for row in rows}
    # Each its own stable Message-ID, each once.
    assert sorted(message_ids(relay)) == sorted(notifications.message_id(row) for row in rows)
    # Their own tasks come later: a status check, nothing sent, no connection.
    for row in rows[1:]:
        assert notifications.deliver(pk=row.pk, batch=50) is None
    assert (relay.connections, len(relay.accepted)) == (1, 8)


def test_the_batch_is_bounded(cast, relay, settings):
    rows = granted(cast, [f"person{i}" for i in range(5)])

    notifications.deliver(pk=rows[2].pk, batch=3)

    sent = set(Notification.objects.filter(email_status=Status.SENT).values_list("pk", flat=True))
    assert len(sent) == 3 and rows[2].pk in sent
    assert relay.connections == 1


def test_one_at_a_time_opens_a_connection_per_email(cast, relay):
    rows = granted(cast, ["one", "two", "three"])

    for row in rows:
        notifications.deliver(pk=row.pk)

    assert (relay.connections, len(relay.accepted)) == (3, 3)


def test_a_bounce_inside_a_batch_fails_that_row_only_and_the_connection_carries_on(cast, relay):
    rows = granted(
        cast,
        ["first", "bouncing", "third"],
        email=lambda u: f"{'bounce' if u == 'bouncing' else u}@x.example",
    )

    notifications.deliver(pk=rows[0].pk, batch=50)

    by_pk = {n.pk: n for n in Notification.objects.filter(pk__in=[r.pk for r in rows])}
    assert [(by_pk[r.pk].email_status, by_pk[r.pk].bounced) for r in rows] == [
        (Status.SENT, False),
        (Status.FAILED, True),
        (Status.SENT, False),
    ]
    assert "550" in by_pk[rows[1].pk].last_error
    assert relay.connections == 1
    # The officers are told of the bounce, in the app.
    assert Notification.objects.filter(kind=notifications.EMAIL_GIVEN_UP, recipient=cast.officer).count() == 1


def test_a_transient_refusal_ends_the_batch_and_gives_the_rest_back_as_they_were(cast, relay, settings):
    settings.NOTIFICATION_RETRY_BACKOFF_SECONDS = 60
    rows = granted(cast, ["first", "greylisted", "third", "fourth"])
    rows_by_name = {r.recipient.username: r for r in rows}
    relay.refusals = 1  # each address is refused once: all but "greylisted" have had theirs
    relay.refused.update({rows_by_name[u].recipient.email: 1 for u in ("first", "third", "fourth")})

    assert notifications.deliver(pk=rows[0].pk, batch=50) is None

    state = {
        n.recipient.username: (n.email_status, n.attempts)
        for n in Notification.objects.filter(pk__in=[r.pk for r in rows]).select_related("recipient")
    }
    assert state["first"] == (Status.SENT, 1)
    assert state["greylisted"] == (Status.RETRY, 1)  # its own backoff, its error
    assert "451" in Notification.objects.get(pk=rows_by_name["greylisted"].pk).last_error
    # Not attempted: queued again, no attempt counted, for their own tasks.
    assert state["third"] == state["fourth"] == (Status.QUEUED, 0)
    assert len(relay.accepted) == 1


@pytest.fixture
def worker(transactional_db):
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as w:
        yield w


def test_a_real_worker_sends_the_emails_of_one_commit_over_one_connection(cast, relay, worker):
    people = [UserFactory(username=f"member{i}", organization=cast.unicef) for i in range(10)]

    with transaction.atomic():  # ten rows, ten tasks enqueued after the commit
        for person in people:
            membership_set(operation=cast.operation, user=person, role=Role.OBSERVER, actor=cast.officer)

    assert wait_for(lambda: Notification.objects.filter(email_status=Status.SENT).count() == 10, 30)
    assert relay.connections == 1
    ids = message_ids(relay)
    assert len(ids) == len(set(ids)) == 10
