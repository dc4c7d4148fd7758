"""Browser tests: Playwright for Python driving Debian's Chromium against the live test server."""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package.")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page() -> a fresh browser context's page; every context is closed at the end of the test."""
    contexts = []

    def make(viewport=None):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport or {"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, username, password="pw"):
    """Sign in through the login page; where the role needs a second factor, type an authenticator's code
    (an authenticator is enrolled for the user if they have none: tests/accounts test the enrolment)."""
    device = _authenticator_for(username)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():  # the answer to the form: a redirect, or the form again with its error
        page.get_by_role("button", name="Log in").click()
    if device is not None and "/accounts/mfa/verify/" in page.url:
        # the password is accepted: the second factor's page follows (by the field's name, not its label: the
        # page speaks the user's language from now on)
        page.locator("input[name=token]").fill(current_code(device))
        page.locator("main form[method=post] button.primary").click()
        page.wait_for_url(lambda url: "/accounts/mfa/" not in url)


def _authenticator_for(username):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.policy import mfa_required
    from cmcoord.models import User

    user = User.objects.filter(username=username).first()
    if user is None or not mfa_required(user):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test authenticator", confirmed=True)
    # A code is accepted once per 30-second step: a second login in the same step starts afresh.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return device


def current_code(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
