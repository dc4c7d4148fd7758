"""The HCT pages and API: a member responds in one step; a late response is a 409 with a code; the HC sees the
responses; the decision form keeps errors next to the fields; the military reach none of it."""

import datetime

import time_machine
from django.utils import timezone

from requests.models import Decision, HctResponse

from .hct_helpers import written


def test_a_member_sees_what_waits_and_responds_in_one_step(cast, make_request, client_for):
    rfa, referral = written(cast, make_request)
    member = client_for(cast.hct_member)
    home = member.get("/").content.decode()
    assert "Waiting for your response" in home and f"/requests/hct/{referral.pk}/" in home
    page = member.get(f"/requests/hct/{referral.pk}/").content.decode()
    assert "Last-resort assessment" in page and "Unarmed personnel only" in page
    invalid = member.post(f"/requests/hct/{referral.pk}/", {"position": "object", "comment": ""})
    assert invalid.status_code == 400 and "Say why you object" in invalid.content.decode()
    assert not HctResponse.objects.exists()
    member.post(f"/requests/hct/{referral.pk}/", {"position": "agree", "comment": "Fine by UNICEF."})
    assert HctResponse.objects.get().member == cast.hct_member
    assert f"/requests/hct/{referral.pk}/" not in member.get("/requests/hct/").content.decode()
    # the HC sees the responses so far on the request page
    assert "Fine by UNICEF." in client_for(cast.hc).get(rfa.get_absolute_url()).content.decode()


def test_a_late_response_through_the_api_is_a_409_with_a_code(cast, make_request, api_for):
    rfa, referral = written(cast, make_request, hours=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2), tick=False):
        response = api_for(cast.hct_member).post(
            f"/api/v1/referrals/{referral.pk}/respond/", {"position": "agree"}, format="json"
        )
    assert response.status_code == 409
    assert response.json()["code"] == "deadline_passed" and "deadline" in response.json()["detail"]
    assert not HctResponse.objects.exists()


def test_the_decision_form_shows_errors_next_to_the_fields_and_keeps_the_input(
    cast, make_request, client_for
):
    rfa, referral = written(cast, make_request)
    hc = client_for(cast.hc)
    response = hc.post(
        f"/requests/{rfa.pk}/decision/",
        {
            "outcome": "approved_with_conditions",
            "rationale": "Kept text",
            "valid_from": str(timezone.localdate()),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_valid_until_error"' in body and 'id="id_conditions_error"' in body
    assert "Kept text" in body
    assert not Decision.objects.exists()


def test_the_military_reach_no_hct_page_or_api(cast, make_request, client_for, api_for):
    rfa, referral = written(cast, make_request)
    for user in (cast.liaison, cast.outsider, cast.other_officer):
        page = client_for(user)
        assert page.get(f"/requests/hct/{referral.pk}/").status_code == 404
        assert page.get(f"/requests/{rfa.pk}/decision/").status_code == 404
        api = api_for(user)
        assert api.get(f"/api/v1/referrals/{referral.pk}/").status_code == 404
        response = api.post(
            f"/api/v1/referrals/{referral.pk}/respond/", {"position": "object"}, format="json"
        )
        assert response.status_code == 404
        assert api.get("/api/v1/referrals/").json()["results"] == []
    assert not HctResponse.objects.exists()


def test_putting_to_the_hct_by_written_procedure_through_the_page(cast, make_request, client_for):
    from requests.models import AssistanceRequest

    rfa = make_request(status=AssistanceRequest.Status.UNDER_REVIEW, answered=True, hct=False)
    officer = client_for(cast.officer)
    missing = officer.post(f"/requests/{rfa.pk}/hct/", {"procedure": "written", "proposal": "Kept proposal"})
    assert missing.status_code == 400
    assert (
        'id="id_deadline_error"' in missing.content.decode() and "Kept proposal" in missing.content.decode()
    )
    deadline = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    today = timezone.localdate()
    officer.post(
        f"/requests/{rfa.pk}/hct/",
        {
            "procedure": "written",
            "deadline": deadline,
            "proposed_outcome": "approved",
            "proposed_valid_from": str(today),
            "proposed_valid_until": str(today + datetime.timedelta(days=3)),
        },
    )
    rfa.refresh_from_db()
    assert rfa.status == "with_hct" and rfa.referrals.get().procedure == "written"
