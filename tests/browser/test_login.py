import pytest
from django.core.management import call_command

from cmcoord.models import Role

from .conftest import login, screenshot

DEMO = [
    ("officer", Role.CMCOORD_OFFICER),
    ("requester", Role.REQUESTER),
    ("hct", Role.HCT_MEMBER),
    ("hc", Role.HC),
    ("liaison", Role.MILITARY_LIAISON),
    ("observer", Role.OBSERVER),
]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")


def test_each_demo_account_logs_in_and_sees_its_home_page(demo, new_page):
    for username, role in DEMO:
        page = new_page()
        login(page, username, "cmcoord-demo-2026")
        page.wait_for_url("**/")
        assert page.get_by_role("heading", level=1).inner_text() == "Cyclone response — Mozambique"
        assert page.locator(".lead .role-badge").inner_text() == Role(role).label
        screenshot(page, f"home-{username}")
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url("**/accounts/login/")


def test_a_wrong_password_is_refused_with_a_message(demo, new_page):
    page = new_page()
    login(page, "officer", "not-the-password")
    assert "Please enter a correct username and password" in page.content()


def test_home_page_is_readable_on_a_phone(demo, new_page):
    page = new_page(viewport={"width": 375, "height": 740})
    login(page, "officer", "cmcoord-demo-2026")
    page.wait_for_url("**/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(page, "home-officer-phone")
