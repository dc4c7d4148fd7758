"""A decision is recorded once (issue 13, item 7): 20 identical posts at the same moment, on real threads and
PostgreSQL, through the API and through the HC's page, give exactly one decision, one audit event and one
round of notifications. The request's row is locked (select_for_update) and the state and the decision in
force the HC saw must still hold."""

import datetime
import re
from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from cmcoord.models import AuditEvent, Notification
from requests.models import AssistanceRequest, Decision
from requests.services import rfa as services
from tests.conftest import mfa_verified_login

from .test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)
S = AssistanceRequest.Status
AT_ONCE = 20


def _with_hct(cast, make_request):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    rfa.refresh_from_db()
    return rfa


def _one_decision_one_event_one_round(rfa, cast) -> None:
    assert Decision.objects.filter(request=rfa).count() == 1
    decision = Decision.objects.get(request=rfa)
    events = AuditEvent.objects.filter(verb="decision.record")
    assert events.count() == 1
    told = Notification.objects.filter(kind="request.decided")
    assert set(told.values_list("dedupe_key", flat=True)) == {f"audit:{events.get().pk}"}
    per_person = Counter(told.values_list("recipient", flat=True))
    assert per_person and set(per_person.values()) == {1}
    assert {cast.requester.pk, cast.officer.pk, cast.hct_member.pk} <= set(per_person)
    assert decision.decided_by == cast.hc
    rfa.refresh_from_db()
    assert rfa.status == S.APPROVED


def test_twenty_identical_api_posts_at_once_record_one_decision(cast, make_request):
    rfa = _with_hct(cast, make_request)
    today = timezone.localdate()
    body = {
        "request": rfa.pk,
        "outcome": "approved_with_conditions",
        "conditions": ["Unarmed personnel only"],
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=7)).isoformat(),
        "rationale": "Met every criterion.",
        "present": [cast.hc.pk],
        "expected_status": S.WITH_HCT,
        "expected_decision": None,
    }
    clients = []
    for _ in range(AT_ONCE):
        client = APIClient()
        client.force_authenticate(cast.hc)
        clients.append(client)

    results = run_at_once(
        *[lambda c=c: c.post("/api/v1/decisions/", body, format="json").status_code for c in clients]
    )

    assert Counter(results) == {201: 1, 409: AT_ONCE - 1}, results
    _one_decision_one_event_one_round(rfa, cast)


def test_twenty_submissions_of_the_hcs_page_at_once_record_one_decision(cast, make_request):
    rfa = _with_hct(cast, make_request)
    today = timezone.localdate()
    clients = [mfa_verified_login(Client(), cast.hc) for _ in range(AT_ONCE)]
    html = clients[0].get(f"/requests/{rfa.pk}/decision/").content.decode()
    # What the form carries: the state and the decision in force the HC saw (none yet).
    assert re.search(r'name="expected_status" value="with_hct"', html)
    assert re.search(r'name="expected_decision"( value="")?', html)
    form = {
        "outcome": "approved_with_conditions",
        "conditions": "Unarmed personnel only",
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=7)).isoformat(),
        "rationale": "Met every criterion.",
        "present": [cast.hc.pk],
        "expected_status": "with_hct",
        "expected_decision": "",
    }

    results = run_at_once(
        *[lambda c=c: c.post(f"/requests/{rfa.pk}/decision/", form).status_code for c in clients]
    )

    # Every submission is answered by a redirect to the request (one with "recorded", the others with a
    # message that a decision was recorded meanwhile); exactly one decision is on record.
    assert set(results) == {302}, results
    _one_decision_one_event_one_round(rfa, cast)
