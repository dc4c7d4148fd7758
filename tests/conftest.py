"""The standard cast: one user per role in one operation, an outsider, and a user of another operation."""

import os
import uuid
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from cmcoord.models import Operation, Organization, Role
from tests.factories import MembershipFactory, OperationFactory, OrganizationFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make beside it are
# synchronous and safe, so Django's async-safety guard is turned off for the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Static files by their plain names for the whole session (no collectstatic manifest in tests; the
    image's manifest is tested by tests/cmcoord/test_image_build.py). Session-wide, not per test: a browser's
    request still in flight when a test ends must not meet the production storage restored by its teardown."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test counts its own throttled requests (the counters live in the shared Redis).
    settings.THROTTLE_KEY_PREFIX = f"throttle:{uuid.uuid4().hex}:"


@pytest.fixture(autouse=True)
def _language_of_the_thread():
    """Each test starts in English: a page answered in a user's language leaves that language active in the
    thread (the locale middleware activates, nothing deactivates), and a later test would read its labels."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _outbox_marks():
    """The outbox's "still in the broker" marks live in the shared Redis, by row id: none outlives a test."""
    yield
    from django.core.cache import cache

    from cmcoord import notifications

    client = getattr(cache, "_cache", None)
    if client is not None and hasattr(client, "get_client"):
        redis = client.get_client(write=True)
        keys = list(redis.scan_iter(match=f"*{notifications.QUEUED_MARK.format('*')}", count=1000))
        if keys:
            redis.delete(*keys)


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process unless a test starts a real worker (and turns this off)."""
    from cmcoord.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@dataclass
class Cast:
    operation: Operation
    other_operation: Operation
    ocha: Organization
    wfp: Organization
    unicef: Organization
    force: Organization
    other_force: Organization
    officer: object
    requester: object
    requester_same_org: object
    requester_other_org: object
    hct_member: object
    hct_member2: object
    hc: object
    liaison: object
    liaison_other_force: object
    observer: object
    outsider: object
    other_officer: object

    def by_role(self) -> dict:
        return {
            Role.CMCOORD_OFFICER: self.officer,
            Role.REQUESTER: self.requester,
            Role.HCT_MEMBER: self.hct_member,
            Role.HC: self.hc,
            Role.MILITARY_LIAISON: self.liaison,
            Role.OBSERVER: self.observer,
        }


def member(operation, role, org, username):
    user = UserFactory(username=username, organization=org)
    MembershipFactory(user=user, operation=operation, role=role)
    return user


@pytest.fixture
def cast(db) -> Cast:
    operation = OperationFactory(name="Cyclone response — Mozambique", code="MOZ", country="Mozambique")
    other = OperationFactory(
        name="Earthquake response — Haiti",
        code="HTI",
        country="Haiti",
        context=Operation.Context.COMPLEX_EMERGENCY,
    )
    ocha = OrganizationFactory(name="OCHA", acronym="OCHA", type=Organization.Type.UN_AGENCY)
    wfp = OrganizationFactory(name="World Food Programme", acronym="WFP", type=Organization.Type.UN_AGENCY)
    unicef = OrganizationFactory(name="UNICEF", acronym="UNICEF", type=Organization.Type.UN_AGENCY)
    msf = OrganizationFactory(name="Médecins Sans Frontières", acronym="MSF", type=Organization.Type.INGO)
    echo = OrganizationFactory(name="ECHO", acronym="ECHO", type=Organization.Type.DONOR)
    force = OrganizationFactory(name="SANDF", acronym="SANDF", type=Organization.Type.FOREIGN_MILITARY)
    other_force = OrganizationFactory(
        name="FADM", acronym="FADM", type=Organization.Type.NATIONAL_ARMED_FORCES
    )
    operation.organizations.add(ocha, wfp, unicef, msf, echo, force, other_force)
    other.organizations.add(ocha)
    return Cast(
        operation=operation,
        other_operation=other,
        ocha=ocha,
        wfp=wfp,
        unicef=unicef,
        force=force,
        other_force=other_force,
        officer=member(operation, Role.CMCOORD_OFFICER, ocha, "officer"),
        requester=member(operation, Role.REQUESTER, wfp, "requester"),
        requester_same_org=member(operation, Role.REQUESTER, wfp, "requester_wfp2"),
        requester_other_org=member(operation, Role.REQUESTER, msf, "requester_msf"),
        hct_member=member(operation, Role.HCT_MEMBER, unicef, "hct"),
        hct_member2=member(operation, Role.HCT_MEMBER, wfp, "hct2"),
        hc=member(operation, Role.HC, ocha, "hc"),
        liaison=member(operation, Role.MILITARY_LIAISON, force, "liaison"),
        liaison_other_force=member(operation, Role.MILITARY_LIAISON, other_force, "liaison_fadm"),
        observer=member(operation, Role.OBSERVER, echo, "observer"),
        outsider=UserFactory(username="outsider", organization=msf),
        other_officer=member(other, Role.CMCOORD_OFFICER, ocha, "haiti_officer"),
    )


def mfa_verified_login(client, user):
    """Log the client in as the user; where the user's role needs a second factor, as one who verified it
    (an authenticator is enrolled for them). tests/accounts tests the second factor itself."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.policy import mfa_required
    from cmcoord.models import User

    client.force_login(user)
    if mfa_required(User.objects.get(pk=user.pk)):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for(client):
    """client_for(user) -> a Django test client logged in as that user (second factor verified if needed)."""
    from django.test import Client

    def make(user):
        return mfa_verified_login(Client(), user)

    return make


@pytest.fixture
def api_for():
    """api_for(user) -> a DRF APIClient authenticated as that user."""

    def make(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    return make


# Every answer of the API to the tests is checked against the published schema (tests/openapi_check.py).
_schema_checker = None


def _checker():
    global _schema_checker
    if _schema_checker is None:
        from drf_spectacular.generators import SchemaGenerator

        from tests.openapi_check import Checker

        _schema_checker = Checker(SchemaGenerator().get_schema(request=None, public=True))
    return _schema_checker


@pytest.fixture(scope="session", autouse=True)
def _responses_match_the_schema(django_db_blocker):
    from django.test.client import Client

    from tests.openapi_check import API_PREFIX

    original = Client.request

    def request(self, **environ):
        response = original(self, **environ)
        path = environ.get("PATH_INFO", "")
        if path.startswith(API_PREFIX):
            with django_db_blocker.unblock():
                checker = _checker()
            checker.check(environ.get("REQUEST_METHOD", "GET"), path, response)
        return response

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "request", request)
        yield


def pytest_terminal_summary(terminalreporter):
    if _schema_checker is not None and _schema_checker.checked:
        terminalreporter.write_line(
            f"API responses validated against the OpenAPI schema: {_schema_checker.checked} "
            f"({len(_schema_checker.by_operation)} of {len(_schema_checker.operations)} operations; "
            f"{_schema_checker.unrouted} to paths or methods the schema does not have)"
        )
