"""The production image's build steps, run as the image runs them: build, then serve with DEBUG off.

The Dockerfile runs scripts/build.sh; this test runs the same script into a temporary STATIC_ROOT, then starts
gunicorn with the image's configuration (deploy/gunicorn.conf.py) and DEBUG=0 against the test database, and
asks for pages and their static files. An image without its static manifest answers 500 on every page:
this test is what notices.
"""

import gzip
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture
def built_image_env(tmp_path, transactional_db):
    static_root = tmp_path / "static"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PYTHON": sys.executable,
        "STATIC_ROOT": str(static_root),
    }
    build = subprocess.run(
        ["bash", "scripts/build.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert (static_root / "staticfiles.json").is_file()
    return {
        **env,
        "DEBUG": "0",
        "SECRET_KEY": "image-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": _database_url(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "WEB_CONCURRENCY": "1",
    }


@pytest.fixture
def served(built_image_env):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cmcoord.wsgi:application", "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env={**built_image_env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # Wait for the port to open (bounded by attempts, not by a clock the test asserts on).
        for _ in range(300):
            if proc.poll() is not None:
                pytest.fail("gunicorn exited: " + proc.stdout.read().decode(errors="replace"))
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not open its port")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_the_built_image_serves_pages_and_their_static_files_with_debug_off(served):
    status, headers, body = _get(served, "/accounts/login/")
    assert status == 200, body[:2000]
    html = body.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page links the hashed stylesheet of the manifest"

    status, headers, css = _get(served, stylesheet.group(1), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("content-encoding") == "gzip"
    assert "immutable" in headers.get("cache-control", "")
    assert b"body" in gzip.decompress(css)

    status, _, body = _get(served, "/healthz")
    assert status == 200, body


def test_the_built_image_compresses_html_and_json(served):
    status, headers, body = _get(served, "/accounts/login/", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in headers.get("vary", "")
    assert b"<html" in gzip.decompress(body)
