"""Browser: the officer opens the dashboard from the menu, narrows the period, opens the daily report and its
print layout; SANDF's liaison officer reads the military version. Screenshots: the dashboard, the daily report
(screen and print), the military version."""

import datetime

from django.utils import timezone

from requests.models import AssistanceRequest, Task
from tests.reports.conftest import decide, give_task, make_request, submitted  # noqa: F401 - fixtures

from .conftest import login, screenshot

S = AssistanceRequest.Status
SECRET = "SENTINEL humanitarian-only request"


def _mission(cast, submitted, decide, give_task):  # noqa: F811
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    for i, (capability, status) in enumerate(
        [
            ("air_transport", S.COMPLETED),
            ("air_transport", S.ACCEPTED),
            ("medical", S.APPROVED),
            ("engineering", S.REJECTED),
            ("land_transport", S.WITHDRAWN),
            ("air_transport", S.SUBMITTED),
        ]
    ):
        rfa = submitted(
            now - (30 - i) * hours, status=status, capability=capability, title=f"Request {i + 1}"
        )
        if status in (S.COMPLETED, S.ACCEPTED, S.APPROVED, S.REJECTED):
            decide(
                rfa,
                now - (20 - i) * hours,
                procedure=["meeting", "silence", "written", "meeting"][i],
                outcome="rejected" if status == S.REJECTED else "approved_with_conditions",
                conditions=["Unarmed personnel only"] if status != S.REJECTED else None,
                valid_until=timezone.localdate() + datetime.timedelta(days=2),
            )
        if status in (S.COMPLETED, S.ACCEPTED):
            give_task(
                rfa,
                cast.force,
                now - (10 - i) * hours,
                status="completed" if status == S.COMPLETED else "accepted",
                accepted_at=now - (8 - i) * hours,
                completed_on=timezone.localdate() if status == S.COMPLETED else None,
            )
    submitted(now - 2 * hours, title=SECRET, capability="medical")


def test_the_officer_reads_the_dashboard_and_the_daily_report(cast, submitted, decide, give_task, new_page):  # noqa: F811
    _mission(cast, submitted, decide, give_task)
    page = new_page()
    login(page, "officer")
    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    page.get_by_role("heading", name="Requests by status").wait_for()
    status_table = page.locator("#h-status ~ table")
    assert status_table.get_by_role("row", name="Completed 1").count() == 1
    assert page.locator("svg.chart rect.bar").count() >= 5
    screenshot(page, "reports-dashboard")

    today = timezone.localdate()
    page.get_by_label("From", exact=True).fill((today + datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Show").click()
    page.get_by_text("No request in this period.").first.wait_for()

    page.get_by_role("link", name="Daily report", exact=True).first.click()
    page.get_by_role("heading", name="Daily CMCoord report").wait_for()
    assert page.get_by_text(SECRET).count() >= 1
    assert page.get_by_text("Unarmed personnel only").count() >= 1
    screenshot(page, "reports-daily")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    screenshot(page, "reports-daily-print")


def test_a_liaison_officer_reads_the_military_version(cast, submitted, decide, give_task, new_page):  # noqa: F811
    _mission(cast, submitted, decide, give_task)
    page = new_page()
    login(page, "liaison")
    assert page.get_by_role("link", name="Dashboard", exact=True).count() == 0
    page.goto("/reports/daily/")
    page.get_by_text("The version for SANDF").wait_for()
    assert page.get_by_text(SECRET).count() == 0
    assert page.get_by_text("Unarmed personnel only").count() == 0
    assert page.get_by_text("Request 1").count() >= 1
    screenshot(page, "reports-daily-military")

    # the task's page links its printable order: the conditions and the point of contact, nothing else
    task = Task.objects.filter(force=cast.force).order_by("pk").first()
    page.goto(task.get_absolute_url())
    page.get_by_role("link", name="Printable task order").click()
    page.get_by_role("heading", name="Conditions of the approval").wait_for()
    assert page.get_by_text("Unarmed personnel only").count() == 1
    assert page.get_by_text("Olivia Officer").count() == 1
    page.emulate_media(media="print")
    screenshot(page, "reports-task-order-print")
