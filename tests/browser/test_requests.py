"""Browser: an officer takes a request from the form to the HCT; a requester's impossible date keeps what they
typed. Screenshots of the list, the detail and the form, on a desktop and a phone."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from guidelines.models import Guideline
from guidelines.selectors import criteria_for_operation

from .conftest import login, screenshot

PHONE = {"width": 375, "height": 740}


@pytest.fixture(autouse=True)
def _last_resort_criteria(transactional_db):
    """An earlier transactional test flushed the criteria a data migration loads: load them again."""
    if not Guideline.objects.exists():
        importlib.import_module("guidelines.migrations.0002_last_resort_criteria").forwards(apps, None)


def fill_request(page, *, title, required_by, latest):
    page.get_by_label("Title").fill(title)
    page.locator("#id_capability").select_option("air_transport")
    page.get_by_label("Assistance type").select_option("indirect")
    page.get_by_label("Priority").select_option("life_saving")
    page.get_by_label("Task description").fill(
        "Buzi is cut off by floodwater; 12 t of biscuits for 15,000 people."
    )
    page.get_by_label("Required by").fill(required_by)
    page.get_by_label("Latest acceptable date").fill(latest)
    page.get_by_label("Cargo weight (kg)").fill("12000")
    legs = [
        ("Beira airport", "-19.79639", "34.90778", "Buzi", "-19.87333", "34.62083"),
        ("Buzi", "-19.87333", "34.62083", "Guara-Guara", "-19.65", "34.38"),
    ]
    for i, values in enumerate(legs):
        if i and page.locator(f"#id_legs-{i}-from_name").count() == 0:
            page.get_by_role("button", name="Add a leg").click()
        for field, value in zip(
            ["from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon"], values, strict=True
        ):
            page.locator(f"#id_legs-{i}-{field}").fill(value)


def test_an_officer_creates_assesses_submits_and_moves_a_request_on(cast, new_page):
    assert len(criteria_for_operation(cast.operation)) == 6
    today = timezone.localdate()
    page = new_page()
    login(page, "officer")
    page.get_by_role("link", name="Requests").first.click()
    page.get_by_role("link", name="New request", exact=True).click()
    page.get_by_label("Requesting organisation").select_option(label="World Food Programme (WFP)")
    fill_request(
        page,
        title="Airlift of biscuits to Buzi",
        required_by=str(today + datetime.timedelta(days=2)),
        latest=str(today + datetime.timedelta(days=5)),
    )
    screenshot(page, "requests-form-desktop")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/requests/*/")
    assert "saved as a draft" in page.content()
    assert page.locator("table").first.inner_text().count("Buzi") >= 2

    # the assessment: one answer and a justification per criterion, one of them unclear
    page.get_by_role("link", name="Answer the assessment").click()
    for i, version in enumerate(criteria_for_operation(cast.operation)):
        answer = "unclear" if i == 1 else "met"
        page.locator(f'input[name="answer_{version.criterion.code}"][value="{answer}"]').check()
        page.locator(f"#id_justification_{version.criterion.code}").fill(
            f"Checked with the cluster ({i + 1})."
        )
    page.get_by_role("button", name="Save assessment").click()
    page.wait_for_url("**/requests/*/")
    assert "1 criterion not met or unclear" in page.content()

    page.get_by_role("button", name="Submit").click()
    assert "The request is now “Submitted”" in page.content()
    page.get_by_role("button", name="Start review").click()
    # an unclear answer: the one-click button is refused, the officer confirms with a note for the HCT
    page.get_by_role("button", name="Put to the HCT").click()
    assert "confirm that the HCT should consider the request nonetheless" in page.content()
    page.get_by_role("link", name="Choose the HCT procedure…").click()
    page.get_by_label("Written procedure").check()
    deadline = timezone.localtime() + datetime.timedelta(hours=4)
    page.get_by_label("Deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("I have read the criteria answered").check()
    page.get_by_label("Note to the HCT on these criteria").fill("The cluster confirms no civilian carrier.")
    page.get_by_label("Proposal", exact=True).select_option("approved")
    page.get_by_label("Valid from").fill(str(today))
    page.get_by_label("Valid until").fill(str(today + datetime.timedelta(days=10)))
    page.get_by_role("button", name="Put to the HCT").click()
    page.wait_for_url("**/requests/*/")
    page.locator(".status.big").wait_for()
    assert page.locator(".status.big").inner_text() == "With the HCT"
    screenshot(page, "requests-detail-desktop")

    page.get_by_role("link", name="Requests", exact=True).first.click()
    row = page.locator("tbody tr", has_text="Airlift of biscuits to Buzi")
    assert row.locator(".status").inner_text() == "With the HCT"
    screenshot(page, "requests-list-desktop")

    phone = new_page(viewport=PHONE)
    login(phone, "officer")
    phone.goto("/requests/")
    screenshot(phone, "requests-list-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("tbody a").first.click()
    phone.wait_for_url("**/requests/*/")
    screenshot(phone, "requests-detail-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.goto("/requests/new/")
    screenshot(phone, "requests-form-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_requester_sees_the_date_error_and_loses_nothing_typed(cast, new_page):
    today = timezone.localdate()
    page = new_page()
    login(page, "requester")
    page.goto("/requests/new/")
    required, latest = str(today + datetime.timedelta(days=5)), str(today + datetime.timedelta(days=1))
    fill_request(page, title="Boat to Nhamatanda", required_by=required, latest=latest)
    page.get_by_role("button", name="Save draft").click()

    error = page.locator("#id_latest_acceptable_error")
    assert error.inner_text() == "The latest acceptable date cannot be before the required-by date."
    screenshot(page, "requests-form-error-desktop")
    assert page.get_by_label("Title").input_value() == "Boat to Nhamatanda"
    assert page.get_by_label("Required by").input_value() == required
    assert page.get_by_label("Latest acceptable date").input_value() == latest
    assert page.locator("#id_capability").input_value() == "air_transport"
    assert page.get_by_label("Cargo weight (kg)").input_value() == "12000"
    assert page.get_by_label("Task description").input_value().startswith("Buzi is cut off")
    assert page.locator("#id_legs-1-to_name").input_value() == "Guara-Guara"
    assert page.locator("#id_legs-1-to_lat").input_value() == "-19.65"
    assert page.locator("#id_legs-0-from_lon").input_value() == "34.90778"
