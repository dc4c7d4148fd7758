"""The four key writes the pages and the API had no test for: POST /api/v1/referrals/, POST /api/v1/tasks/,
POST /api/v1/decisions/ and the HC's "record the decision" page. For each: success; 404 for the military and
for another operation's officer; 409 for a refused move; and on every refusal nothing changed and nobody was
told."""

import datetime

import pytest
from django.utils import timezone

from cmcoord.models import AuditEvent, Notification
from requests.models import AssistanceRequest, Decision, HctReferral, Task

from .hct_helpers import approved

S = AssistanceRequest.Status


def _state(rfa) -> tuple:
    """Everything a refused write must leave as it was."""
    rfa.refresh_from_db()
    return (
        rfa.status,
        rfa.updated_at,
        HctReferral.objects.count(),
        Decision.objects.count(),
        Task.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def _refused(response, status, code=None) -> None:
    assert response.status_code == status, response.content
    if code is not None:
        assert response.json()["code"] == code


def _with_hct(cast, make_request):
    from requests.services import rfa as services

    rfa = make_request(status=S.UNDER_REVIEW, answered=True)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    rfa.refresh_from_db()
    return rfa


def _approval_data(rfa) -> dict:
    today = timezone.localdate()
    return {
        "request": rfa.pk,
        "outcome": "approved_with_conditions",
        "conditions": ["Unarmed personnel only"],
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=7)).isoformat(),
        "rationale": "No civilian helicopter before Friday.",
        "expected_status": rfa.status,
        "expected_decision": None,
    }


# POST /api/v1/referrals/


def test_api_referral_puts_a_reviewed_request_to_a_written_procedure(cast, make_request, api_for):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True)
    today = timezone.localdate()
    response = api_for(cast.officer).post(
        "/api/v1/referrals/",
        {
            "request": rfa.pk,
            "procedure": "written",
            "deadline": (timezone.now() + datetime.timedelta(hours=48)).isoformat(),
            "proposed_outcome": "approved",
            "proposed_valid_from": today.isoformat(),
            "proposed_valid_until": (today + datetime.timedelta(days=5)).isoformat(),
            "proposal": "No civilian lift before Friday.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["request"], body["procedure"], body["state"]) == (rfa.pk, "written", "open")
    rfa.refresh_from_db()
    assert rfa.status == S.WITH_HCT
    assert AuditEvent.objects.filter(verb="request.put_to_hct", object_id=str(rfa.pk)).count() == 1
    hct = set(Notification.objects.filter(kind="request.put_to_hct").values_list("recipient", flat=True))
    assert hct == {cast.hct_member.pk, cast.hct_member2.pk, cast.hc.pk}


@pytest.mark.parametrize("who", ["liaison", "other_officer", "outsider"])
def test_api_referral_is_404_for_the_military_and_other_operations(cast, make_request, api_for, who):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True)
    before = _state(rfa)
    response = api_for(getattr(cast, who)).post(
        "/api/v1/referrals/", {"request": rfa.pk, "procedure": "meeting"}, format="json"
    )
    _refused(response, 404)
    assert _state(rfa) == before


@pytest.mark.parametrize(
    ("status", "who", "code"),
    [
        (S.DRAFT, "officer", "referral_not_allowed"),  # not reviewed, and not with the HCT either
        (S.UNDER_REVIEW, "requester", "referral_not_allowed"),  # not the requester's step
    ],
)
def test_api_referral_refused_changes_nothing_and_tells_nobody(
    cast, make_request, api_for, status, who, code
):
    rfa = make_request(status=status, answered=True)
    before = _state(rfa)
    response = api_for(getattr(cast, who)).post(
        "/api/v1/referrals/", {"request": rfa.pk, "procedure": "meeting"}, format="json"
    )
    _refused(response, 409, code)
    assert _state(rfa) == before


# POST /api/v1/tasks/


def test_api_task_tasks_an_approved_request_to_one_force(cast, make_request, api_for):
    rfa = approved(cast, make_request)
    response = api_for(cast.officer).post(
        "/api/v1/tasks/",
        {"request": rfa.pk, "force": cast.force.pk, "poc": cast.requester.pk, "poc_phone": "+258 84 1"},
        format="json",
    )
    assert response.status_code == 201, response.content
    task = Task.objects.get(request=rfa)
    assert response.json()["id"] == task.pk and response.json()["force"] == "SANDF"
    rfa.refresh_from_db()
    assert (rfa.status, task.status, task.force) == (S.TASKED, Task.Status.TASKED, cast.force)
    told = set(Notification.objects.filter(kind="task.tasked").values_list("recipient", flat=True))
    assert told == {cast.liaison.pk}
    # the force now sees it, and only that force
    assert api_for(cast.liaison).get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert api_for(cast.liaison_other_force).get(f"/api/v1/tasks/{task.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["liaison", "other_officer", "outsider"])
def test_api_task_is_404_for_the_military_and_other_operations(cast, make_request, api_for, who):
    rfa = approved(cast, make_request)
    before = _state(rfa)
    response = api_for(getattr(cast, who)).post(
        "/api/v1/tasks/", {"request": rfa.pk, "force": cast.force.pk, "poc": cast.requester.pk}, format="json"
    )
    _refused(response, 404)
    assert _state(rfa) == before


@pytest.mark.parametrize(
    ("arrange", "who", "code"),
    [
        ("with_hct", "officer", "not_allowed_in_state"),  # not approved yet
        ("approved", "hc", "role_not_allowed"),  # the HC does not task
        ("approved_stale", "officer", "concurrent_change"),  # someone moved it meanwhile
    ],
)
def test_api_task_refused_changes_nothing_and_tells_nobody(cast, make_request, api_for, arrange, who, code):
    rfa = _with_hct(cast, make_request) if arrange == "with_hct" else approved(cast, make_request)
    data = {"request": rfa.pk, "force": cast.force.pk, "poc": cast.requester.pk}
    if arrange == "approved_stale":
        data["expected_status"] = S.WITH_HCT
    before = _state(rfa)
    response = api_for(getattr(cast, who)).post("/api/v1/tasks/", data, format="json")
    _refused(response, 409, code)
    assert _state(rfa) == before


# POST /api/v1/decisions/


def test_api_decision_records_the_hcs_approval(cast, make_request, api_for):
    rfa = _with_hct(cast, make_request)
    response = api_for(cast.hc).post("/api/v1/decisions/", _approval_data(rfa), format="json")
    assert response.status_code == 201, response.content
    decision = Decision.objects.get(request=rfa)
    body = response.json()
    assert (body["id"], body["outcome"], body["conditions"]) == (
        decision.pk,
        "approved_with_conditions",
        ["Unarmed personnel only"],
    )
    rfa.refresh_from_db()
    assert rfa.status == S.APPROVED and decision.decided_by == cast.hc
    told = set(Notification.objects.filter(kind="request.decided").values_list("recipient", flat=True))
    assert cast.requester.pk in told and cast.officer.pk in told and cast.liaison.pk not in told


@pytest.mark.parametrize("who", ["liaison", "other_officer", "outsider"])
def test_api_decision_is_404_for_the_military_and_other_operations(cast, make_request, api_for, who):
    rfa = _with_hct(cast, make_request)
    before = _state(rfa)
    response = api_for(getattr(cast, who)).post("/api/v1/decisions/", _approval_data(rfa), format="json")
    _refused(response, 404)
    assert _state(rfa) == before


@pytest.mark.parametrize(
    ("status", "who", "code"),
    [
        (S.UNDER_REVIEW, "hc", None),  # not with the HCT: the HC cannot see it (404) or may not decide (409)
        (S.WITH_HCT, "hct_member", "role_not_allowed"),  # a member does not record decisions
        (S.WITH_HCT, "requester", "role_not_allowed"),
    ],
)
def test_api_decision_refused_changes_nothing_and_tells_nobody(
    cast, make_request, api_for, status, who, code
):
    rfa = (
        _with_hct(cast, make_request) if status == S.WITH_HCT else make_request(status=status, answered=True)
    )
    before = _state(rfa)
    response = api_for(getattr(cast, who)).post("/api/v1/decisions/", _approval_data(rfa), format="json")
    assert response.status_code in (404, 409), response.content
    if code is not None:
        _refused(response, 409, code)
    assert _state(rfa) == before


def test_api_decision_refused_in_state_for_an_officer(cast, make_request, api_for):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True)
    before = _state(rfa)
    data = {**_approval_data(rfa), "on_behalf_of": cast.hc.pk}
    response = api_for(cast.officer).post("/api/v1/decisions/", data, format="json")
    _refused(response, 409, "not_allowed_in_state")
    assert _state(rfa) == before


# The HC's "record the decision" page.


def _page_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "outcome": "approved_with_conditions",
        "conditions": "Unarmed personnel only\nCivilian lead at the site",
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=7)).isoformat(),
        "rationale": "Met every criterion.",
        "expected_status": "with_hct",
        "expected_decision": "",
    }
    data.update(overrides)
    return data


def test_hc_records_the_decision_on_the_page(cast, make_request, client_for):
    rfa = _with_hct(cast, make_request)
    page = client_for(cast.hc)
    assert page.get(f"/requests/{rfa.pk}/decision/").status_code == 200
    response = page.post(f"/requests/{rfa.pk}/decision/", _page_data(present=[cast.hc.pk, cast.officer.pk]))
    assert response.status_code == 302 and response.url == rfa.get_absolute_url()
    decision = Decision.objects.get(request=rfa)
    assert decision.conditions == ["Unarmed personnel only", "Civilian lead at the site"]
    assert set(decision.present.all()) == {cast.hc, cast.officer}
    assert decision.procedure == Decision.Procedure.MEETING and decision.decided_by == cast.hc
    rfa.refresh_from_db()
    assert rfa.status == S.APPROVED
    assert Notification.objects.filter(kind="request.decided", recipient=cast.requester).count() == 1


@pytest.mark.parametrize("who", ["liaison", "other_officer", "outsider"])
def test_decision_page_is_404_for_the_military_and_other_operations(cast, make_request, client_for, who):
    rfa = _with_hct(cast, make_request)
    before = _state(rfa)
    page = client_for(getattr(cast, who))
    assert page.get(f"/requests/{rfa.pk}/decision/").status_code == 404
    assert page.post(f"/requests/{rfa.pk}/decision/", _page_data()).status_code == 404
    assert _state(rfa) == before


def test_decision_page_invalid_input_shows_errors_and_changes_nothing(cast, make_request, client_for):
    rfa = _with_hct(cast, make_request)
    before = _state(rfa)
    response = client_for(cast.hc).post(f"/requests/{rfa.pk}/decision/", _page_data(valid_until=""))
    assert response.status_code == 400
    assert "An approval is temporary" in response.content.decode()
    assert _state(rfa) == before


@pytest.mark.parametrize("who", ["hct_member", "requester", "observer"])
def test_decision_page_refused_changes_nothing_and_tells_nobody(cast, make_request, client_for, who):
    rfa = _with_hct(cast, make_request)
    before = _state(rfa)
    response = client_for(getattr(cast, who)).post(f"/requests/{rfa.pk}/decision/", _page_data())
    assert response.status_code == 302 and response.url == rfa.get_absolute_url()
    assert _state(rfa) == before


def test_decision_page_stale_form_is_refused_with_a_message(cast, make_request, client_for):
    """The HC's form was opened while the request was with the HCT; an officer recorded a rejection first."""
    from requests.services import hct as decisions

    rfa = _with_hct(cast, make_request)
    page = client_for(cast.hc)
    decisions.decision_record(
        rfa=rfa, actor=cast.hc, outcome="rejected", rationale="A civilian carrier was found."
    )
    before = _state(rfa)
    response = page.post(f"/requests/{rfa.pk}/decision/", _page_data(), follow=True)
    assert response.status_code == 200
    assert _state(rfa) == before and rfa.status == S.REJECTED
