"""Browser: an approval under a running task is renewed with a new condition by the HC; SANDF's liaison
officer sees the banner, cannot report before acknowledging, acknowledges, then reports progress.
Screenshots: the renewal form, the force's banner, the task after the report."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from guidelines.models import Guideline
from requests.models import ConditionsAcknowledgement, Decision, TaskReport
from requests.services import tasking
from tests.requests.conftest import make_request as make_request_fixture
from tests.requests.hct_helpers import tasked

from .conftest import login, screenshot

make_request = make_request_fixture

NEW_CONDITION = "No military markings at distribution sites"


@pytest.fixture(autouse=True)
def _last_resort_criteria(transactional_db):
    """An earlier transactional test flushed the criteria a data migration loads: load them again."""
    if not Guideline.objects.exists():
        importlib.import_module("guidelines.migrations.0002_last_resort_criteria").forwards(apps, None)


def test_a_renewal_with_a_new_condition_is_acknowledged_then_progress_is_reported(
    cast, make_request, new_page
):
    rfa, task = tasked(cast, make_request, days=3)
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    tasking.task_report_progress(task=task, actor=cast.liaison, text="First rotation flown.")
    until = timezone.localdate() + datetime.timedelta(days=21)

    # the HC renews the approval for three more weeks and adds a condition
    hc = new_page()
    login(hc, "hc")
    hc.goto(f"/requests/{rfa.pk}/")
    hc.get_by_role("link", name="Renew or amend the approval…").click()
    assert "The approval in force" in hc.content()
    conditions = hc.get_by_role("textbox", name="Conditions")
    conditions.fill(conditions.input_value() + "\n" + NEW_CONDITION)
    hc.get_by_label("Valid until").fill(str(until))
    hc.get_by_label("Rationale").fill("Extended for the second and third rotations.")
    screenshot(hc, "approval-renewal-form")
    hc.get_by_role("button", name="Record the decision").click()
    assert "Decision recorded" in hc.content()
    renewal = Decision.objects.filter(request=rfa, superseded_by__isnull=True).get()
    assert renewal.supersedes is not None and NEW_CONDITION in renewal.conditions

    # the force sees the banner and the new condition; no report before it acknowledges
    liaison = new_page()
    login(liaison, "liaison")
    liaison.goto(f"/requests/tasks/{task.pk}/")
    banner = liaison.locator("[data-acknowledgement-due]")
    assert banner.is_visible()
    assert "renewed or amended" in banner.inner_text()
    assert NEW_CONDITION in liaison.locator(".conditions-panel").inner_text()
    assert liaison.get_by_role("button", name="Send the report").count() == 0
    screenshot(liaison, "approval-renewed-force-banner")
    liaison.get_by_role("button", name="Acknowledge the new conditions").click()
    assert "This field is required" in liaison.content()  # the box must be ticked
    assert not ConditionsAcknowledgement.objects.filter(decision=renewal).exists()
    liaison.get_by_label("I have read the new conditions and validity").check()
    liaison.get_by_role("button", name="Acknowledge the new conditions").click()
    assert "Acknowledged" in liaison.content()
    assert liaison.locator("[data-acknowledgement-due]").count() == 0
    ack = ConditionsAcknowledgement.objects.get(decision=renewal)
    assert (ack.decision, ack.by) == (renewal, cast.liaison)

    # then it reports progress
    liaison.get_by_label("Progress report").fill("Second rotation landed at Buzi.")
    liaison.get_by_role("button", name="Send the report").click()
    assert "Progress reported." in liaison.content()
    assert TaskReport.objects.filter(task=task).count() == 2
    assert "Second rotation landed at Buzi." in liaison.content()
    screenshot(liaison, "approval-renewed-force-reported")
