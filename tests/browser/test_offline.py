"""Offline reading in a real browser: SANDF's liaison officer loads the task list, the service worker saves
the current tasks, the contacts shared with the force and the guidelines; offline, a reload shows them marked
as a saved copy; after logout nothing of theirs remains on the device."""

import importlib
import re
import time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from contacts.models import Contact, ContactAccessLog
from guidelines.models import Guideline
from requests.models import ACTIVE_TASK_STATES, Task

from .conftest import login, screenshot

PASSWORD = "cmcoord-demo-2026"
PHONE = {"width": 360, "height": 740}

SYNCED = "(async () => Boolean(await caches.match('/__offline__/synced')))()"
SAVED_URLS = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search);
  }
  return out;
}"""


@pytest.fixture
def demo(transactional_db):
    """The demo, with the guidelines' criteria an earlier transactional test may have flushed."""
    if not Guideline.objects.exists():
        importlib.import_module("guidelines.migrations.0002_last_resort_criteria").forwards(apps, None)
    call_command("seed_demo")


def _saved(page) -> dict:
    return page.evaluate(SAVED_URLS)


def _wait_for_sync(page, path, timeout=30):
    """Until the worker has saved `path` (page.evaluate awaits the promise; wait_for_function would not)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(path in urls for name, urls in _saved(page).items() if name.startswith("cmcoord-pages-")):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{path} was not saved: {_saved(page)}")


def _wait_until(page, expression, timeout=10):
    # Bounded by a number of polls (every 200 ms), not by reading a clock; page.evaluate awaits async ones.
    for _ in range(timeout * 5):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"never true: {expression}")


def test_the_liaison_officers_field_pages_stay_readable_offline_until_logout(demo, new_page):
    tasks = list(
        Task.objects.filter(force__acronym="SANDF", status__in=ACTIVE_TASK_STATES).select_related("request")
    )
    assert tasks, "the demo gives SANDF current tasks"
    page = new_page(viewport=PHONE)
    login(page, "liaison", PASSWORD)
    page.goto("/requests/tasks/")
    last_task = tasks[-1].get_absolute_url()
    _wait_until(page, SYNCED, timeout=30)

    saved = _saved(page)
    pages = next(urls for name, urls in saved.items() if name.startswith("cmcoord-pages-"))
    assert "/requests/tasks/" in pages
    assert {t.get_absolute_url() for t in tasks} <= set(pages)
    assert "/contacts/" in pages and "/guidelines/" in pages and "/offline/" in pages
    # the contacts read ahead are logged as saved on the device, not as seen by the liaison officer
    logged = set(ContactAccessLog.objects.filter(user__username="liaison").values_list("how", flat=True))
    assert logged == {"offline"}
    assert not any(url.startswith("/api/") for urls in saved.values() for url in urls)
    # a page the liaison officer may not open (a request page) is never kept
    assert not any(url.startswith("/requests/") and "/tasks/" not in url for url in pages)

    # offline: the reload shows the tasks, marked as a saved copy
    page.context.set_offline(True)
    page.reload()
    banner = page.locator("[data-saved-copy]")
    assert banner.is_visible()
    assert "saved on this device" in banner.inner_text()
    saved_at = page.locator("time[data-saved-at]")
    assert saved_at.get_attribute("datetime").startswith(str(timezone.now().year))
    assert re.search(r"\d{1,2}:\d{2}", saved_at.inner_text()) and not re.search(
        r"\dT\d", saved_at.inner_text()
    )
    for task in tasks:
        assert task.request.reference in page.content()
    screenshot(page, "offline-task-list-phone")

    # ... and each current task's page, the contacts and the guidelines, without ever having been opened
    page.goto(last_task)
    assert page.locator("[data-saved-copy]").is_visible()
    assert tasks[-1].request.title in page.content()
    assert page.locator("main form[method=post]").first.is_hidden() or not page.locator("main form").count()
    page.goto("/contacts/")
    assert page.locator("[data-saved-copy]").is_visible()
    shared = Contact.objects.filter(sharing=Contact.Sharing.EVERYONE).order_by("name").first()
    if shared is not None:
        assert shared.name in page.content()
    hidden = Contact.objects.exclude(sharing=Contact.Sharing.EVERYONE).first()
    assert hidden is None or hidden.name not in page.content()
    page.goto("/guidelines/")
    assert page.locator("[data-saved-copy]").is_visible()
    # a page never saved gets the offline page, listing what is kept
    page.goto("/notifications/")
    assert "not saved on this device" in page.content()
    assert page.get_by_role("link", name="Tasks").count() >= 1

    # back online, the same page is live again (no "saved" notice)
    page.context.set_offline(False)
    page.goto("/requests/tasks/")
    assert page.locator("[data-saved-copy]").is_hidden()

    # logout: nothing saved remains, and the site's caches are empty
    page.locator(".menu > summary").click()  # the phone's folded menu
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/**")
    _wait_until(page, "(async () => (await caches.keys()).length === 0)()")
    assert _saved(page) == {}
    _wait_until(page, "(async () => (await navigator.serviceWorker.getRegistrations()).length === 0)()")

    # offline again, the task list is not readable from this device any more
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto("/requests/tasks/")  # no worker, no saved copy: the browser's own "no connection"
    page.context.set_offline(False)


def test_a_second_reader_on_the_same_device_never_reads_the_first_ones_pages(demo, new_page):
    page = new_page(viewport=PHONE)
    login(page, "liaison", PASSWORD)
    page.goto("/requests/tasks/")
    _wait_for_sync(page, "/requests/tasks/")
    first = {name for name in _saved(page) if name.startswith("cmcoord-pages-")}

    # FADM's liaison officer signs in on the same browser without the first one logging out
    login(page, "liaison2", PASSWORD)
    page.goto("/requests/tasks/")
    _wait_for_sync(page, "/requests/tasks/")
    saved = _saved(page)
    assert not first & set(saved), "the first reader's cache is gone"
    sandf = Task.objects.filter(force__acronym="SANDF").select_related("request")
    kept = {url for name, urls in saved.items() if name.startswith("cmcoord-pages-") for url in urls}
    assert not {t.get_absolute_url() for t in sandf} & kept
