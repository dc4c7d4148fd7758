"""Idempotency-Key on the API's POSTs: a retry gets the first answer; nothing is done twice."""

import json
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from cmcoord import idempotency
from cmcoord.models import AuditEvent, IdempotencyKey
from requests.models import AssistanceRequest
from tests.conftest import mfa_verified_login
from tests.requests.conftest import make_request as make_request_fixture
from tests.requests.test_api import payload

make_request = make_request_fixture
S = AssistanceRequest.Status


def post(http, path, body, key):
    return http.post(path, data=json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_create_gets_the_first_answer_and_creates_one_request(cast, client_for):
    http = client_for(cast.requester)
    body = payload(cast)

    first = post(http, "/api/v1/requests/", body, "create-1")
    events = AuditEvent.objects.count()
    again = post(http, "/api/v1/requests/", body, "create-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert AssistanceRequest.objects.count() == 1
    assert AuditEvent.objects.count() == events
    # Another key is another request.
    assert post(http, "/api/v1/requests/", body, "create-2").status_code == 201
    assert AssistanceRequest.objects.count() == 2


def test_a_retried_move_gets_the_first_answer_not_a_refusal(cast, client_for, make_request):
    rfa = make_request(status=S.DRAFT, org=cast.wfp)
    http = client_for(cast.requester)

    first = post(http, f"/api/v1/requests/{rfa.pk}/submit/", {}, "submit-1")
    again = post(http, f"/api/v1/requests/{rfa.pk}/submit/", {}, "submit-1")
    without_key = http.post(f"/api/v1/requests/{rfa.pk}/submit/", data="{}", content_type="application/json")

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert AuditEvent.objects.filter(verb="request.submit").count() == 1
    assert without_key.status_code == 409  # the move itself is not repeatable


def test_the_same_key_with_another_body_is_refused(cast, client_for):
    http = client_for(cast.requester)
    assert post(http, "/api/v1/requests/", payload(cast), "k").status_code == 201

    response = post(http, "/api/v1/requests/", payload(cast, title="Another airlift"), "k")

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert AssistanceRequest.objects.count() == 1


def test_keys_belong_to_whoever_sent_them(cast, client_for):
    body = payload(cast)
    assert post(client_for(cast.requester), "/api/v1/requests/", body, "shared").status_code == 201

    other = post(client_for(cast.requester_same_org), "/api/v1/requests/", body, "shared")

    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert AssistanceRequest.objects.count() == 2


def test_an_answer_that_failed_after_the_action_rolls_the_action_back_and_a_retry_acts_once(
    cast, monkeypatch
):
    http = mfa_verified_login(Client(raise_request_exception=False), cast.requester)
    body = payload(cast)
    # The action is done, then the answer fails (as when the connection dropped at the end).
    import requests.api.rfa as api

    real = api.permissions.get_request_for_user
    monkeypatch.setattr(api.permissions, "get_request_for_user", lambda *a: 1 / 0)

    failed = post(http, "/api/v1/requests/", body, "flaky")

    assert failed.status_code == 500
    assert AssistanceRequest.objects.count() == 0  # not half done: rolled back with its answer
    assert not IdempotencyKey.objects.exists()

    monkeypatch.setattr(api.permissions, "get_request_for_user", real)
    retried = post(http, "/api/v1/requests/", body, "flaky")
    assert retried.status_code == 201
    assert AssistanceRequest.objects.count() == 1


def test_a_refused_action_is_not_kept_and_may_be_retried(cast, client_for):
    http = client_for(cast.requester)
    invalid = post(http, "/api/v1/requests/", payload(cast, legs=[]), "fix-and-retry")
    assert invalid.status_code == 400

    assert post(http, "/api/v1/requests/", payload(cast), "fix-and-retry").status_code == 201


def test_keys_are_kept_24_hours_then_forgotten_and_purged(cast, client_for):
    http = client_for(cast.requester)
    body = payload(cast)
    assert post(http, "/api/v1/requests/", body, "day").status_code == 201

    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=23))
    assert post(http, "/api/v1/requests/", body, "day")["Idempotent-Replayed"] == "true"
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    again = post(http, "/api/v1/requests/", body, "day")
    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert AssistanceRequest.objects.count() == 2

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert idempotency.purge() == 1
    assert not IdempotencyKey.objects.exists()


def test_a_key_too_long_or_blank_is_a_400(cast, client_for):
    http = client_for(cast.requester)
    for key in ("x" * 256, " "):
        response = post(http, "/api/v1/requests/", payload(cast), key)
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_idempotency_key"
    assert AssistanceRequest.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_the_same_key_at_once_act_once(cast):
    body = payload(cast)
    start = threading.Barrier(2)
    answers = []

    def send():
        http = mfa_verified_login(Client(), cast.requester)
        start.wait()
        answers.append(post(http, "/api/v1/requests/", body, "at-once"))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert AssistanceRequest.objects.count() == 1
