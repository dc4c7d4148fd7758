"""A client generated from the published schema works: openapi-python-client (in .venv-fuzz,
fuzz/requirements.txt) generates it from /api/schema/ of a live server, every module of it imports, and a
short script logs in with it (the token endpoint) and reads a request, a task and a contact as a liaison
officer and as a CMCoord officer (who signs in with a second factor: a recovery code).

The generator and the client run in their own virtual environment with a working directory outside the
project: our `requests/` app must never meet the PyPI libraries of that environment.
"""

import json
import os
import subprocess
import urllib.request
from pathlib import Path

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.services import token_create
from tests.authz_world import build_world
from tests.requests.conftest import make_request as make_request_fixture

make_request = make_request_fixture

PROJECT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(os.environ.get("FUZZ_SCHEMATHESIS", PROJECT / ".venv-fuzz" / "bin" / "schemathesis")).parent
PASSWORD = "a-long-client-password-1"
RECOVERY_CODE = "recovery42"

SCRIPT = r"""
import importlib, json, pkgutil, sys

import cmcoord_client
from cmcoord_client import AuthenticatedClient, Client
from cmcoord_client.api.auth import v1_auth_token_create
from cmcoord_client.api.requests import v1_requests_retrieve
from cmcoord_client.api.tasks import v1_tasks_retrieve
from cmcoord_client.api.v1 import v1_contacts_retrieve, v1_me_retrieve
from cmcoord_client.models import ApiError, TokenRequestRequest

modules = [m.name for m in pkgutil.walk_packages(cmcoord_client.__path__, "cmcoord_client.")]
for name in modules:
    importlib.import_module(name)
print("modules", len(modules))

base_url, ids = sys.argv[1], json.loads(sys.argv[2])
for who in json.loads(sys.argv[3]):
    body = TokenRequestRequest(username=who["username"], password=who["password"], name="generated client")
    if who.get("otp"):
        body.otp = who["otp"]
    answer = v1_auth_token_create.sync(client=Client(base_url=base_url), body=body)
    assert not isinstance(answer, ApiError), answer
    client = AuthenticatedClient(base_url=base_url, token=answer.token, prefix="Token")
    me = v1_me_retrieve.sync(client=client)
    print(who["username"], "me", me.username, [m.role.value for m in me.memberships])
    rfa = v1_requests_retrieve.sync(client=client, id=ids["request"])
    if isinstance(rfa, ApiError):
        print(who["username"], "request", "ApiError", rfa.code)
    else:
        print(who["username"], "request", type(rfa).__name__, rfa.reference, rfa.status.value, len(rfa.legs))
    task = v1_tasks_retrieve.sync(client=client, id=ids["task"])
    approval = task.approval.conditions if task.approval else None
    print(who["username"], "task", type(task).__name__, task.status.value, task.request.reference, approval)
    contact = v1_contacts_retrieve.sync(client=client, id=ids["contact"])
    sharing = contact.sharing.value if hasattr(contact, "sharing") else None
    print(who["username"], "contact", type(contact).__name__, contact.name, sharing)
"""


def run(command, cwd, timeout=300):
    env = {"PATH": f"{VENV_BIN}:/usr/bin:/bin", "HOME": str(cwd), "NO_COLOR": "1"}
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{command[:2]} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture
def world(live_server, cast, make_request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world(cast, make_request)
    for user in (cast.officer, cast.liaison):
        user.set_password(PASSWORD)
        user.save()
    device = StaticDevice.objects.create(user=cast.officer, name="recovery codes", confirmed=True)
    StaticToken.objects.create(device=device, token=RECOVERY_CODE)
    return world


def test_a_client_generated_from_the_schema_logs_in_and_reads_as_each_role(
    cast, world, live_server, tmp_path
):
    assert (VENV_BIN / "openapi-python-client").exists(), (
        f"{VENV_BIN}/openapi-python-client is missing: `make test` makes .venv-fuzz (fuzz/requirements.txt)."
    )
    workdir = tmp_path / "client"
    workdir.mkdir()
    assert PROJECT not in workdir.parents
    _token, raw = token_create(user=cast.requester, name="schema")
    schema_request = urllib.request.Request(
        f"{live_server.url}/api/schema/?format=json", headers={"Authorization": f"Token {raw}"}
    )
    with urllib.request.urlopen(schema_request, timeout=60) as answer:
        (workdir / "schema.json").write_bytes(answer.read())

    generated = run(
        [
            str(VENV_BIN / "openapi-python-client"),
            "generate",
            "--path",
            "schema.json",
            "--meta",
            "none",
            "--output-path",
            "cmcoord_client",
        ],
        workdir,
    )
    assert "Warning" not in generated, generated
    (workdir / "script.py").write_text(SCRIPT)
    rfa, contact = world.requests["tasked"], world.contacts["everyone"]
    ids = {"request": rfa.pk, "task": world.task.pk, "contact": contact.pk}
    who = [
        {"username": cast.liaison.username, "password": PASSWORD},
        {"username": cast.officer.username, "password": PASSWORD, "otp": RECOVERY_CODE},
    ]
    out = run(
        [str(VENV_BIN / "python"), "script.py", live_server.url, json.dumps(ids), json.dumps(who)], workdir
    ).splitlines()
    print("\n".join(out))

    count = int(out[0].split()[1])
    assert count > 200, out[0]
    liaison, officer = cast.liaison.username, cast.officer.username
    task = f"task MilitaryTask {world.task.status} {rfa.reference} {world.decision.conditions}"
    assert world.decision.conditions
    assert out[1:] == [
        f"{liaison} me {liaison} ['military_liaison']",
        # A military user sees no request (only its force's tasks), and no contact's personal fields.
        f"{liaison} request ApiError not_found",
        f"{liaison} {task}",
        f"{liaison} contact ContactForMilitary Eve Everyone None",
        f"{officer} me {officer} ['cmcoord_officer']",
        f"{officer} request AssistanceRequest {rfa.reference} {rfa.status} {rfa.legs.count()}",
        f"{officer} {task}",
        f"{officer} contact Contact Eve Everyone everyone",
    ]
