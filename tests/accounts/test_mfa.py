"""Second factor: required for CMCoord officers, the HC, operations managers and staff; optional else."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.policy import MFA_REQUIRED_ROLES
from cmcoord.models import AuditEvent, Role
from tests.factories import UserFactory

from .conftest import PASSWORD, code_for

LOGIN = "/accounts/login/"


def later(**delta):
    return time_machine.travel(timezone.now() + datetime.timedelta(**delta), tick=False)


def sign_in(username) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response
    return client


def enrol(client, user) -> list[str]:
    """Go through the setup page as a person would; returns the recovery codes shown."""
    page = client.get("/accounts/mfa/setup/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post("/accounts/mfa/setup/", {"token": code_for(device), "next": "/"})
    assert done.status_code == 302
    codes_page = client.get(done["Location"]).content.decode()
    return re.findall(r"<code>([a-z0-9]+)</code>", codes_page)


@pytest.mark.parametrize("role", [Role.CMCOORD_OFFICER, Role.HC])
def test_a_required_role_is_sent_to_enrol_at_first_login_and_reaches_nothing_before(with_passwords, role):
    user = with_passwords.by_role()[role]
    client = sign_in(user.username)

    home = client.get("/")
    requests_page = client.get("/requests/")
    api = client.get("/api/v1/me/")

    assert home.status_code == 302 and home["Location"].startswith("/accounts/mfa/setup/")
    assert requests_page.status_code == 302 and requests_page["Location"].startswith("/accounts/mfa/setup/")
    assert api.status_code == 403 and api.json()["code"] == "mfa_required"


def test_the_required_roles_are_one_constant():
    assert set(MFA_REQUIRED_ROLES) == {Role.CMCOORD_OFFICER, Role.HC}


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.HCT_MEMBER, Role.MILITARY_LIAISON, Role.OBSERVER])
def test_other_roles_may_go_without(with_passwords, role):
    client = sign_in(with_passwords.by_role()[role].username)

    assert client.get("/").status_code == 200


def test_enrolment_gives_single_use_recovery_codes_and_then_login_asks_for_a_code(with_passwords):
    officer = with_passwords.officer
    client = sign_in("officer")
    codes = enrol(client, officer)

    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(verb="mfa.enrolled", object_id=str(officer.pk)).exists()

    again = sign_in("officer")
    assert again.get("/")["Location"].startswith("/accounts/mfa/verify/")
    wrong = again.post("/accounts/mfa/verify/", {"token": "000000"})
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    with later(seconds=5):  # a wrong code slows the next try down (django-otp's throttling)
        assert again.post("/accounts/mfa/verify/", {"token": codes[0], "next": "/"}).status_code == 302
    assert again.get("/").status_code == 200

    third = sign_in("officer")
    reused = third.post("/accounts/mfa/verify/", {"token": codes[0]})
    assert reused.status_code == 200
    assert third.get("/").status_code == 302
    assert StaticToken.objects.filter(device__user=officer).count() == 9


def test_an_authenticator_code_verifies_the_login(with_passwords):
    officer = with_passwords.officer
    enrol(sign_in("officer"), officer)
    device = TOTPDevice.objects.get(user=officer, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)

    client = sign_in("officer")
    before = client.session.session_key
    assert client.post("/accounts/mfa/verify/", {"token": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200
    assert client.session.session_key != before


def test_a_password_alone_cannot_replace_an_enrolled_authenticator(with_passwords):
    officer = with_passwords.officer
    enrol(sign_in("officer"), officer)
    attacker = sign_in("officer")

    setup = attacker.get("/accounts/mfa/setup/")

    assert setup.status_code == 302 and setup["Location"].startswith("/accounts/mfa/verify/")
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_the_admin_requires_the_second_factor(db):
    staff = UserFactory(username="admin", is_staff=True, is_superuser=True)
    staff.set_password(PASSWORD)
    staff.save()
    client = Client()
    assert client.post("/admin/login/", {"username": "admin", "password": PASSWORD}).status_code == 302

    admin_home = client.get("/admin/")
    assert admin_home.status_code == 302 and admin_home["Location"].startswith("/accounts/mfa/setup/")
    enrol(client, staff)
    assert client.get("/admin/").status_code == 200


def test_an_operations_manager_flag_requires_it(db, settings):
    from accounts.policy import mfa_required

    user = UserFactory(username="opsman")
    user.is_operations_manager = True  # the flag of issue 14, read by name

    assert mfa_required(user)


def test_the_token_endpoint_asks_a_required_role_for_its_second_factor(with_passwords):
    officer = with_passwords.officer
    api = APIClient()
    body = {"username": "officer", "password": PASSWORD, "name": "laptop"}

    not_enrolled = api.post("/api/v1/auth/token/", body)
    codes = enrol(sign_in("officer"), officer)
    missing = api.post("/api/v1/auth/token/", body)
    wrong = api.post("/api/v1/auth/token/", {**body, "otp": "123456"})
    with later(seconds=5):
        right = api.post("/api/v1/auth/token/", {**body, "otp": codes[1]})

    assert (not_enrolled.status_code, not_enrolled.json()["code"]) == (403, "mfa_enrolment_required")
    assert (missing.status_code, missing.json()["code"]) == (400, "otp_required")
    assert (wrong.status_code, wrong.json()["code"]) == (400, "otp_invalid")
    assert right.status_code == 201 and right.json()["token"]


def test_an_officer_resets_a_lost_second_factor_audited_and_the_person_enrols_again(
    with_passwords, client_for
):
    cast = with_passwords
    enrol(sign_in("hc"), cast.hc)
    hc_session = sign_in("hc")
    device = TOTPDevice.objects.get(user=cast.hc)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    hc_session.post("/accounts/mfa/verify/", {"token": code_for(device)})
    assert hc_session.get("/").status_code == 200

    response = client_for(cast.officer).post(f"/accounts/people/{cast.hc.pk}/reset-mfa/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.hc).exists()
    assert not StaticToken.objects.filter(device__user=cast.hc).exists()
    event = AuditEvent.objects.get(verb="mfa.reset")
    assert (event.actor, event.object_id, event.operation) == (cast.officer, str(cast.hc.pk), cast.operation)
    # The HC's open session ends; at the next sign-in they set up a new authenticator.
    assert hc_session.get("/")["Location"].startswith("/accounts/login/")
    assert sign_in("hc").get("/")["Location"].startswith("/accounts/mfa/setup/")


def test_nobody_else_resets_a_second_factor(with_passwords, client_for):
    cast = with_passwords
    enrol(sign_in("hc"), cast.hc)

    for user in (cast.other_officer, cast.requester, cast.hct_member, cast.liaison, cast.outsider, cast.hc):
        assert client_for(user).post(f"/accounts/people/{cast.hc.pk}/reset-mfa/").status_code == 404

    assert TOTPDevice.objects.filter(user=cast.hc).exists()
    assert not AuditEvent.objects.filter(verb="mfa.reset").exists()


def test_the_lost_device_page_explains_both_ways(db):
    page = Client().get("/accounts/mfa/lost/").content.decode()

    assert "recovery code" in page
    assert "CMCoord officer" in page


def test_check_deploy_refuses_production_without_the_second_factor(settings):
    from accounts.checks import mfa_enforced

    assert mfa_enforced(None) == []
    settings.MFA_ENFORCED = False
    assert [w.id for w in mfa_enforced(None)] == ["accounts.W001"]
