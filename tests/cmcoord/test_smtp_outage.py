"""A relay that refuses (4xx) for longer than the old retry budget, through a real worker and Django's real
SMTP backend: every email is delivered exactly once after it recovers; an address refused for good (5xx) fails
at once and shows on the officers' people page. The SMTP server is a small one of our own, in a thread."""

import re
import socketserver
import threading
from collections import Counter

import pytest
from celery.contrib.testing.worker import start_worker

from cmcoord.celery import app
from cmcoord.models import Notification, Role
from cmcoord.notifications import message_id
from cmcoord.services import membership_set
from tests.cmcoord.test_notifications_worker import wait_for
from tests.factories import UserFactory

Status = Notification.EmailStatus
OLD_BUDGET = 6  # attempts, before this issue: then the row was failed for good


class FakeRelay(socketserver.ThreadingTCPServer):
    """Answers 451 to each recipient's first `refusals` RCPTs, 550 to addresses starting with "bounce", and
    keeps every message it accepts (their Message-IDs tell a repeat)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, refusals: int):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.refusals = refusals
        self.refused: Counter = Counter()
        self.accepted: list[bytes] = []
        self.lock = threading.Lock()


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        relay: FakeRelay = self.server  # type: ignore[assignment]
        self.reply("220 fake relay")
        recipients_ok = 0
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake relay")
            elif verb == "MAIL":
                recipients_ok = 0
                self.reply("250 OK")
            elif verb == "RCPT":
                address = re.search(r"<([^>]*)>", command).group(1)
                with relay.lock:
                    if address.startswith("bounce"):
                        self.reply("550 5.1.1 No such user")
                        continue
                    if relay.refused[address] < relay.refusals:
                        relay.refused[address] += 1
                        self.reply("451 4.3.0 Try again later")
                        continue
                recipients_ok += 1
                self.reply("250 OK")
            elif verb == "DATA":
                if not recipients_ok:
                    self.reply("503 No valid recipients")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                with relay.lock:
                    relay.accepted.append(data)
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # RSET, NOOP
                self.reply("250 OK")


@pytest.fixture
def relay(settings):
    server = FakeRelay(refusals=OLD_BUDGET + 2)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    # The backoff of the real thing in seconds, not minutes: 1 s, capped at 1 s.
    settings.NOTIFICATION_RETRY_BACKOFF_SECONDS = 1
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 1
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def worker(transactional_db):
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as w:
        yield w


def message_ids(relay: FakeRelay) -> list[str]:
    return [re.search(rb"^Message-ID: (.+?)\r?$", m, re.M | re.I).group(1).decode() for m in relay.accepted]


def test_a_relay_refusing_longer_than_the_old_budget_delivers_every_email_once_after_it_recovers(
    cast, relay, worker, client_for
):
    people = [UserFactory(username=f"newcomer{i}", organization=cast.unicef) for i in range(4)]
    bouncing = UserFactory(username="bouncing", email="bounce@unicef.example", organization=cast.unicef)

    for person in [*people, bouncing]:
        membership_set(operation=cast.operation, user=person, role=Role.OBSERVER, actor=cast.officer)

    assert wait_for(
        lambda: Notification.objects.filter(email_status__in=(Status.SENT, Status.FAILED)).count() == 5, 90
    ), list(Notification.objects.values_list("email_status", "attempts"))
    rows = {n.recipient_id: n for n in Notification.objects.all()}
    for person in people:
        row = rows[person.pk]
        # Refused more often than the old budget allowed, and still delivered.
        assert (row.email_status, row.attempts) == (Status.SENT, OLD_BUDGET + 3), row.last_error
        assert relay.refused[person.email] == OLD_BUDGET + 2
    # Exactly once each, each with its own stable Message-ID.
    ids = message_ids(relay)
    assert len(ids) == len(set(ids)) == 4
    assert set(ids) == {message_id(rows[p.pk]) for p in people}
    # The address refused for good: failed at the first answer, without retries.
    bounced = rows[bouncing.pk]
    assert (bounced.email_status, bounced.bounced, bounced.attempts) == (Status.FAILED, True, 1)
    assert "550" in bounced.last_error

    page = client_for(cast.officer).get("/accounts/people/").content.decode()
    line = next(line for line in page.splitlines() if "(bouncing)" in line)
    assert "email bounced" in line
    assert all("email bounced" not in line for line in page.splitlines() if "(newcomer0)" in line)
