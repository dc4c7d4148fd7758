"""API fuzzing: schemathesis against the live test server's OpenAPI schema, once per role of the cast.

schemathesis runs from its own virtual environment (.venv-fuzz, made by `make test`, fuzz/requirements.txt)
with a working directory outside the project: its PyPI `requests` never meets our `requests/` app.
Bounded: FUZZ_MAX_EXAMPLES test cases per operation (default 3), a fixed seed, no shrinking, and a hard
timeout per role. Required: zero server errors and zero responses that contradict the schema.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

from accounts.services import token_create
from tests.authz_world import build_world
from tests.requests.conftest import make_request as make_request_fixture

make_request = make_request_fixture

PROJECT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(os.environ.get("FUZZ_SCHEMATHESIS", PROJECT / ".venv-fuzz" / "bin" / "schemathesis"))
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "3"))
TIMEOUT_SECONDS = int(os.environ.get("FUZZ_TIMEOUT_SECONDS", "300"))
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"
ROLES = ("officer", "requester", "hct_member", "hc", "liaison", "observer", "outsider")
# Operations that would end the run's own credentials: signing out everywhere, revoking a token.
EXCLUDED = ["--exclude-path", "/api/v1/auth/logout-everywhere/", "--exclude-method", "DELETE"]


@pytest.fixture
def fuzz_server(live_server, cast, make_request, settings, tmp_path):
    """The live server with the world of the authorization matrix, and generous throttles (fuzzing writes)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth": "10000/min", "writes": "10000/min"},
    }
    build_world(cast, make_request)
    return live_server


def run_schemathesis(base_url: str, token: str, workdir: Path) -> tuple[subprocess.CompletedProcess, dict]:
    report = workdir / "report.json"
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{base_url}/api/schema/?format=json",
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        CHECKS,
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "22",
        "--no-shrink",
        "--generation-database",
        "none",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--no-color",
        *EXCLUDED,
    ]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(workdir), "NO_COLOR": "1"}
    result = subprocess.run(
        command, cwd=workdir, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    data = json.loads(report.read_text()) if report.exists() else {}
    return result, data


def test_the_api_survives_fuzzing_as_every_role(cast, fuzz_server, tmp_path):
    """One live server and one world; schemathesis runs once per role, each with that role's API token."""
    assert SCHEMATHESIS.exists(), (
        f"{SCHEMATHESIS} is missing: `make test` makes .venv-fuzz (fuzz/requirements.txt)."
    )
    failures, counts = {}, {}
    for role in ROLES:
        workdir = tmp_path / f"fuzz-{role}"
        workdir.mkdir()
        assert PROJECT not in workdir.parents
        _token, raw = token_create(user=getattr(cast, role), name="fuzz")

        result, report = run_schemathesis(fuzz_server.url, raw, workdir)

        counts[role] = summary_line(result.stdout)
        if result.returncode != 0 or not report:
            failures[role] = result.stdout[-6000:] + result.stderr[-2000:]
    print("schemathesis:", counts)
    assert not failures, "\n\n".join(f"As {role}:\n{out}" for role, out in failures.items())


def summary_line(stdout: str) -> str:
    """schemathesis's own count, e.g. "200 generated, 200 passed"."""
    lines = stdout.splitlines()
    for index, line in enumerate(lines):
        if line.strip() == "Test cases:" and index + 1 < len(lines):
            return lines[index + 1].strip()
    return "?"
