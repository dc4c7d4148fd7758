"""Benchmark: the tracker of 100,000 requests (XLSX with three sheets, and CSV) without exhausting memory.

    .venv/bin/python benchmarks/export.py [--requests 100000]

It (re)creates the PostgreSQL database cmcoord_reports_bench on 127.0.0.1:5432 (BENCH_DATABASE_URL to change
it), migrates it, writes the requests with one leg each, a decision for every second one and a task for every
fourth (bulk inserts: set-up only), then builds the exports exactly as the export view does
(`requests.exports`, from the officer's `requests_for_user` queryset) and prints, for each, the time, the peak
of Python allocations during the export (tracemalloc) and the process's resident memory high-water mark.
Not a test: it prints figures.
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.update(
    {
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cmcoord_reports_bench"
        ),
        "REDIS_URL": "",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "cmcoord.settings",
    }
)


def fresh_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres", dbname="postgres"
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(n: int):
    from django.utils import timezone

    from cmcoord.models import Membership, Operation, Organization, Role, User
    from requests.models import AssistanceRequest, Decision, RequestLeg, Task

    ocha = Organization.objects.create(name="OCHA", acronym="OCHA", type=Organization.Type.UN_AGENCY)
    military = Organization.Type.FOREIGN_MILITARY
    force = Organization.objects.create(name="SANDF", acronym="SANDF", type=military)
    operation = Operation.objects.create(
        name="Cyclone response — Mozambique",
        code="MOZ",
        country="Mozambique",
        context=Operation.Context.NATURAL_DISASTER,
        start_date=datetime.date(2026, 1, 1),
    )
    officer = User.objects.create(username="officer", organization=ocha)
    Membership.objects.create(user=officer, operation=operation, role=Role.CMCOORD_OFFICER)
    now = timezone.now()
    today = timezone.localdate()
    batch = 5000
    for start in range(0, n, batch):
        rows = [
            AssistanceRequest(
                operation=operation,
                reference=f"MOZ-2026-{i:06d}",
                number=i,
                status="tasked" if i % 4 == 0 else ("approved" if i % 2 == 0 else "submitted"),
                organization=ocha,
                requesting_officer="Focal point",
                title=f"Airlift of food to Buzi #{i}",
                capability="air_transport",
                assistance_type="indirect",
                description="Buzi is cut off by floodwater.",
                required_by=today,
                latest_acceptable=today + datetime.timedelta(days=3),
                cargo_weight_kg=Decimal("1200"),
                created_by=officer,
                submitted_at=now,
            )
            for i in range(start + 1, min(start + batch, n) + 1)
        ]
        made = AssistanceRequest.objects.bulk_create(rows)
        RequestLeg.objects.bulk_create(
            RequestLeg(
                request=r,
                from_name="Beira airport",
                from_lat=Decimal("-19.79639"),
                from_lon=Decimal("34.90778"),
                to_name="Buzi",
                to_lat=Decimal("-19.87333"),
                to_lon=Decimal("34.62083"),
            )
            for r in made
        )
        Decision.objects.bulk_create(
            Decision(
                request=r,
                outcome="approved_with_conditions",
                conditions=["Unarmed personnel only"],
                valid_from=today,
                valid_until=today + datetime.timedelta(days=30),
                decided_by=officer,
                procedure="meeting",
            )
            for r in made
            if r.number % 2 == 0
        )
        Task.objects.bulk_create(
            Task(
                request=r,
                force=force,
                poc=officer,
                poc_name="Olivia Officer",
                poc_organization="OCHA",
                tasked_by=officer,
            )
            for r in made
            if r.number % 4 == 0
        )
    return officer, operation


TRACE = True


def measure(label: str, work) -> None:
    if not TRACE:
        began = time.perf_counter()
        result = work()
        print(
            f"{label}: {time.perf_counter() - began:.1f} s, "
            f"process RSS high-water mark {rss_mb():.0f} MB; {result}"
        )
        return
    tracemalloc.start()
    began = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - began
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label}: {elapsed:.1f} s, peak Python allocations {peak / 1024 / 1024:.1f} MB, "
        f"process RSS high-water mark {rss_mb():.0f} MB; {result}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument(
        "--no-tracemalloc",
        action="store_true",
        help="only the resident memory (tracemalloc slows Python down)",
    )
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run (no seeding)")
    args = parser.parse_args()
    global TRACE
    TRACE = not args.no_tracemalloc
    if not args.reuse:
        fresh_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    from cmcoord.models import Operation, User

    if args.reuse:
        officer, operation = User.objects.get(username="officer"), Operation.objects.get(code="MOZ")
    else:
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        officer, operation = seed(args.requests)
        print(
            f"seeded {args.requests:,} requests in {time.perf_counter() - began:.0f} s; RSS {rss_mb():.0f} MB"
        )

    from requests import exports, selectors

    def xlsx():
        with tempfile.TemporaryFile() as target:
            counts = exports.write_tracker(selectors.requests_for_user(officer, operation), target)
            size = target.tell()
        return f"{counts}, {size / 1024 / 1024:.1f} MB file"

    def csv_():
        size = sum(len(line) for line in exports._csv_lines(selectors.requests_for_user(officer, operation)))
        return f"{size / 1024 / 1024:.1f} MB of text"

    measure("CSV (streamed)", csv_)
    measure("XLSX (three sheets, write-only, temporary file)", xlsx)


if __name__ == "__main__":
    main()
