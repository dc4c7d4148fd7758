"""The printable request shows the decision, its conditions and the tasks (humanitarian readers); the task
order carries only what the force may see, with the conditions and the point of contact."""

import datetime

import pytest
from django.urls import reverse

from requests.models import AssistanceRequest

from .conftest import at

S = AssistanceRequest.Status
RATIONALE = "SENTINEL-RATIONALE: the HCT weighed the risk to access"
CONDITION = "Unarmed personnel only"


@pytest.fixture
def completed(cast, submitted, decide, give_task):
    rfa = submitted(at("2026-03-02", 10), status=S.COMPLETED, title="Airlift of biscuits to Buzi")
    decide(
        rfa,
        at("2026-03-02", 20),
        outcome="approved_with_conditions",
        conditions=[CONDITION],
        valid_until=datetime.date(2026, 4, 30),
        rationale=RATIONALE,
    )
    task = give_task(
        rfa,
        cast.force,
        at("2026-03-03", 10),
        status="completed",
        accepted_at=at("2026-03-03", 12),
        completed_on=datetime.date(2026, 3, 7),
    )
    return rfa, task


@pytest.mark.parametrize("role", ["officer", "requester", "hc", "observer"])
def test_the_printable_request_shows_the_decision_and_the_tasks(role, cast, completed, client_for):
    rfa, _task = completed
    html = client_for(getattr(cast, role)).get(reverse("requests:print", args=[rfa.pk])).content.decode()
    assert "Approved with conditions" in html
    assert CONDITION in html and RATIONALE in html
    assert "Valid from 2 Mar 2026 until 30 Apr 2026." in html
    assert "SANDF" in html and "7 Mar 2026" in html


def test_a_printable_request_without_decision_says_so(cast, submitted, client_for):
    rfa = submitted(at("2026-03-02", 10))
    html = client_for(cast.officer).get(reverse("requests:print", args=[rfa.pk])).content.decode()
    assert "No decision yet." in html and "No task." in html


def test_the_task_order_for_the_force(cast, completed, client_for):
    _rfa, task = completed
    response = client_for(cast.liaison).get(reverse("reports:task-order", args=[task.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert CONDITION in html and "Olivia Officer" in html and "+258 84 000 0000" in html
    assert "Valid from 2 Mar 2026 until 30 Apr 2026." in html
    assert "Beira airport" in html  # the places, with their coordinates
    assert RATIONALE not in html and "SENTINEL" not in html
    assert "Last-resort assessment" not in html


def test_the_task_page_links_its_order(cast, completed, client_for):
    _rfa, task = completed
    html = client_for(cast.liaison).get(task.get_absolute_url()).content.decode()
    assert reverse("reports:task-order", args=[task.pk]) in html


@pytest.mark.parametrize("role", ["liaison_other_force", "requester_other_org", "outsider", "other_officer"])
def test_the_task_order_is_404_for_who_may_not_see_the_task(role, cast, completed, client_for):
    _rfa, task = completed
    assert (
        client_for(getattr(cast, role)).get(reverse("reports:task-order", args=[task.pk])).status_code == 404
    )
