import pytest
from django.core.management import call_command

from cmcoord.models import Notification, NotificationPreference

from .conftest import login, screenshot


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")


def test_the_inbox_shows_the_unread_count_and_opening_an_item_marks_it_read(demo, new_page):
    page = new_page()
    login(page, "hc", "cmcoord-demo-2026")
    page.wait_for_url("**/")
    nav = page.get_by_role("navigation", name="Main")
    unread = Notification.objects.filter(recipient__username="hc", read_at__isnull=True).count()
    assert unread >= 1  # the role, and what the demo's requests told the HC
    assert nav.get_by_role("link", name=f"Notifications {unread} unread").is_visible()

    nav.get_by_role("link", name="Notifications").click()
    page.wait_for_url("**/notifications/")
    assert page.get_by_role("heading", level=1).inner_text() == "Notifications"
    item = page.locator("li.notification").filter(
        has=page.get_by_role("heading", level=2, name="You now hold the role Humanitarian Coordinator")
    )
    assert item.is_visible()
    item.get_by_text("Full message").click()
    assert item.get_by_text("You now hold the role Humanitarian Coordinator in the operation").is_visible()
    screenshot(page, "notifications-inbox-desktop")

    page.locator("li.notification", has_text="You now hold the role Humanitarian Coordinator").get_by_role(
        "button", name="Open", exact=True
    ).click()
    page.wait_for_url("**/operations/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cyclone response — Mozambique"
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name=f"Notifications {unread - 1} unread" if unread > 1 else "Notifications")
        .is_visible()
    )
    assert Notification.objects.get(recipient__username="hc", kind="membership.granted").read_at is not None
    assert Notification.objects.filter(recipient__username="hc", read_at__isnull=True).count() == unread - 1


def test_the_inbox_and_preferences_read_well_on_a_phone(demo, new_page):
    page = new_page(viewport={"width": 390, "height": 844})
    login(page, "liaison", "cmcoord-demo-2026")
    page.wait_for_url("**/")
    page.goto("/notifications/")
    assert page.get_by_role(
        "heading", level=2, name="You now hold the role Military liaison officer"
    ).is_visible()
    screenshot(page, "notifications-inbox-phone")

    page.get_by_role("link", name="Preferences").click()
    page.locator("#id_language").select_option("fr")
    page.get_by_role("group", name="You are given a role in an operation").get_by_label(
        "Daily digest"
    ).check()
    screenshot(page, "notifications-preferences-phone")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Your notification preferences are saved.").is_visible()
    assert (
        NotificationPreference.objects.get(user__username="liaison", kind="membership.granted").channel
        == "daily_digest"
    )
