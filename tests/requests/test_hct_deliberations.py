"""The HCT's deliberations (members' agree/object and their comments) stay within the HCT and its secretariat:
requesters and observers see that the request is with the HCT and the decision, never who said what
(tests/requests/test_deliberation_rule.py: the proposal too, on the page, the API and the emails)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests.services import hct as decisions

from .hct_helpers import written

SECRET = "Deliberation-sentinel: the escort would compromise access in Buzi"


@pytest.fixture
def objected(cast, make_request):
    rfa, referral = written(cast, make_request, hours=24)
    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="object", comment=SECRET)
    return rfa


@pytest.mark.parametrize("who", ["officer", "hct_member", "hct_member2", "hc"])
def test_the_hct_and_its_secretariat_read_the_deliberations(cast, client_for, api_for, objected, who):
    user = getattr(cast, who)
    assert SECRET in client_for(user).get(objected.get_absolute_url()).content.decode()
    assert SECRET in api_for(user).get(f"/api/v1/requests/{objected.pk}/events/").content.decode()
    referrals = api_for(user).get("/api/v1/referrals/").json()
    assert SECRET in str(referrals)


@pytest.mark.parametrize("who", ["requester", "observer"])
def test_requesters_and_observers_see_the_request_is_with_the_hct_but_not_the_deliberations(
    cast, client_for, api_for, objected, who
):
    user = getattr(cast, who)
    page = client_for(user).get(objected.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "The request is with the HCT." in html
    assert SECRET not in html
    assert cast.hct_member.get_full_name() not in html
    events = api_for(user).get(f"/api/v1/requests/{objected.pk}/events/")
    assert events.status_code == 200
    assert SECRET not in events.content.decode()
    assert {e["verb"] for e in events.json()}.isdisjoint({"hct.agree", "hct.object", "hct.silence_broken"})
    referrals = api_for(user).get("/api/v1/referrals/")
    assert SECRET not in referrals.content.decode()


def test_the_hc_sees_every_procedure_awaiting_a_decision_with_its_responses(cast, client_for, make_request):
    rfa, referral = written(cast, make_request, hours=24)
    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree")
    decisions.hct_respond(referral=referral, actor=cast.hct_member2, position="object", comment="Risky.")

    html = client_for(cast.hc).get("/requests/hct/").content.decode()

    assert rfa.reference in html
    assert "1 agreed · 1 objected" in html
    assert f"/requests/{rfa.pk}/decision/" in html


def test_the_hc_page_runs_a_constant_number_of_queries(
    cast, client_for, make_request, django_assert_num_queries
):
    written(cast, make_request, hours=24)
    client = client_for(cast.hc)
    client.get("/requests/hct/")
    with CaptureQueriesContext(connection) as small:
        client.get("/requests/hct/")
    for _ in range(4):
        written(cast, make_request, hours=48)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get("/requests/hct/").content.decode().count("Record the decision") == 5
