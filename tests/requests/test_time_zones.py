"""Each operation speaks its own time: a deadline typed on a page is read in the operation's zone, every
page shows it there with the zone named and how long is left, the emails of the operation too; the API stays
in UTC."""

import datetime
import re

import pytest
import time_machine
from django.test import Client

from cmcoord.models import Notification
from requests.models import AssistanceRequest
from tests.conftest import mfa_verified_login

MAPUTO = datetime.timezone(datetime.timedelta(hours=2))  # Africa/Maputo: CAT, UTC+2, no summer time
NOW = datetime.datetime(2026, 11, 20, 8, 0, tzinfo=datetime.UTC)  # 10:00 in Maputo


@pytest.fixture
def maputo(cast):
    cast.operation.time_zone = "Africa/Maputo"
    cast.operation.save(update_fields=["time_zone"])
    return cast


def _client(user) -> Client:
    client = Client()
    mfa_verified_login(client, user)
    return client


def test_a_deadline_typed_at_17_00_in_maputo_is_17_00_cat_everywhere(maputo, make_request, api_for):
    cast = maputo
    rfa = make_request(status=AssistanceRequest.Status.UNDER_REVIEW, answered=True, hct=False)
    with time_machine.travel(NOW, tick=False):
        officer = _client(cast.officer)
        form = officer.get(f"/requests/{rfa.pk}/hct/").content.decode()
        assert "Times are in the operation&#x27;s zone, Africa/Maputo." in form
        response = officer.post(
            f"/requests/{rfa.pk}/hct/",
            {
                "procedure": "written",
                "deadline": "2026-11-22T17:00",
                "proposed_outcome": "approved",
                "proposed_valid_from": "2026-11-22",
                "proposed_valid_until": "2026-11-25",
            },
        )
        assert response.status_code == 302
        referral = rfa.referrals.get()
        # read in the operation's zone: 17:00 CAT is 15:00 UTC (it was read as 17:00 UTC, 19:00 local)
        assert referral.deadline == datetime.datetime(2026, 11, 22, 15, 0, tzinfo=datetime.UTC)

        member = _client(cast.hct_member)
        waiting = member.get("/requests/hct/").content.decode()
        assert "22 Nov 2026 17:00 CAT" in waiting
        assert re.search(r"\(in 2(\xa0| )days\)", waiting), "how long is left"
        request_page = member.get(rfa.get_absolute_url()).content.decode()
        assert "22 Nov 2026 17:00 CAT" in request_page

        # the API keeps UTC, with its offset
        data = api_for(cast.officer).get(f"/api/v1/referrals/{referral.pk}/").json()
        assert data["deadline"] in ("2026-11-22T15:00:00Z", "2026-11-22T15:00:00+00:00")

    # the email to the HCT names the same time in the operation's zone
    email = Notification.objects.get(recipient=cast.hct_member, kind="request.put_to_hct")
    assert "22 November 2026, 17:00 CAT" in email.body_text and "17:00 CAT" in email.subject

    # once passed, the deadline says so
    with time_machine.travel(datetime.datetime(2026, 11, 23, 8, 0, tzinfo=datetime.UTC), tick=False):
        running = _client(cast.hc).get("/requests/hct/").content.decode()
        assert "22 Nov 2026 17:00 CAT" in running and re.search(r"\(17(\xa0| )hours ago\)", running)


def test_an_operation_in_utc_shows_utc_and_an_unknown_zone_falls_back_to_utc(cast, make_request):
    from cmcoord import timezones

    assert str(timezones.zone("Mars/Olympus")) == "UTC" and str(timezones.zone("")) == "UTC"
    rfa = make_request(status=AssistanceRequest.Status.UNDER_REVIEW, answered=True, hct=False)
    with time_machine.travel(NOW, tick=False):
        officer = _client(cast.officer)
        officer.post(
            f"/requests/{rfa.pk}/hct/",
            {
                "procedure": "written",
                "deadline": "2026-11-22T17:00",
                "proposed_outcome": "approved",
                "proposed_valid_from": "2026-11-22",
                "proposed_valid_until": "2026-11-25",
            },
        )
        assert rfa.referrals.get().deadline == datetime.datetime(2026, 11, 22, 17, 0, tzinfo=datetime.UTC)
        assert "22 Nov 2026 17:00 UTC" in _client(cast.hc).get("/requests/hct/").content.decode()
