"""Benchmark: from 1,000 events committed to 1,000 emails handed to the email backend, with one Celery worker.

    .venv/bin/python benchmarks/notifications.py [--events 1000]

It (re)creates the PostgreSQL database cmcoord_bench on 127.0.0.1:5432 (BENCH_DATABASE_URL to change it),
migrates it, and uses Redis db 8 (BENCH_REDIS_URL) as the broker. Each event is a real action, membership_set
(one transaction: the membership, its audit event and its notification row; the Celery task is enqueued after
commit). One worker, `celery worker --pool solo --concurrency 1` in its own process as in production,
delivers to benchmarks/counting_backend.py, which only records when each email reached it.
With --smtp, the workers use Django's real SMTP backend against a local SMTP sink (a thread of this script,
on 127.0.0.1) that records when each message arrived and how many connections were opened: the cost of the
SMTP conversation, connection set-up included, is in the figures. NOTIFICATION_BATCH_SIZE (environment) sets
how many queued emails a worker sends over one connection (1: one connection per email).
Not a test: it prints figures; it fails only if an email is missing or sent twice.
"""

import argparse
import os
import re
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ENV = {
    "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cmcoord_bench"),
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
    "BENCH_RESULTS_REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
    "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "DEBUG": "0",
    "LOG_LEVEL": "WARNING",
    "EMAIL_BACKEND": "benchmarks.counting_backend.CountingBackend",
    "DJANGO_SETTINGS_MODULE": "cmcoord.settings",
}
os.environ.update(ENV)


def fresh_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


class SmtpSink(socketserver.ThreadingTCPServer):
    """Accepts every message; records (in Redis, as the counting backend does) when each arrived."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, results):
        super().__init__(("127.0.0.1", 0), SmtpSinkHandler)
        self.results = results
        self.connections = 0
        self.lock = threading.Lock()


class SmtpSinkHandler(socketserver.StreamRequestHandler):
    def handle(self):
        from benchmarks.counting_backend import DUPLICATES, HANDED

        sink: SmtpSink = self.server  # type: ignore[assignment]
        with sink.lock:
            sink.connections += 1
        self.wfile.write(b"220 sink\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                found = re.search(rb"^X-cmcoord-Notification: (\d+)", data, re.M)
                if found and not sink.results.hsetnx(HANDED, found.group(1), time.time()):
                    sink.results.incr(DUPLICATES)
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (each --pool solo)")
    parser.add_argument("--smtp", action="store_true", help="real SMTP backend against a local sink")
    parser.add_argument(
        "--backlog",
        action="store_true",
        help="commit every event first, then start the workers (emails/s: their capacity draining the queue)",
    )
    args = parser.parse_args()

    fresh_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    import redis
    from django.core.management import call_command

    from benchmarks.counting_backend import DUPLICATES, HANDED
    from cmcoord.celery import app
    from cmcoord.models import Notification, Operation, Organization, Role, User
    from cmcoord.services import membership_set

    call_command("migrate", verbosity=0)
    ocha = Organization.objects.create(name="OCHA", acronym="OCHA", type=Organization.Type.UN_AGENCY)
    partner = Organization.objects.create(name="Partners", acronym="NGO", type=Organization.Type.INGO)
    operation = Operation.objects.create(
        name="Cyclone response — Mozambique",
        code="MOZ",
        country="Mozambique",
        context=Operation.Context.NATURAL_DISASTER,
        start_date="2026-03-14",
    )
    officer = User.objects.create(username="officer", organization=ocha, email="officer@example.org")
    people = User.objects.bulk_create(
        User(
            username=f"person{i:04d}",
            first_name="Person",
            last_name=str(i),
            email=f"person{i:04d}@example.org",
            organization=partner,
            language="fr" if i % 2 else "en",
        )
        for i in range(args.events)
    )

    assert not app.conf.task_always_eager
    results = redis.Redis.from_url(ENV["BENCH_RESULTS_REDIS_URL"])
    results.flushdb()
    sink = None
    if args.smtp:
        sink = SmtpSink(results)
        threading.Thread(target=sink.serve_forever, daemon=True).start()
        ENV.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=sink.server_address[0],
            EMAIL_PORT=str(sink.server_address[1]),
        )

    def start_workers() -> list[subprocess.Popen]:
        return [
            subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "celery"),
                    "-A",
                    "cmcoord",
                    "worker",
                    "--pool=solo",
                    "--concurrency=1",
                    f"--hostname=bench{i}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=WARNING",
                ],
                cwd=ROOT,
                env={**os.environ, **ENV},
            )
            for i in range(args.workers)
        ]

    def wait_for_workers() -> None:
        while len(app.control.ping(timeout=0.5)) < args.workers:
            time.sleep(0.2)

    workers: list[subprocess.Popen] = [] if args.backlog else start_workers()
    try:
        if not args.backlog:
            wait_for_workers()  # the workers are up before the first event
        committed: dict[int, float] = {}  # user pk -> when the event's transaction committed
        started = time.time()
        for person in people:
            membership_set(operation=operation, user=person, role=Role.OBSERVER, actor=officer)
            committed[person.pk] = time.time()
        all_committed = time.time()
        drain_started = all_committed
        if args.backlog:
            workers = start_workers()
            wait_for_workers()
            drain_started = time.time()
        deadline = all_committed + 600
        while results.hlen(HANDED) < args.events and time.time() < deadline:
            time.sleep(0.02)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)

    handed = {int(pk): float(t) for pk, t in results.hgetall(HANDED).items()}
    duplicates = int(results.get(DUPLICATES) or 0)
    finished = max(handed.values()) if handed else time.time()
    recipient_of = dict(Notification.objects.values_list("pk", "recipient_id"))
    latencies = sorted(handed[pk] - committed[recipient_of[pk]] for pk in handed)
    sent = Notification.objects.filter(email_status=Notification.EmailStatus.SENT).count()
    n = len(handed)
    span = all_committed - started
    each = 1000 * span / args.events
    print(f"events committed:                  {args.events} in {span:.2f} s ({each:.1f} ms each)")
    print(f"emails handed to the backend:      {n} (rows marked sent: {sent}, sent twice: {duplicates})")
    batch = os.environ.get("NOTIFICATION_BATCH_SIZE", "50")
    if sink is not None:
        print(f"SMTP connections opened:           {sink.connections} (NOTIFICATION_BATCH_SIZE={batch})")
    else:
        print(f"email backend:                     counting, in memory (NOTIFICATION_BATCH_SIZE={batch})")
    total = finished - started
    print(
        f"total, first commit -> last email: {total:.2f} s "
        f"({n / total:.0f} emails/s, {args.workers} worker process(es))"
    )
    print(f"after the last commit:             {max(0.0, finished - all_committed):.2f} s")
    if args.backlog:
        drain = finished - drain_started
        print(f"backlog drained by the workers:    {drain:.2f} s ({n / drain:.0f} emails/s)")
    if latencies:
        p95 = latencies[int(0.95 * (n - 1))]
        print(
            f"per notification, commit -> email: median {1000 * statistics.median(latencies):.1f} ms, "
            f"p95 {1000 * p95:.1f} ms, max {1000 * latencies[-1]:.1f} ms"
        )
    if n != args.events or duplicates:
        sys.exit(f"{n} of {args.events} emails arrived, {duplicates} twice")


if __name__ == "__main__":
    main()
