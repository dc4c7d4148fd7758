"""The HC decides from the proposal (changes marked against it); the force accepts a task only after
confirming the conditions of the approval, shown above the buttons (page: a form error; API: 400 with a
code)."""

import datetime
import re

from django.utils import timezone

from cmcoord.models import AuditEvent
from requests.models import Task

from .hct_helpers import tasked, written


def test_the_decision_form_starts_from_the_proposal(cast, make_request, client_for):
    rfa, _ = written(cast, make_request)
    html = client_for(cast.hc).get(f"/requests/{rfa.pk}/decision/").content.decode()
    today = timezone.localdate()
    assert re.search(r'value="approved_with_conditions"[^>]*checked', html)
    conditions = re.search(r'<textarea name="conditions"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert conditions.strip().splitlines() == ["Unarmed personnel only", "Civilian lead at the site"]
    assert f'name="valid_from" value="{today.isoformat()}"' in html
    assert f'name="valid_until" value="{(today + datetime.timedelta(days=10)).isoformat()}"' in html
    # what the HCT was asked is on the page, nothing is marked changed yet, and the script is external
    assert 'data-compare="conditions"' in html and 'data-proposed="Unarmed personnel only' in html
    assert "compare changed" not in html
    assert "/static/js/decision-form.js" in html and "<script>" not in html


def test_a_decision_sent_back_with_errors_marks_what_differs_from_the_proposal(
    cast, make_request, client_for
):
    rfa, _ = written(cast, make_request)
    response = client_for(cast.hc).post(
        f"/requests/{rfa.pk}/decision/",
        {
            "outcome": "approved_with_conditions",
            "conditions": "Unarmed personnel only\nNo military markings at distribution sites",
            "valid_from": str(timezone.localdate()),
            "valid_until": "",  # missing: the form comes back
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    conditions = re.search(r'<div class="compare([^"]*)" data-compare="conditions".*?</ul>', html, re.S)
    assert "changed" in conditions.group(1)
    block = conditions.group(0)
    assert re.search(r'class="added">.*No military markings at distribution sites', block, re.S)
    assert re.search(r'class="removed">.*<del><bdi>Civilian lead at the site</bdi></del>', block, re.S)
    assert re.search(r'class="compare changed" data-compare="valid_until"', html)
    assert re.search(r'class="compare" data-compare="outcome"', html)
    assert rfa.decisions.count() == 0


def test_the_task_page_shows_the_conditions_above_the_accept_button(cast, make_request, client_for):
    _, task = tasked(cast, make_request)
    html = client_for(cast.liaison).get(task.get_absolute_url()).content.decode()
    assert (
        html.index("Unarmed personnel only") < html.index("Accept the task") < html.index("Decline the task")
    )
    assert 'name="accept-conditions_confirmed"' in html


def test_accepting_without_confirming_the_conditions_is_a_form_error_and_changes_nothing(
    cast, make_request, client_for
):
    _, task = tasked(cast, make_request)
    before = AuditEvent.objects.count()
    response = client_for(cast.liaison).post(
        f"/requests/tasks/{task.pk}/accept/", {"expected_status": "tasked"}
    )
    assert response.status_code == 400
    assert "Confirm the conditions of the approval" in response.content.decode()
    task.refresh_from_db()
    assert task.status == Task.Status.TASKED and task.accepted_at is None
    assert AuditEvent.objects.count() == before


def test_accepting_with_the_confirmation_records_the_conditions_confirmed(cast, make_request, client_for):
    _, task = tasked(cast, make_request)
    response = client_for(cast.liaison).post(
        f"/requests/tasks/{task.pk}/accept/",
        {"expected_status": "tasked", "accept-conditions_confirmed": "on"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.ACCEPTED
    event = AuditEvent.objects.for_object(task).get(verb="task.accept")
    assert event.data["conditions_confirmed"] == ["Unarmed personnel only"]
    assert event.data["valid_until"] == str(timezone.localdate() + datetime.timedelta(days=10))


def test_the_api_refuses_an_acceptance_without_confirmation_with_a_code(cast, make_request, api_for):
    _, task = tasked(cast, make_request)
    api = api_for(cast.liaison)
    before = AuditEvent.objects.count()
    refused = api.post(f"/api/v1/tasks/{task.pk}/accept/", {}, format="json")
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "conditions_not_confirmed" and body["detail"] and body["fields"] == {}
    task.refresh_from_db()
    assert task.status == Task.Status.TASKED and AuditEvent.objects.count() == before
    accepted = api.post(f"/api/v1/tasks/{task.pk}/accept/", {"conditions_confirmed": True}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"


def test_another_forces_liaison_officer_still_gets_404_before_any_confirmation_check(
    cast, make_request, api_for
):
    _, task = tasked(cast, make_request)
    response = api_for(cast.liaison_other_force).post(
        f"/api/v1/tasks/{task.pk}/accept/", {"conditions_confirmed": True}, format="json"
    )
    assert response.status_code == 404
