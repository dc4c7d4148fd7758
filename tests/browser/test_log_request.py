"""Logging a two-leg air request on a phone, in one page: "Add a leg" starts leg 2 where leg 1 ended, a leg
added by mistake is removed, the assessment is answered on the same page, and "Save and submit" submits it."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from guidelines.models import Guideline
from requests.models import AssistanceRequest

from .conftest import login, screenshot

PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def _last_resort_criteria(transactional_db):
    """An earlier transactional test flushed the criteria a data migration loads: load them again."""
    if not Guideline.objects.exists():
        importlib.import_module("guidelines.migrations.0002_last_resort_criteria").forwards(apps, None)


def test_an_officer_logs_and_submits_a_two_leg_request_on_one_page(cast, new_page):
    today = timezone.localdate()
    page = new_page(viewport=PHONE)
    login(page, "officer")
    page.goto("/requests/new/")
    assert page.locator("[data-leg]").count() == 1
    page.get_by_label("Requesting organisation").select_option(label="World Food Programme (WFP)")
    page.get_by_label("Title").fill("Airlift to Buzi and Guara-Guara")
    page.locator("#id_capability").select_option("air_transport")
    page.get_by_label("Assistance type").select_option("indirect")
    page.get_by_label("Priority").select_option("life_saving")
    page.get_by_label("Task description").fill("Two sites cut off by floodwater.")
    page.get_by_label("Required by").fill(str(today + datetime.timedelta(days=2)))
    page.get_by_label("Latest acceptable date").fill(str(today + datetime.timedelta(days=5)))
    for field, value in zip(
        ["from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon"],
        ["Beira airport", "-19.79639", "34.90778", "Buzi", "-19.87333", "34.62083"],
        strict=True,
    ):
        page.locator(f"#id_legs-0-{field}").fill(value)

    # two legs added by the script, no page load: each starts where the previous one ended
    page.get_by_role("button", name="Add a leg").click()
    page.get_by_role("button", name="Add a leg").click()
    assert page.locator("[data-leg]").count() == 3
    assert page.locator("#id_legs-1-from_name").input_value() == "Buzi"
    assert page.locator("#id_legs-1-from_lat").input_value() == "-19.87333"
    assert page.locator("input[name=legs-TOTAL_FORMS]").input_value() == "3"
    # the second one was a mistake: removed, the rows are numbered again
    page.locator("[data-leg]").nth(1).get_by_role("button", name="Remove this leg").click()
    assert page.locator("[data-leg]").count() == 2
    assert page.locator("input[name=legs-TOTAL_FORMS]").input_value() == "2"
    assert page.locator("#id_legs-1-from_name").input_value() == "Buzi"
    assert page.locator("#id_legs-2-from_name").count() == 0
    page.locator("#id_legs-1-to_name").fill("Guara-Guara")
    page.locator("#id_legs-1-to_lat").fill("-19.65")
    page.locator("#id_legs-1-to_lon").fill("34.38")

    # the assessment, on the same page
    codes = page.eval_on_selector_all(
        'input[type=radio][name^="answer_"][value="met"]', "els => els.map(e => e.name.slice(7))"
    )
    assert len(codes) == 6
    for code in codes:
        page.locator(f'input[name="answer_{code}"][value="met"]').check()
        page.locator(f"#id_justification_{code}").fill("Checked with the Logistics Cluster.")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-new-request-one-page")
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_url("**/requests/*/")
    assert "submitted to the CMCoord officers" in page.content()
    rfa = AssistanceRequest.objects.get(title="Airlift to Buzi and Guara-Guara")
    assert rfa.status == AssistanceRequest.Status.SUBMITTED
    assert [str(leg) for leg in rfa.legs.all()] == ["Beira airport → Buzi", "Buzi → Guara-Guara"]
    assert rfa.answers.count() == 6
