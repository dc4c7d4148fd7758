"""The second factor as a person meets it, and the strict CSP in a real browser (no violation reported)."""

import base64

from django_otp.oath import totp

from cmcoord.models import Role
from tests.factories import MembershipFactory, OperationFactory, OrganizationFactory, UserFactory

from .conftest import screenshot

PASSWORD = "Correct-horse-battery-42"


def make_user(username, role=None, **extra):
    org = OrganizationFactory(name="OCHA", acronym="OCHA", type="un_agency")
    user = UserFactory(username=username, organization=org, **extra)
    user.set_password(PASSWORD)
    user.save()
    if role:
        operation = OperationFactory(name="Cyclone response — Mozambique", code="MOZ")
        operation.organizations.add(org)
        MembershipFactory(user=user, operation=operation, role=role)
    return user


def code_from_key(key_text: str) -> str:
    key = base64.b32decode(key_text.replace(" ", ""))
    return f"{totp(key):06d}"


def test_an_officer_enrols_an_authenticator_at_first_login(transactional_db, new_page):
    make_user("officer", Role.CMCOORD_OFFICER)
    page = new_page(viewport={"width": 360, "height": 800})
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/mfa/setup/**")
    assert page.locator(".qr svg").is_visible()
    screenshot(page, "mfa-setup-phone")
    page.get_by_label("Code").fill(code_from_key(page.locator("code.secret").inner_text()))
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/accounts/mfa/recovery-codes/**")
    assert page.locator(".codes li").count() == 10
    screenshot(page, "mfa-recovery-codes")
    page.get_by_role("link", name="I have kept them, continue").click()
    page.wait_for_url("**/")
    assert page.get_by_role("link", name="People's access").is_visible() or page.locator(".main-nav").count()
    assert not violations, violations


def test_pages_and_the_api_docs_run_under_the_csp_without_violations(transactional_db, new_page):
    make_user("requester", Role.REQUESTER)
    page = new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("requester")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")

    for path in ("/", "/accounts/security/", "/requests/", "/contacts/", "/guidelines/"):
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info").wait_for()
    screenshot(page, "api-docs")

    assert not violations, violations
