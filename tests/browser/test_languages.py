"""The pages people use most, in Arabic (right to left) and French, on a phone and a desktop.

Screenshots land in test-artifacts/lang-<language>-<page>-<width>.png to be looked at; the test checks what a
machine can: the language and direction, nothing wider than the screen, the layout mirrored in Arabic, and
no English UI text left in the navigation and the main headings.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from requests.models import AssistanceRequest, Task

from .conftest import login, screenshot

WIDTHS = [360, 1280]
# The elements that stick out of the screen (to say which one when the page is too wide).
WIDEST = """[...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1 || r.left < -1;
}).slice(-5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().left)
  + '..' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")


def _pages():
    task = Task.objects.order_by("pk").first()
    rfa = task.request
    assert AssistanceRequest.objects.filter(pk=rfa.pk).exists()
    return [
        ("home", "officer", "/"),
        ("request-form", "requester", "/requests/new/"),
        ("request", "officer", f"/requests/{rfa.pk}/"),
        ("task", "liaison", f"/requests/tasks/{task.pk}/"),
    ]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_main_pages_read_well_in_arabic_and_french_on_a_phone_and_a_desktop(demo, new_page, language):
    get_user_model().objects.filter(username__in=["officer", "requester", "liaison"]).update(
        language=language
    )
    for name, username, url in _pages():
        for width in WIDTHS:
            page = new_page(viewport={"width": width, "height": 900})
            login(page, username, "cmcoord-demo-2026")  # the login page follows the browser (English here)
            page.wait_for_url("**/")
            page.goto(url)

            html = page.locator("html")
            assert html.get_attribute("lang") == language
            assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} at {width}px is {overflow}px too wide: {page.evaluate(WIDEST)}"
            brand = page.locator(".brand").bounding_box()
            if language == "ar":
                # Mirrored: the brand sits at the right, where English has it at the left.
                assert brand["x"] + brand["width"] > width * 0.6, f"{name} at {width}px is not mirrored"
            else:
                assert brand["x"] < width * 0.4
            nav = page.locator(".main-nav").inner_text()
            assert "Notifications" not in nav or language == "fr"  # the French word is the same
            assert "Log out" not in nav and "Home" not in nav and "Password" not in nav
            screenshot(page, f"lang-{language}-{name}-{width}")
            page.context.close()


def test_the_login_page_switches_language_without_script(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-US")
    page = context.new_page()
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("dir") == "ltr"

    page.locator("#language-select-login").select_option("ar")
    page.locator(".login-language button").click()

    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "تسجيل الدخول"
    screenshot(page, "lang-ar-login-1280")
    context.close()
