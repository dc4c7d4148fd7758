"""Browser: the officer schedules an HCT meeting and puts two requests on its agenda; at the meeting the HC
records who attended, then a decision per request; each request links to the meeting. Screenshots: the
meeting page at desktop width and on a 360 px phone."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from cmcoord import timezones
from cmcoord.models import Operation
from guidelines.models import Guideline
from requests.models import AssistanceRequest, Decision, HctReferral, Meeting
from tests.requests.conftest import make_request as make_request_fixture

from .conftest import login, screenshot

make_request = make_request_fixture
S = AssistanceRequest.Status


@pytest.fixture(autouse=True)
def _last_resort_criteria(transactional_db):
    """An earlier transactional test flushed the criteria a data migration loads: load them again."""
    if not Guideline.objects.exists():
        importlib.import_module("guidelines.migrations.0002_last_resort_criteria").forwards(apps, None)


def test_a_meeting_with_two_requests_is_held_and_decided(cast, make_request, new_page):
    Operation.objects.filter(pk=cast.operation.pk).update(time_zone="Africa/Maputo")
    first = make_request(status=S.UNDER_REVIEW, answered=True, hct=False, title="Airlift of food to Buzi")
    second = make_request(
        status=S.UNDER_REVIEW, answered=True, hct=False, title="Engineers to clear the Beira–Dondo road"
    )
    zone = timezones.zone("Africa/Maputo")
    tomorrow = (
        (timezone.now() + datetime.timedelta(days=1))
        .astimezone(zone)
        .replace(hour=10, minute=0, second=0, microsecond=0)
    )

    # the officer schedules the meeting
    officer = new_page()
    login(officer, "officer")
    officer.goto("/requests/meetings/")
    officer.get_by_role("link", name="Schedule a meeting").click()
    officer.get_by_label("Date and time").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    officer.get_by_label("Place").fill("OCHA office, Beira")
    officer.get_by_label("Call link").fill("https://meet.example.org/hct-moz")
    officer.get_by_role("button", name="Schedule the meeting").click()
    assert "The meeting is scheduled" in officer.content()
    meeting = Meeting.objects.get()
    assert meeting.starts_at == tomorrow

    # and puts both requests to the HCT at that meeting
    for rfa in (first, second):
        officer.goto(rfa.get_absolute_url())
        officer.get_by_role("link", name="Choose the HCT procedure…").click()
        officer.get_by_role("radio", name="HCT meeting").check()
        officer.get_by_label("Scheduled meeting").select_option(str(meeting.pk))
        officer.get_by_role("button", name="Put to the HCT").click()
        assert "The request is with the HCT" in officer.content()
    assert set(HctReferral.objects.values_list("meeting", flat=True)) == {meeting.pk}

    # the meeting's time comes (set-up: written directly)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=10))

    # the HC records who attended, then a decision per request
    hc = new_page()
    login(hc, "hc")
    hc.goto(meeting.get_absolute_url())
    hc.get_by_label(f"{cast.hc.get_full_name()} (OCHA)").check()
    hc.get_by_label(f"{cast.hct_member.get_full_name()} (UNICEF)").check()
    hc.get_by_role("button", name="Record the attendance").click()
    assert "Attendance recorded" in hc.content()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD

    today = timezone.localdate()
    hc.get_by_role("link", name=f"Record the decision on {first.reference}…").click()
    hc.get_by_role("radio", name="Approved", exact=True).check()
    hc.get_by_label("Valid from").fill(str(today))
    hc.get_by_label("Valid until").fill(str(today + datetime.timedelta(days=14)))
    hc.get_by_label("Rationale").fill("No civilian helicopter before Friday.")
    hc.get_by_role("button", name="Record the decision").click()
    assert "Decision recorded" in hc.content()
    assert hc.url.endswith(meeting.get_absolute_url())

    hc.get_by_role("link", name=f"Record the decision on {second.reference}…").click()
    hc.get_by_role("radio", name="Rejected").check()
    hc.get_by_label("Rationale").fill("Civilian contractors can clear the road within the week.")
    hc.get_by_role("button", name="Record the decision").click()
    assert "Decision recorded" in hc.content()

    decisions = {d.request_id: d for d in Decision.objects.all()}
    assert decisions[first.pk].outcome == "approved" and decisions[second.pk].outcome == "rejected"
    for decision in decisions.values():
        assert decision.meeting_id == meeting.pk
        assert set(decision.present.values_list("username", flat=True)) == {"hc", "hct"}

    # the meeting page lists its agenda with each decision
    items = hc.locator("[data-agenda-item]")
    assert items.count() == 2
    assert "Approved" in items.nth(0).inner_text() and "Rejected" in items.nth(1).inner_text()
    hc.get_by_role("textbox", name="Minutes").fill(
        "Two requests decided; the HCT asks for a civilian lead at Buzi."
    )
    hc.get_by_role("button", name="Keep the minutes").click()
    assert "The minutes are kept." in hc.content()
    screenshot(hc, "meeting-page-desktop")

    phone = new_page(viewport={"width": 360, "height": 740})
    login(phone, "hct")
    phone.goto(meeting.get_absolute_url())
    assert phone.locator("[data-agenda-item]").count() == 2
    # nothing wider than the phone's screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "meeting-page-phone")

    # each request links to the meeting where it was decided
    for rfa in (first, second):
        officer.goto(rfa.get_absolute_url())
        officer.locator("[data-decided-at]").click()
        assert officer.url.endswith(meeting.get_absolute_url())
