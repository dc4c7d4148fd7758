"""Approvals (issue 13): validity rules, no work under an expired approval, renewal and amendment while a task
runs (the force acknowledges), who is told, guidelines in force only, direct assistance in a complex
emergency. Time is moved with time-machine; through the services, the pages and the API; every refusal leaves
everything as it was and tells nobody."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cmcoord.exceptions import ConcurrentChange, TransitionNotAllowed
from cmcoord.models import AuditEvent, Notification, Operation
from guidelines.models import Guideline
from guidelines.selectors import guidelines_in_force
from requests import selectors
from requests.models import (
    AssistanceRequest,
    ConditionsAcknowledgement,
    Decision,
    HctReferral,
    Task,
    TaskReport,
)
from requests.services import hct as decisions
from requests.services import rfa as services
from requests.services import tasking
from requests.tasks import expire_approvals

from .hct_helpers import approved, tasked

S = AssistanceRequest.Status
DAY = datetime.timedelta(days=1)


def _state(rfa) -> tuple:
    """Everything a refused write must leave as it was (nothing changed, nobody told)."""
    rfa.refresh_from_db()
    return (
        rfa.status,
        rfa.updated_at,
        list(Decision.objects.values_list("pk", flat=True)),
        list(Task.objects.values_list("pk", "status", "updated_at")),
        TaskReport.objects.count(),
        ConditionsAcknowledgement.objects.count(),
        HctReferral.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def _with_hct(cast, make_request, **fields):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, **fields)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    rfa.refresh_from_db()
    return rfa


def _approval(rfa, valid_from, valid_until, **overrides) -> dict:
    data = {
        "request": rfa.pk,
        "outcome": "approved_with_conditions",
        "conditions": ["Unarmed personnel only"],
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat(),
        "rationale": "Met every criterion.",
        "expected_status": rfa.status,
        "expected_decision": None,
    }
    data.update(overrides)
    return data


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)" name="{name}"', html
    )
    if found:
        return found.group(1)
    assert re.search(rf'<input type="hidden" name="{name}"', html), f"no hidden {name}"
    return ""


# 1. Validity rules


def test_a_validity_that_ended_is_refused_by_the_service_and_changes_nothing(cast, make_request):
    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.UTC), tick=False):
        rfa = _with_hct(cast, make_request)
        before = _state(rfa)
        with pytest.raises(ValidationError) as error:
            decisions.decision_record(
                rfa=rfa,
                actor=cast.hc,
                outcome="approved",
                valid_from=datetime.date(2026, 11, 10),
                valid_until=datetime.date(2026, 11, 21),
            )
        assert "valid_until" in error.value.message_dict
        assert "21 Nov" in " ".join(error.value.message_dict["valid_until"])
        with pytest.raises(ValidationError) as error:
            decisions.decision_record(
                rfa=rfa,
                actor=cast.hc,
                outcome="approved",
                valid_from=datetime.date(2026, 11, 25),
                valid_until=datetime.date(2026, 11, 24),
            )
        assert "valid_until" in error.value.message_dict
        assert _state(rfa) == before
        # a one-day approval, today: its validity starts no later than it ends, and ends today
        decision = decisions.decision_record(
            rfa=rfa,
            actor=cast.hc,
            outcome="approved",
            valid_from=datetime.date(2026, 11, 22),
            valid_until=datetime.date(2026, 11, 22),
        )
        assert decision.valid_from == decision.valid_until


def test_a_validity_that_ended_is_a_400_with_field_errors_in_the_api(cast, make_request, api_for):
    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.UTC), tick=False):
        rfa = _with_hct(cast, make_request)
        before = _state(rfa)
        response = api_for(cast.hc).post(
            "/api/v1/decisions/",
            _approval(rfa, datetime.date(2026, 11, 10), datetime.date(2026, 11, 21)),
            format="json",
        )
        assert response.status_code == 400, response.content
        assert "valid_until" in response.json()["fields"]
        assert _state(rfa) == before


def test_a_validity_that_ended_is_a_clear_message_on_the_page(cast, make_request, client_for):
    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, tzinfo=datetime.UTC), tick=False):
        rfa = _with_hct(cast, make_request)
        page = client_for(cast.hc)
        html = page.get(f"/requests/{rfa.pk}/decision/").content.decode()
        before = _state(rfa)
        response = page.post(
            f"/requests/{rfa.pk}/decision/",
            {
                "outcome": "approved",
                "valid_from": "2026-11-10",
                "valid_until": "2026-11-21",
                "expected_status": _hidden(html, "expected_status"),
                "expected_decision": _hidden(html, "expected_decision"),
                "present": [cast.hc.pk],
            },
        )
        assert response.status_code == 400
        assert "This validity ended on 21 Nov" in response.content.decode()
        assert _state(rfa) == before


# 2. No work under an expired approval


def test_no_accept_start_or_report_under_an_expired_approval_until_it_is_renewed(
    cast, make_request, api_for, client_for
):
    start = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        rfa, task = tasked(cast, make_request, days=3)  # valid until 13 Nov
    with time_machine.travel(start + 5 * DAY, tick=False):
        expire_approvals()  # the sweep flags the running task (and tells the officers and the force)
        before = _state(rfa)
        with pytest.raises(TransitionNotAllowed) as error:
            tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
        assert error.value.code == "approval_expired"
        response = api_for(cast.liaison).post(
            f"/api/v1/tasks/{task.pk}/accept/", {"conditions_confirmed": True}, format="json"
        )
        assert response.status_code == 409 and response.json()["code"] == "approval_expired"
        assert "13 Nov 2026" in response.json()["detail"]
        page = client_for(cast.liaison)
        html = page.get(f"/requests/tasks/{task.pk}/").content.decode()
        assert "data-approval-expired" in html and "Accept the task" not in html
        assert "Call the humanitarian point of contact" in html
        response = page.post(f"/requests/tasks/{task.pk}/accept/", {"accept-conditions_confirmed": "on"})
        assert response.status_code == 302
        assert _state(rfa) == before

        # the HC renews the approval: the force may accept again, and the flag is cleared
        today = timezone.localdate()
        renewal = decisions.decision_record(
            rfa=rfa,
            actor=cast.hc,
            outcome="approved_with_conditions",
            conditions=["Unarmed personnel only"],
            valid_from=today,
            valid_until=today + 10 * DAY,
            rationale="Renewed for the second rotation.",
            expected_status=S.TASKED,
            expected_decision=selectors.current_decision(rfa).pk,
        )
        assert renewal.supersedes is not None
        task.refresh_from_db()
        assert task.approval_expired is False
        tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
        tasking.task_report_progress(task=task, actor=cast.liaison, text="Loading at Beira.")
    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS


def test_no_progress_or_completion_report_under_an_expired_approval(cast, make_request, api_for):
    start = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        rfa, task = tasked(cast, make_request, days=3)
        tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
        tasking.task_report_progress(task=task, actor=cast.liaison, text="Started.")
    with time_machine.travel(start + 5 * DAY, tick=False):
        before = _state(rfa)
        api = api_for(cast.liaison)
        for url, body in (
            (f"/api/v1/tasks/{task.pk}/progress/", {"text": "Still flying."}),
            (
                f"/api/v1/tasks/{task.pk}/complete/",
                {"completed_on": "2026-11-14", "delivered": "12 t", "notes": ""},
            ),
        ):
            response = api.post(url, body, format="json")
            assert response.status_code == 409 and response.json()["code"] == "approval_expired"
        assert _state(rfa) == before


# 3. Renewal and amendment while a task runs; the force acknowledges before its next report


def test_an_amendment_under_a_running_task_is_acknowledged_before_the_next_report(
    cast, make_request, api_for
):
    start = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        rfa, task = tasked(cast, make_request, days=5)
        tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
        tasking.task_report_progress(task=task, actor=cast.liaison, text="First rotation flown.")
        # accepting acknowledged the approval then in force: nothing due
        assert api_for(cast.liaison).get(f"/api/v1/tasks/{task.pk}/").json()["acknowledgement_due"] is None
    with time_machine.travel(start + 2 * DAY, tick=False):
        old = selectors.current_decision(rfa)
        response = api_for(cast.hc).post(
            "/api/v1/decisions/",
            _approval(
                rfa,
                old.valid_from,
                old.valid_until + 14 * DAY,
                conditions=["Unarmed personnel only", "No military markings at distribution sites"],
                rationale="Extended for the second and third rotations.",
                expected_status=S.IN_PROGRESS,
                expected_decision=old.pk,
            ),
            format="json",
        )
        assert response.status_code == 201, response.content
        new = Decision.objects.get(pk=response.json()["id"])
        assert new.supersedes == old and Decision.objects.filter(request=rfa).count() == 2
        rfa.refresh_from_db()
        assert rfa.status == S.IN_PROGRESS
        told = Notification.objects.filter(kind="task.approval_renewed")
        assert set(told.values_list("recipient", flat=True)) == {cast.liaison.pk}
        assert "No military markings" in told.get().body_text
        # the task API tells the force which approval to acknowledge, in the detail and in the list
        liaison_api = api_for(cast.liaison)
        assert liaison_api.get(f"/api/v1/tasks/{task.pk}/").json()["acknowledgement_due"] == new.pk
        listed = liaison_api.get("/api/v1/tasks/").json()["results"]
        assert [(t["id"], t["acknowledgement_due"]) for t in listed] == [(task.pk, new.pk)]

        # the next report waits for the acknowledgement: refused, nothing changed, nobody told
        before = _state(rfa)
        api = api_for(cast.liaison)
        response = api.post(f"/api/v1/tasks/{task.pk}/progress/", {"text": "Second rotation."}, format="json")
        assert response.status_code == 409 and response.json()["code"] == "acknowledgement_due"
        with pytest.raises(TransitionNotAllowed):
            tasking.task_complete(
                task=task, actor=cast.liaison, completed_on=timezone.localdate(), delivered="12 t"
            )
        assert _state(rfa) == before
        # another force cannot acknowledge; a stale decision id is refused
        response = api_for(cast.liaison_other_force).post(
            f"/api/v1/tasks/{task.pk}/acknowledge/", {"decision": new.pk}, format="json"
        )
        assert response.status_code == 404
        response = api.post(f"/api/v1/tasks/{task.pk}/acknowledge/", {"decision": old.pk}, format="json")
        assert response.status_code == 409
        assert _state(rfa) == before

        response = api.post(f"/api/v1/tasks/{task.pk}/acknowledge/", {"decision": new.pk}, format="json")
        assert response.status_code == 200, response.content
        ack = ConditionsAcknowledgement.objects.get(decision=new)
        assert (ack.task, ack.decision, ack.by) == (task, new, cast.liaison)
        assert ack.at == timezone.now()
        event = AuditEvent.objects.get(verb="task.acknowledge")
        assert event.data["conditions"] == new.conditions and event.actor == cast.liaison
        assert api.get(f"/api/v1/tasks/{task.pk}/").json()["acknowledgement_due"] is None
        assert [t["acknowledgement_due"] for t in api.get("/api/v1/tasks/").json()["results"]] == [None]
        response = api.post(f"/api/v1/tasks/{task.pk}/progress/", {"text": "Second rotation."}, format="json")
        assert response.status_code == 200, response.content
    progress = Notification.objects.filter(kind="task.progress")
    assert {cast.officer.pk, cast.requester.pk} <= set(progress.values_list("recipient", flat=True))
    assert cast.liaison.pk not in set(progress.values_list("recipient", flat=True))


def test_an_expired_running_task_is_renewed_on_the_page(cast, make_request, client_for):
    start = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        rfa, task = tasked(cast, make_request, days=3)
        tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    with time_machine.travel(start + 5 * DAY, tick=False):
        page = client_for(cast.hc)
        html = page.get(f"/requests/{rfa.pk}/").content.decode()
        assert "Renew or amend the approval" in html
        html = page.get(f"/requests/{rfa.pk}/decision/").content.decode()
        assert "The approval in force" in html
        response = page.post(
            f"/requests/{rfa.pk}/decision/",
            {
                "outcome": "approved_with_conditions",
                "conditions": "Unarmed personnel only\nCivilian lead at the site",
                "valid_from": "2026-11-15",
                "valid_until": "2026-11-30",
                "rationale": "Renewed.",
                "expected_status": _hidden(html, "expected_status"),
                "expected_decision": _hidden(html, "expected_decision"),
                "present": [cast.hc.pk],
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        force_page = client_for(cast.liaison)
        html = force_page.get(f"/requests/tasks/{task.pk}/").content.decode()
        assert "data-acknowledgement-due" in html and "Civilian lead at the site" in html
        assert "Send the report" not in html
        due = selectors.current_decision(rfa)
        response = force_page.post(
            f"/requests/tasks/{task.pk}/acknowledge/", {"ack-decision": due.pk, "ack-read": "on"}
        )
        assert response.status_code == 302
        html = force_page.get(f"/requests/tasks/{task.pk}/").content.decode()
        assert "data-acknowledgement-due" not in html and "Send the report" in html


# 7. A decision is recorded once


def test_the_api_requires_the_state_and_the_decision_the_hc_saw(cast, make_request, api_for):
    rfa = _with_hct(cast, make_request)
    today = timezone.localdate()
    data = _approval(rfa, today, today + 5 * DAY)
    del data["expected_status"], data["expected_decision"]
    before = _state(rfa)
    response = api_for(cast.hc).post("/api/v1/decisions/", data, format="json")
    assert response.status_code == 400
    assert {"expected_status", "expected_decision"} <= set(response.json()["fields"])
    assert _state(rfa) == before


def test_a_stale_or_identical_decision_is_refused_and_changes_nothing(cast, make_request, api_for):
    rfa = approved(cast, make_request)
    in_force = selectors.current_decision(rfa)
    api = api_for(cast.hc)
    same = _approval(
        rfa,
        in_force.valid_from,
        in_force.valid_until,
        rationale=in_force.rationale,
        expected_decision=in_force.pk,
    )
    before = _state(rfa)
    response = api.post("/api/v1/decisions/", same, format="json")
    assert response.status_code == 409 and response.json()["code"] == "decision_unchanged"
    response = api.post("/api/v1/decisions/", {**same, "expected_decision": None}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "decision_changed"
    response = api.post("/api/v1/decisions/", {**same, "expected_status": S.WITH_HCT}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "decision_changed"
    with pytest.raises(ConcurrentChange):
        decisions.decision_record(
            rfa=rfa,
            actor=cast.hc,
            outcome="rejected",
            rationale="A civilian carrier was found.",
            expected_decision=None,
        )
    assert _state(rfa) == before


# 6. Guidelines relied on: in force only; unknown ids are a 400 naming the field


def test_unknown_or_out_of_scope_ids_are_a_400_naming_the_field(cast, make_request, api_for):
    rfa = _with_hct(cast, make_request)
    today = timezone.localdate()
    in_force = list(guidelines_in_force(cast.operation).values_list("pk", flat=True))
    assert in_force
    not_in_force = Guideline.objects.exclude(pk__in=in_force).first()
    api = api_for(cast.hc)
    before = _state(rfa)
    cases = [
        ({"guidelines": [in_force[0], 999999]}, "guidelines"),
        ({"present": [cast.hc.pk, 999999]}, "present"),
        ({"present": [cast.other_officer.pk]}, "present"),
    ]
    if not_in_force is not None:
        cases.append(({"guidelines": [not_in_force.pk]}, "guidelines"))
    for extra, field in cases:
        response = api.post("/api/v1/decisions/", _approval(rfa, today, today + DAY, **extra), format="json")
        assert response.status_code == 400, (extra, response.content)
        assert field in response.json()["fields"], response.json()
    response = api_for(cast.officer).post(
        "/api/v1/decisions/", _approval(rfa, today, today + DAY, on_behalf_of=999999), format="json"
    )
    assert response.status_code == 400 and "on_behalf_of" in response.json()["fields"]
    assert _state(rfa) == before
    response = api.post(
        "/api/v1/decisions/", _approval(rfa, today, today + DAY, guidelines=in_force[:1]), format="json"
    )
    assert response.status_code == 201
    assert response.json()["guidelines"] == in_force[:1]


def test_the_decision_form_offers_only_the_guidelines_in_force(cast, make_request, client_for):
    rfa = _with_hct(cast, make_request)
    html = client_for(cast.hc).get(f"/requests/{rfa.pk}/decision/").content.decode()
    offered = {int(pk) for pk in re.findall(r'name="guidelines" value="(\d+)"', html)}
    assert offered == set(guidelines_in_force(cast.operation).values_list("pk", flat=True))
    superseded = Guideline.objects.filter(superseded_by__isnull=False).values_list("pk", flat=True)
    assert not offered & set(superseded)


# 4. Who is told


def test_expiry_flagging_withdrawal_and_cancellation_are_told(cast, make_request):
    start = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        untasked = approved(cast, make_request, days=2)
        _rfa, task = tasked(cast, make_request, days=2)
    with time_machine.travel(start + 4 * DAY, tick=False):
        expire_approvals()
    expired = Notification.objects.filter(kind="request.approval_expired")
    assert {cast.officer.pk, cast.requester.pk} <= set(expired.values_list("recipient", flat=True))
    assert cast.liaison.pk not in set(expired.values_list("recipient", flat=True))
    untasked.refresh_from_db()
    assert untasked.status == S.EXPIRED
    flagged = Notification.objects.filter(kind="task.approval_expired")
    people = set(flagged.values_list("recipient", flat=True))
    assert {cast.officer.pk, cast.requester.pk, cast.liaison.pk} <= people
    assert cast.liaison_other_force.pk not in people
    to_force = flagged.get(recipient=cast.liaison)
    assert (
        "Do not start or continue work" in to_force.body_text
        and "Met every criterion" not in to_force.body_text
    )

    with_hct = _with_hct(cast, make_request)
    services.request_cancel(rfa=with_hct, actor=cast.officer, comment="A civilian carrier was found.")
    cancelled = set(Notification.objects.filter(kind="request.cancelled").values_list("recipient", flat=True))
    assert {cast.requester.pk, cast.hct_member.pk, cast.hc.pk} <= cancelled
    assert cast.liaison.pk not in cancelled
    draft = make_request(status=S.SUBMITTED)
    services.request_withdraw(
        rfa=draft, actor=cast.requester, reason="not_needed", comment="No longer needed."
    )
    withdrawn = set(Notification.objects.filter(kind="request.withdrawn").values_list("recipient", flat=True))
    assert cast.officer.pk in withdrawn and cast.hct_member.pk not in withdrawn


# 5. Direct assistance in a complex emergency


@pytest.fixture
def complex_emergency(cast):
    Operation.objects.filter(pk=cast.operation.pk).update(context=Operation.Context.COMPLEX_EMERGENCY)
    cast.operation.refresh_from_db()
    return cast


def test_direct_assistance_needs_a_justification_and_the_hcs_confirmation(
    complex_emergency, make_request, client_for, api_for
):
    cast = complex_emergency
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, assistance_type="direct")
    html = client_for(cast.officer).get(f"/requests/{rfa.pk}/").content.decode()
    assert "data-direct-warning" in html
    html = client_for(cast.officer).get(f"/requests/{rfa.pk}/assessment/").content.decode()
    assert "data-direct-warning" in html
    before = _state(rfa)
    with pytest.raises(ValidationError) as error:
        services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    assert "direct_justification" in error.value.message_dict
    response = api_for(cast.officer).post(
        "/api/v1/referrals/", {"request": rfa.pk, "procedure": "meeting"}, format="json"
    )
    assert response.status_code == 400 and "direct_justification" in response.json()["fields"]
    assert _state(rfa) == before
    services.request_put_to_hct(
        rfa=rfa,
        actor=cast.officer,
        proposal={"direct_justification": "Only the field hospital can reach Buzi before Friday."},
    )
    rfa.refresh_from_db()
    html = client_for(cast.hct_member).get(f"/requests/{rfa.pk}/").content.decode()
    assert "Only the field hospital can reach Buzi" in html
    today = timezone.localdate()
    before = _state(rfa)
    with pytest.raises(ValidationError) as error:
        decisions.decision_record(
            rfa=rfa, actor=cast.hc, outcome="approved", valid_from=today, valid_until=today + DAY
        )
    assert "direct_assistance_confirmed" in error.value.message_dict
    assert _state(rfa) == before
    decision = decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved",
        valid_from=today,
        valid_until=today + DAY,
        direct_assistance_confirmed=True,
    )
    assert decision.direct_assistance_confirmed is True


def test_an_officer_recording_for_the_hc_cannot_approve_direct_assistance(
    complex_emergency, make_request, client_for, api_for
):
    """The HC's confirmation is the HC's own: an officer on the HC's behalf is refused, with a clear message,
    by the service, the page and the API; nothing changes and nobody is told. A rejection on the HC's behalf
    stays possible; the HC records the approval."""
    cast = complex_emergency
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, assistance_type="direct")
    services.request_put_to_hct(
        rfa=rfa,
        actor=cast.officer,
        proposal={"direct_justification": "Only the field hospital reaches Buzi."},
    )
    rfa.refresh_from_db()
    today = timezone.localdate()
    before = _state(rfa)
    with pytest.raises(ValidationError) as error:
        decisions.decision_record(
            rfa=rfa,
            actor=cast.officer,
            on_behalf_of=cast.hc,
            outcome="approved",
            valid_from=today,
            valid_until=today + DAY,
            direct_assistance_confirmed=True,
        )
    assert error.value.error_dict["outcome"][0].code == "hc_confirms_direct_assistance"
    assert _state(rfa) == before

    response = api_for(cast.officer).post(
        "/api/v1/decisions/",
        _approval(rfa, today, today + DAY, on_behalf_of=cast.hc.pk, direct_assistance_confirmed=True),
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "only the HC approves it" in response.json()["fields"]["outcome"][0]
    assert _state(rfa) == before

    page = client_for(cast.officer)
    html = page.get(f"/requests/{rfa.pk}/decision/").content.decode()
    assert 'name="direct_assistance_confirmed"' not in html and "data-hc-confirms-direct" in html
    response = page.post(
        f"/requests/{rfa.pk}/decision/",
        {
            "outcome": "approved",
            "valid_from": today.isoformat(),
            "valid_until": (today + DAY).isoformat(),
            "on_behalf_of": cast.hc.pk,
            "direct_assistance_confirmed": "on",
            "present": [cast.hc.pk],
            "expected_status": _hidden(html, "expected_status"),
            "expected_decision": _hidden(html, "expected_decision"),
        },
    )
    assert response.status_code == 400
    assert "only the HC approves it" in response.content.decode()
    assert _state(rfa) == before

    # the HC sees the confirmation and gives it
    html = client_for(cast.hc).get(f"/requests/{rfa.pk}/decision/").content.decode()
    assert 'name="direct_assistance_confirmed"' in html and "data-hc-confirms-direct" not in html
    # the officer may still record a deferral on the HC's behalf
    deferred = decisions.decision_record(
        rfa=rfa, actor=cast.officer, on_behalf_of=cast.hc, outcome="deferred", rationale="Ask the HC."
    )
    assert deferred.on_behalf_of == cast.hc and deferred.direct_assistance_confirmed is False


def test_an_approval_of_direct_assistance_is_never_adopted_by_silence(complex_emergency, make_request):
    from requests.tasks import adopt_written_procedures

    from .hct_helpers import proposal

    cast = complex_emergency
    start = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False, assistance_type="direct")
        services.request_put_to_hct(
            rfa=rfa,
            actor=cast.officer,
            procedure="written",
            deadline=timezone.now() + DAY,
            proposal=proposal(direct_justification="Only the field hospital reaches Buzi."),
        )
    with time_machine.travel(start + 2 * DAY, tick=False):
        adopt_written_procedures()
    rfa.refresh_from_db()
    referral = HctReferral.objects.get(request=rfa)
    assert referral.state == HctReferral.State.CLOSED and rfa.status == S.WITH_HCT
    assert not Decision.objects.filter(request=rfa).exists()
    closed = AuditEvent.objects.get(verb="hct.procedure_closed", object_id=str(rfa.pk))
    assert "never by silence" in closed.comment


def test_requests_are_filtered_by_assistance_type(cast, make_request, client_for):
    direct = make_request(status=S.SUBMITTED, assistance_type="direct", title="Mobile clinic")
    make_request(status=S.SUBMITTED, title="Airlift")
    officer = client_for(cast.officer)
    html = officer.get("/requests/?assistance_type=direct").content.decode()
    assert direct.title in html and "Airlift" not in html
    exported = officer.get("/requests/export.csv?assistance_type=direct")
    csv = b"".join(exported.streaming_content).decode()  # streamed in chunks (reports)
    assert "Assistance type" in csv and direct.reference in csv and "Airlift" not in csv


def test_a_proposal_whose_validity_ended_before_the_deadline_is_not_adopted_by_silence(cast, make_request):
    from requests.tasks import adopt_written_procedures

    from .hct_helpers import written

    start = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        rfa, referral = written(
            cast,
            make_request,
            hours=24 * 4,
            valid_from=datetime.date(2026, 11, 10),
            valid_until=start.date() + DAY,
        )
    with time_machine.travel(start + 5 * DAY, tick=False):
        adopt_written_procedures()
    referral.refresh_from_db()
    rfa.refresh_from_db()
    assert referral.state == HctReferral.State.CLOSED and rfa.status == S.WITH_HCT
    assert not Decision.objects.filter(request=rfa).exists()
    assert AuditEvent.objects.filter(verb="hct.procedure_closed", object_id=str(rfa.pk)).exists()


def test_accepting_acknowledges_the_approval_in_force(cast, make_request):
    rfa, task = tasked(cast, make_request)
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    ack = ConditionsAcknowledgement.objects.get(task=task)
    assert (ack.decision, ack.by) == (selectors.current_decision(rfa), cast.liaison)
    task.refresh_from_db()
    assert selectors.acknowledgement_due(task) is None
