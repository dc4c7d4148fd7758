"""The dashboard's figures as JSON: the same readers as the page, the API's one error shape."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from requests.models import AssistanceRequest

from .conftest import at

S = AssistanceRequest.Status


def url(operation):
    return reverse("api-report-dashboard", args=[operation.pk])


@pytest.fixture
def two_requests(cast, submitted, decide):
    r1 = submitted(at("2026-03-02", 10), status=S.APPROVED, capability="air_transport")
    decide(r1, at("2026-03-03", 10), procedure="silence", valid_until=datetime.date(2026, 4, 12))
    submitted(at("2026-04-02", 10), status=S.WITHDRAWN, capability="medical")
    return r1


def test_the_figures_as_json(cast, two_requests, api_for):
    with time_machine.travel(at("2026-04-10", 12), tick=False):
        response = api_for(cast.officer).get(url(cast.operation))
    assert response.status_code == 200
    data = response.json()
    assert data["operation"] == cast.operation.pk
    assert data["period"] == {"from": None, "to": None}
    assert data["requests"] == 2
    assert {r["key"]: r["count"] for r in data["by_status"]} == {"approved": 1, "withdrawn": 1}
    assert {r["key"]: r["count"] for r in data["by_capability"]} == {"air_transport": 1, "medical": 1}
    assert data["hours_to_decision"] == [
        {"month": "2026-03", "count": 1, "median": 24.0, "p90": 24.0},
        {"month": None, "count": 1, "median": 24.0, "p90": 24.0},
    ]
    assert data["days_to_completion"] == [{"month": None, "count": 0, "median": None, "p90": None}]
    assert data["decisions"] == 1
    assert {r["key"]: r["percent"] for r in data["by_procedure"]} == {
        "meeting": 0.0,
        "written": 0.0,
        "silence": 100.0,
    }
    assert [(e["reference"], e["valid_until"]) for e in data["expiring_approvals"]] == [
        (two_requests.reference, "2026-04-12")
    ]
    assert data["forces"] == []
    assert data["withdrawn"] == 1
    # withdrawn before the platform asked why: counted apart, never as a civilian means found
    assert (data["withdrawn_civilian_means"], data["withdrawn_no_reason"]) == (0, 1)


def test_a_period(cast, two_requests, api_for):
    response = api_for(cast.observer).get(url(cast.operation), {"start": "2026-04-01", "end": "2026-04-30"})
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {"from": "2026-04-01", "to": "2026-04-30"}
    assert data["requests"] == 1 and data["decisions"] == 0


def test_an_empty_operation(cast, api_for):
    data = api_for(cast.hc).get(url(cast.operation)).json()
    assert data["requests"] == 0 and data["by_status"] == [] and data["forces"] == []


@pytest.mark.parametrize("role", ["requester", "liaison", "outsider", "other_officer"])
def test_others_get_404_in_the_error_shape(role, cast, two_requests, api_for):
    response = api_for(getattr(cast, role)).get(url(cast.operation))
    assert response.status_code == 404
    assert set(response.json()) == {"code", "detail", "fields"}
    assert response.json()["code"] == "not_found"


def test_an_operation_that_does_not_exist(cast, api_for):
    assert api_for(cast.officer).get(reverse("api-report-dashboard", args=[999999])).status_code == 404


def test_a_bad_period_is_400_with_fields(cast, api_for):
    response = api_for(cast.officer).get(url(cast.operation), {"start": "yesterday", "end": "2026-04-01"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "start" in body["fields"]
    reversed_period = api_for(cast.officer).get(
        url(cast.operation), {"start": "2026-04-10", "end": "2026-04-01"}
    )
    assert reversed_period.status_code == 400
    assert "__all__" in reversed_period.json()["fields"]


def test_anonymous_is_refused(client, cast):
    assert client.get(url(cast.operation)).status_code in (401, 403)


def test_the_endpoint_runs_the_same_queries_at_two_sizes(
    cast, submitted, decide, api_for, django_assert_num_queries
):
    api = api_for(cast.officer)
    submitted(at("2026-03-02", 10), status=S.APPROVED)
    with django_assert_num_queries(5):
        assert api.get(url(cast.operation)).status_code == 200
    for hour in range(8):
        decide(submitted(at("2026-03-03", hour), status=S.APPROVED), at("2026-03-04", hour))
    with django_assert_num_queries(5):
        assert api.get(url(cast.operation)).json()["requests"] == 9


def test_the_schema_documents_the_dashboard(cast, api_for):
    schema = api_for(cast.officer).get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/operations/{operation_pk}/dashboard/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"operation_pk", "start", "end"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/Dashboard")
    assert "withdrawn_civilian_means" in schema["components"]["schemas"]["Dashboard"]["properties"]
