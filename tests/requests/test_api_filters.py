"""The filters the API declares on the HCT and task lists do filter (?request= was ignored on referrals)."""

import pytest

from .hct_helpers import approved, written

pytestmark = pytest.mark.django_db


def test_referrals_filter_by_request(cast, make_request, api_for):
    # given two requests put to the HCT
    first, _ = written(cast, make_request)
    second, _ = written(cast, make_request, title="Second")
    client = api_for(cast.officer)

    # when the officer asks for the procedures of the first only
    response = client.get(f"/api/v1/referrals/?request={first.pk}")

    # then only its procedure is listed
    assert response.status_code == 200
    assert [r["request"] for r in response.json()["results"]] == [first.pk]
    assert {r["request"] for r in client.get("/api/v1/referrals/").json()["results"]} == {first.pk, second.pk}
    assert client.get("/api/v1/referrals/?state=closed").json()["results"] == []


def test_referrals_filter_refuses_a_bad_value(cast, make_request, api_for):
    written(cast, make_request)
    response = api_for(cast.officer).get("/api/v1/referrals/?procedure=telepathy")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "procedure" in response.json()["fields"]


def test_referrals_filter_cannot_reach_a_hidden_request(cast, make_request, api_for):
    rfa, _ = written(cast, make_request)
    # the liaison officer never sees deliberations, filtered or not
    assert api_for(cast.liaison).get(f"/api/v1/referrals/?request={rfa.pk}").json()["results"] == []
    assert api_for(cast.other_officer).get(f"/api/v1/referrals/?request={rfa.pk}").json()["results"] == []


def test_decisions_and_tasks_filter_by_request(cast, make_request, api_for):
    first = approved(cast, make_request)
    second = approved(cast, make_request, title="Second")
    client = api_for(cast.officer)
    decisions = client.get(f"/api/v1/decisions/?request={second.pk}").json()["results"]
    assert [d["request"] for d in decisions] == [second.pk]
    assert client.get("/api/v1/decisions/?outcome=rejected").json()["results"] == []
    assert client.get(f"/api/v1/tasks/?request={first.pk}").json()["results"] == []
