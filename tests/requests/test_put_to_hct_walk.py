"""Integrity errors are answers, not crashes: every request state walked into put_to_hct, every HCT procedure
state into a new procedure. A refused move writes nothing; a database rule that still fires (a race) is a 409
with a code."""

import json

import pytest
from django.db import IntegrityError

from cmcoord.models import AuditEvent
from requests import selectors
from requests.models import AssistanceRequest, HctReferral
from requests.services import rfa as services

from .hct_helpers import written

S = AssistanceRequest.Status
ROLES = ("officer", "requester", "hct_member")
REFUSALS = {"not_allowed_in_state", "role_not_allowed"}


def post(http, path, body=None):
    return http.post(path, data=json.dumps(body or {}), content_type="application/json")


def snapshot(rfa):
    rfa.refresh_from_db()
    return (rfa.status, HctReferral.objects.filter(request=rfa).count(), AuditEvent.objects.count())


def open_meeting(rfa, cast):
    return HctReferral.objects.create(
        request=rfa, procedure=HctReferral.Procedure.MEETING, opened_by=cast.officer
    )


@pytest.mark.parametrize("running", [False, True], ids=["no procedure", "a procedure still running"])
@pytest.mark.parametrize("status", list(S))
def test_every_request_state_into_put_to_hct_answers_without_a_crash(
    cast, make_request, client_for, status, running
):
    rfa = make_request(status=status, answered=True)
    if running:
        open_meeting(rfa, cast)

    for role in ROLES:
        before = snapshot(rfa)
        response = post(client_for(getattr(cast, role)), f"/api/v1/requests/{rfa.pk}/put_to_hct/")

        body = response.json()
        if role == "officer" and status == S.UNDER_REVIEW and not running:
            assert response.status_code == 200, body
            assert body["status"] == S.WITH_HCT
            assert HctReferral.objects.filter(request=rfa).exclude(state="closed").count() == 1
            return
        assert response.status_code in (404, 409), (role, response.status_code, body)
        assert set(body) == {"code", "detail", "fields"}
        if role == "officer" and status == S.UNDER_REVIEW:
            assert body["code"] == "procedure_running"
        elif response.status_code == 409:
            assert body["code"] in REFUSALS, body
        assert snapshot(rfa) == before, (role, status)


def test_a_race_on_the_running_procedure_is_a_409_with_a_code_and_writes_nothing(
    cast, make_request, client_for, monkeypatch
):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True)
    open_meeting(rfa, cast)
    # The other writer's procedure lands between the check and the insert: the check sees nothing.
    monkeypatch.setattr(services.selectors, "running_referral", lambda rfa, lock=False: None)
    before = snapshot(rfa)

    response = post(client_for(cast.officer), f"/api/v1/requests/{rfa.pk}/put_to_hct/")

    assert response.status_code == 409
    assert response.json()["code"] == "procedure_running"
    monkeypatch.undo()
    assert snapshot(rfa) == before


def test_any_integrity_error_the_services_did_not_foresee_is_a_409_conflict(
    cast, make_request, client_for, monkeypatch
):
    rfa = make_request(status=S.UNDER_REVIEW)

    def racing(**kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "some_rule"')

    monkeypatch.setattr("requests.api.rfa.services.comment_add", racing)
    response = post(client_for(cast.officer), f"/api/v1/requests/{rfa.pk}/comments/", {"text": "Checked."})

    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "detail": "Someone else changed this meanwhile: nothing was done. Look again and retry.",
        "fields": {},
    }


@pytest.mark.parametrize(
    ("state", "answer"),
    [(HctReferral.State.OPEN, 409), (HctReferral.State.OBJECTED, 409), (HctReferral.State.CLOSED, 201)],
)
def test_every_procedure_state_into_a_new_procedure(cast, make_request, client_for, state, answer):
    rfa, referral = written(cast, make_request)
    HctReferral.objects.filter(pk=referral.pk).update(state=state)
    before = snapshot(rfa)

    response = post(
        client_for(cast.officer), "/api/v1/referrals/", {"request": rfa.pk, "procedure": "meeting"}
    )

    assert response.status_code == answer, response.json()
    if answer == 409:
        assert response.json()["code"] == "referral_not_allowed"
        assert snapshot(rfa) == before
    else:
        running = selectors.running_referral(rfa)
        assert running is not None and running.pk != referral.pk
        assert running.procedure == HctReferral.Procedure.MEETING
