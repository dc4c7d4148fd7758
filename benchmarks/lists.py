"""Benchmark: the list pages at 100,000 requests against the Django admin and a bare DRF list, over gunicorn.

    .venv/bin/python benchmarks/lists.py                      # 100,000 requests, 30,000 tasks; 30 rounds
    .venv/bin/python benchmarks/lists.py --requests 20000 --rounds 10
    .venv/bin/python benchmarks/lists.py --reuse              # keep the generated database of the last run

It (re)creates the PostgreSQL database cmcoord_lists_bench (BENCH_DATABASE_URL to change it), migrates it,
runs seed_demo and generate_load (bulk inserts), serves the app with gunicorn (2 sync workers, as in
production) and requests, interleaved round after round so that the machine's load hits every target alike:
the officer's request list (page 1, a deep page, a status filter, a search for a hub named in a third of the
requests, its 30th page, one for a village named in 7 %, a misspelt place, a reference) and the admin
changelist of the same rows (page 1, deep page, status filter, the two searches); the liaison officer's task
API and a bare DRF list of the same rows (benchmarks/lists_urls.py). It prints p50/p95 (ms, measured by
the client on the loopback, so server time plus a fraction of a millisecond), the ratios, and the compression
of each page.
Not a test: it prints figures; it fails only if a page does not answer 200.
"""

import argparse
import gzip
import http.client
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
ENV = {
    "DATABASE_URL": os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cmcoord_lists_bench"
    ),
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
    "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "DEBUG": "0",
    "LOG_LEVEL": "WARNING",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    # The benchmark logs its users in by session; the second factor is not what it measures.
    "MFA_ENFORCED": "0",
    "DJANGO_SETTINGS_MODULE": "benchmarks.lists_settings",
}
os.environ.update(ENV)

# (name, user, path); pairs are compared as (ours, yardstick).
TARGETS = [
    ("list p1", "officer", "/requests/"),
    ("admin p1", "admin", "/admin/requests/assistancerequest/"),
    ("list deep", "officer", "/requests/?page=2000"),
    ("admin deep", "admin", "/admin/requests/assistancerequest/?p=500"),
    ("list status", "officer", "/requests/?status=submitted"),
    ("admin status", "admin", "/admin/requests/assistancerequest/?status__exact=submitted"),
    ("list search", "officer", "/requests/?q=Buzi"),
    ("admin search", "admin", "/admin/requests/assistancerequest/?q=Buzi"),
    ("list village", "officer", "/requests/?q=Chibabava"),
    ("admin village", "admin", "/admin/requests/assistancerequest/?q=Chibabava"),
    ("list search p30", "officer", "/requests/?q=Buzi&page=30"),
    ("list misspelt", "officer", "/requests/?q=Nhamatana"),
    ("list reference", "officer", "/requests/?q=MOZ-2026-950"),
    ("task API", "liaison", "/api/v1/tasks/"),
    ("bare DRF", "liaison", "/bench/bare-tasks/"),
    ("task API p100", "liaison", "/api/v1/tasks/?page=100"),
    ("bare DRF p100", "liaison", "/bench/bare-tasks/?page=100"),
]
RATIOS = [
    ("list p1", "admin p1", "≤ 0.5"),
    ("list deep", "admin deep", ""),
    ("list status", "admin status", ""),
    ("list search", "admin search", "≤ 1.0"),
    ("list village", "admin village", "≤ 1.0"),
    ("task API", "bare DRF", "≤ 1.5"),
    ("task API p100", "bare DRF p100", "≤ 1.5"),
]


def fresh_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    conn = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres", dbname="postgres"
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        name = parsed.path.lstrip("/")
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def vacuum(url: str) -> None:
    """VACUUM ANALYZE after the bulk inserts, as autovacuum would soon do (index-only scans need it)."""
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    conn.close()


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)


def session_cookies() -> dict[str, str]:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from cmcoord.models import User

    cookies = {}
    for username in ("officer", "admin", "liaison"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        cookies[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def wait_for_server() -> None:
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def fetch(cookie: str, path: str) -> tuple[int, bytes, str]:
    """One GET with the session cookie, asking for gzip: the status, the body as sent and its encoding."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "Accept-Encoding": "gzip"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body, response.getheader("Content-Encoding") or ""


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--tasks", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="Keep the database of the last run.")
    args = parser.parse_args()

    if not args.reuse:
        fresh_database(ENV["DATABASE_URL"])
        manage("migrate", "-v0")
        manage("seed_demo")
        manage("generate_load", "--requests", str(args.requests), "--tasks", str(args.tasks))
        vacuum(ENV["DATABASE_URL"])
    else:
        manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    cookies = session_cookies()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cmcoord.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{PORT}",
            "--log-level=warning",
        ],
        cwd=ROOT,
    )
    try:
        wait_for_server()
        times: dict[str, list[float]] = {name: [] for name, _, _ in TARGETS}
        sizes: dict[str, tuple[int, int]] = {}
        for round_ in range(args.rounds + 1):
            for name, user, path in TARGETS:
                started = time.perf_counter()
                status, body, encoding = fetch(cookies[user], path)
                elapsed = (time.perf_counter() - started) * 1000
                if status != 200:
                    raise SystemExit(f"{name}: {path} answered {status}")
                if round_ == 0:  # a warm-up round: the workers' imports and caches
                    raw = gzip.decompress(body) if encoding == "gzip" else body
                    sizes[name] = (len(raw), len(body))
                    continue
                times[name].append(elapsed)
        print(f"{args.rounds} rounds, interleaved; ms measured by the client over the loopback")
        print(f"{'target':<16} {'p50':>8} {'p95':>8} {'bytes':>9} {'gzip':>8} {'ratio':>6}")
        for name, _, path in TARGETS:
            raw, wire = sizes[name]
            print(
                f"{name:<16} {pct(times[name], 50):8.1f} {pct(times[name], 95):8.1f} "
                f"{raw:9d} {wire:8d} {raw / wire:6.1f}  {path}"
            )
        print()
        for ours, theirs, target in RATIOS:
            p50 = pct(times[ours], 50) / pct(times[theirs], 50)
            p95 = pct(times[ours], 95) / pct(times[theirs], 95)
            print(
                f"{ours} / {theirs}: p50 {p50:.2f}×  p95 {p95:.2f}×  {('target ' + target) if target else ''}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
