"""The demo on a 360 px phone: every page every role reaches by following links fits the screen (no sideways
scrolling), and no link leads the reader to a page they may not open; the compact header, the request list's
folded filters, the HC's decision form and the task page, screenshotted."""

import importlib
import re
from urllib.parse import urljoin, urlparse

import pytest
from django.apps import apps
from django.core.management import call_command

from cmcoord.models import Membership, Role, User
from guidelines.models import Guideline
from requests.models import AssistanceRequest, Task
from tests.factories import OperationFactory

from .conftest import login, screenshot

PASSWORD = "cmcoord-demo-2026"
PHONE = {"width": 360, "height": 740}
DEMO_USERS = ["officer", "requester", "hct", "hct2", "hc", "liaison", "liaison2", "observer", "admin"]
# Not pages of the app's layout: Django's admin, the API and its docs, downloads, and what logs out.
SKIP = re.compile(
    r"^/(admin|api|static|media|sw\.js)|/export|\.(csv|vcf|xlsx)(\?|$)|/document/|/attachments/\d+/|/print/|"
    r"logout|password_reset"
)
PER_PATTERN = 2  # pages of one shape (e.g. /contacts/<pk>/) visited per role
MAX_PAGES = 90


@pytest.fixture
def demo(transactional_db):
    """The demo, with the guidelines' criteria an earlier transactional test may have flushed."""
    if not Guideline.objects.exists():
        importlib.import_module("guidelines.migrations.0002_last_resort_criteria").forwards(apps, None)
    call_command("seed_demo")


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0]) + ("?" if "?" in path else "")


def _crawl(page, base: str) -> tuple[list, list, int]:
    """Pages reachable by links from home, at most PER_PATTERN of a shape: (too wide, not found, count)."""
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    queue: list[tuple[str, str | None]] = [("/", None)]
    too_wide, not_found = [], []
    host = urlparse(base).netloc
    while queue and len(seen) < MAX_PAGES:
        path, referrer = queue.pop(0)
        pattern = _pattern(path)
        if path in seen or per_pattern.get(pattern, 0) >= PER_PATTERN:
            continue
        seen.add(path)
        per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
        response = page.goto(path)
        if response.status == 404:
            not_found.append((path, referrer))
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        width = page.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            culprits = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > 361).slice(-2)
                    .map(e => e.tagName + '.' + e.className)"""
            )
            too_wide.append((path, width, culprits))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            url = urlparse(urljoin(base + path, href))
            if url.netloc != host or url.scheme not in ("http", "https"):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if not SKIP.search(target) and target not in seen:
                queue.append((target, path))
    return too_wide, not_found, len(seen)


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_page_of_every_role_fits_a_360px_phone_and_every_link_opens(
    demo, new_page, live_server, username
):
    page = new_page(viewport=PHONE)
    login(page, username, PASSWORD)
    too_wide, not_found, count = _crawl(page, live_server.url)
    assert count >= (3 if username == "admin" else 12), f"{username} reached only {count} pages"
    assert too_wide == [], f"{username}: pages wider than 360 px: {too_wide}"
    assert not_found == [], f"{username}: links to pages they may not open (page, linked from): {not_found}"


def _header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def test_the_phone_header_is_one_line_and_its_menu_opens_without_script(demo, browser, live_server):
    # the browser runs no script at all: the menu is a <details>
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, "liaison", PASSWORD)
        page.goto("/requests/tasks/")
        assert _header_height(page) <= 56  # 7.5 % of the first screen (it was 37-42 %)
        assert page.locator("#op-select").count() == 0  # one operation: no switcher
        assert page.get_by_role("link", name="Contacts").is_hidden()
        screenshot(page, "phone-header-closed")
        page.locator(".menu > summary").click()
        assert page.get_by_role("link", name="Contacts").is_visible()
        assert page.get_by_role("button", name="Log out").is_visible()
        screenshot(page, "phone-header-open")
        page.get_by_role("link", name="Contacts").click()
        page.wait_for_url("**/contacts/")
    finally:
        context.close()


def test_the_switcher_shows_only_with_more_than_one_operation(demo, new_page):
    officer = User.objects.get(username="officer")
    other = OperationFactory(name="Floods response — Malawi", code="MWI", country="Malawi")
    page = new_page(viewport={"width": 1280, "height": 800})
    login(page, "liaison", PASSWORD)
    assert page.locator("#op-select").count() == 0
    assert page.get_by_role("link", name="Contacts").is_visible()  # the menu is open on a wide screen
    Membership.objects.create(user=officer, operation=other, role=Role.CMCOORD_OFFICER)
    login(page, "officer", PASSWORD)
    assert page.locator("#op-select").is_visible()
    screenshot(page, "desktop-header-two-operations")


def test_phone_screenshots_of_the_request_list_decision_form_and_task_page(demo, new_page):
    officer = new_page(viewport=PHONE)
    login(officer, "officer", PASSWORD)
    officer.goto("/requests/")
    first_result = officer.locator("table.requests tbody tr").first
    assert first_result.bounding_box()["y"] < PHONE["height"]  # a result on the first screen
    assert officer.locator("#id_status").is_hidden()  # the filters are folded under the count
    screenshot(officer, "phone-request-list")
    officer.get_by_text("Search and filters").click()
    assert officer.locator("#id_status").is_visible()
    screenshot(officer, "phone-request-list-filters-open")

    with_hct = AssistanceRequest.objects.filter(status=AssistanceRequest.Status.WITH_HCT).first()
    hc = new_page(viewport=PHONE)
    login(hc, "hc", PASSWORD)
    hc.goto(f"/requests/{with_hct.pk}/decision/")
    assert hc.locator("h1").inner_text().startswith("Record the HCT decision")
    if hc.locator("[data-compare=conditions]").count():
        hc.locator("textarea[name=conditions]").fill("Unarmed personnel only\nNo weapons at the site")
        assert hc.locator("[data-compare=conditions].changed").is_visible()
    assert hc.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    screenshot(hc, "phone-hc-decision-form")

    task = Task.objects.filter(force__acronym="SANDF", status=Task.Status.TASKED).first()
    liaison = new_page(viewport=PHONE)
    login(liaison, "liaison", PASSWORD)
    liaison.goto(task.get_absolute_url())
    conditions = liaison.locator("#approval-h").bounding_box()["y"]
    accept = liaison.get_by_role("button", name="Accept the task").bounding_box()["y"]
    assert conditions < accept < 2 * PHONE["height"]  # the conditions, then the button, near the top
    assert liaison.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    screenshot(liaison, "phone-task-page")
