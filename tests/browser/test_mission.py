"""Browser: the whole mission in one run. An officer logs and validates a request and puts it to the HCT by
written procedure; two HCT members agree; the deadline passes and the periodic task adopts it; the officer
tasks SANDF; SANDF's liaison officer accepts and reports completion; the officer sees it on the timeline;
FADM's liaison officer never sees it. Screenshots: the HCT response page, the decision, the military task."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from guidelines.models import Guideline
from guidelines.selectors import criteria_for_operation
from requests.models import AssistanceRequest, Task
from requests.tasks import adopt_written_procedures

from .conftest import login, screenshot
from .test_requests import PHONE, fill_request


@pytest.fixture(autouse=True)
def _last_resort_criteria(transactional_db):
    """An earlier transactional test flushed the criteria a data migration loads: load them again."""
    if not Guideline.objects.exists():
        importlib.import_module("guidelines.migrations.0002_last_resort_criteria").forwards(apps, None)


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def _phone_shot(new_page, username, url, name):
    phone = new_page(viewport=PHONE)
    login(phone, username)
    phone.goto(url)
    screenshot(phone, name)
    _fits_a_phone(phone)


def test_the_whole_mission_from_request_to_completion(cast, new_page):
    today = timezone.localdate()
    # the officer logs the request, answers the assessment, submits and reviews it
    officer = new_page()
    login(officer, "officer")
    officer.goto("/requests/new/")
    officer.get_by_label("Requesting organisation").select_option(label="World Food Programme (WFP)")
    fill_request(
        officer,
        title="Airlift of biscuits to Buzi",
        required_by=str(today + datetime.timedelta(days=2)),
        latest=str(today + datetime.timedelta(days=5)),
    )
    officer.get_by_role("button", name="Save draft").click()
    officer.wait_for_url("**/requests/*/")
    request_url = officer.url
    rfa = AssistanceRequest.objects.get(title="Airlift of biscuits to Buzi")
    officer.get_by_role("link", name="Answer the assessment").click()
    for i, version in enumerate(criteria_for_operation(cast.operation)):
        officer.locator(f'input[name="answer_{version.criterion.code}"][value="met"]').check()
        officer.locator(f"#id_justification_{version.criterion.code}").fill(
            f"Checked with the cluster ({i})."
        )
    officer.get_by_role("button", name="Save assessment").click()
    officer.get_by_role("button", name="Submit").click()
    officer.get_by_role("button", name="Start review").click()

    # ... and puts it to the HCT by written procedure, proposing an approval with conditions
    officer.get_by_role("link", name="Choose the HCT procedure…").click()
    officer.get_by_label("Written procedure").check()
    deadline = timezone.localtime() + datetime.timedelta(hours=2)
    officer.get_by_label("Deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    officer.get_by_label("Proposal", exact=True).select_option("approved_with_conditions")
    officer.get_by_label("Proposed conditions").fill("Unarmed personnel only\nCivilian lead at the site")
    officer.get_by_label("Valid from").fill(str(today))
    officer.get_by_label("Valid until").fill(str(today + datetime.timedelta(days=10)))
    officer.get_by_label("Proposal text").fill("No civilian helicopter before Friday.")
    officer.get_by_role("button", name="Put to the HCT").click()
    officer.wait_for_url(request_url)
    assert "written procedure" in officer.content()

    # two HCT members agree, each from their home page's panel
    for username in ("hct", "hct2"):
        member = new_page()
        login(member, username)
        panel = member.locator("section.panel", has_text="Waiting for your response")
        panel.get_by_role("link", name=f"{rfa.reference} Airlift of biscuits to Buzi").click()
        assert "Written procedure" in member.content()
        if username == "hct":
            screenshot(member, "hct-respond-desktop")
            _phone_shot(new_page, "hct", member.url, "hct-respond-phone")
        member.get_by_label("Agree").check()
        member.get_by_label("Comment").fill("Agreed: no civilian option.")
        member.get_by_role("button", name="Send my response").click()
        assert "Your response is recorded." in member.content()
        assert "You responded: Agree" in member.content()

    # the deadline passes: the periodic task adopts the proposal by silence
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3), tick=False):
        assert adopt_written_procedures() == 1
    officer.goto(request_url)
    assert officer.locator(".status.big").inner_text() == "Approved"
    assert "by silence" in officer.content()
    officer.locator("#hct").scroll_into_view_if_needed()
    screenshot(officer, "hct-decision-desktop")
    _phone_shot(new_page, "officer", request_url, "hct-decision-phone")

    # the officer tasks SANDF, naming the requester as the humanitarian point of contact
    officer.get_by_role("link", name="Task the military…").click()
    officer.get_by_label("Military organisation").select_option(label="SANDF (SANDF)")
    officer.get_by_label("Humanitarian point of contact").select_option(str(cast.requester.pk))
    officer.get_by_label("Point of contact's phone").fill("+258 84 000 1111")
    officer.get_by_role("button", name="Task this force").click()
    assert "its liaison officers see it now" in officer.content()
    task = Task.objects.get(request=rfa)

    # SANDF's liaison officer sees it, accepts it and reports it complete
    liaison = new_page()
    login(liaison, "liaison")
    liaison.get_by_role("link", name="Tasks", exact=True).click()
    liaison.get_by_role("link", name=f"{rfa.reference} Airlift of biscuits to Buzi").click()
    assert "Unarmed personnel only" in liaison.content()
    assert "+258 84 000 1111" in liaison.content()
    screenshot(liaison, "task-military-desktop")
    _phone_shot(new_page, "liaison", liaison.url, "task-military-phone")
    # accepting without confirming the conditions is refused, next to the checkbox
    liaison.get_by_role("button", name="Accept the task").click()
    assert "Confirm the conditions of the approval" in liaison.content()
    liaison.get_by_label("The force will respect these conditions").check()
    liaison.get_by_role("button", name="Accept the task").click()
    assert "Task accepted." in liaison.content()
    liaison.get_by_label("Completed on").fill(str(today))
    liaison.get_by_label("What was delivered").fill("12 t of biscuits in three rotations.")
    liaison.get_by_role("button", name="Report complete").click()
    assert "Completion reported" in liaison.content()
    assert liaison.locator(".status.big").inner_text() == "Completed"
    screenshot(liaison, "task-military-completed-desktop")

    # the officer sees the completion on the request's timeline
    officer.goto(request_url)
    timeline = officer.locator(".timeline").first.inner_text()
    assert "reported the task complete" in timeline
    assert "adopted the proposal by silence" in timeline
    assert officer.locator(".status.big").inner_text() == "Completed"

    # FADM's liaison officer never sees it
    other = new_page()
    login(other, "liaison_fadm")
    other.goto("/requests/tasks/")
    assert "No task for your force yet." in other.content()
    response = other.goto(task.get_absolute_url())
    assert response.status == 404
    assert "Airlift" not in other.content()
