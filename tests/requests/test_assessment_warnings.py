"""Assessment warnings (issue 16): criteria answered "not met" or "unclear" come first on the request's page,
in the HCT's views (the written procedure's page, the meeting page) and in the HCT's email; putting such a
request to the HCT needs the officer's confirmation and note (page and API), which the HCT reads."""

import datetime

from django.utils import timezone

from cmcoord.models import AuditEvent, Notification
from guidelines.selectors import criteria_for_operation
from requests.models import AssistanceRequest, HctReferral
from requests.services import meetings
from requests.services import rfa as services

from .hct_helpers import proposal

S = AssistanceRequest.Status
NOTE = "The Logistics Cluster has no truck able to reach Buzi before Friday."


def flagged_request(cast, make_request):
    """A request under review whose first criterion is not met and second unclear (the others met)."""
    rfa = make_request(status=S.UNDER_REVIEW, hct=False)
    versions = criteria_for_operation(rfa.operation)
    answers = {0: "not_met", 1: "unclear"}
    services.assessment_save(
        rfa=rfa,
        actor=cast.officer,
        answers=[
            {
                "criterion_version": v,
                "answer": answers.get(i, "met"),
                "justification": f"Checked {v.criterion.code}: {answers.get(i, 'met')}.",
            }
            for i, v in enumerate(versions)
        ],
    )
    return rfa, versions


def test_the_request_page_shows_the_flagged_criteria_first(cast, make_request, client_for):
    rfa, versions = flagged_request(cast, make_request)
    page = client_for(cast.officer).get(rfa.get_absolute_url()).content.decode()
    warning = page.index("data-assessment-warnings")
    assert warning < page.index('id="facts-h"')  # before the request's facts
    block = page[warning : page.index("</div>", warning)]
    assert "2 criteria of the last-resort assessment are not met or unclear" in block
    assert f"Checked {versions[0].criterion.code}: not_met." in block
    assert f"Checked {versions[1].criterion.code}: unclear." in block
    # and the assessment lists them first
    assessment = page[page.index('id="assessment-h"') :]
    items = assessment.split('<li class="criterion ')[1:]
    assert items[0].startswith("answer-not_met flagged") and items[1].startswith("answer-unclear flagged")
    assert all(item.startswith("answer-met") for item in items[2:])


def test_a_request_with_every_criterion_met_shows_no_warning(cast, make_request, client_for):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    page = client_for(cast.officer).get(rfa.get_absolute_url()).content.decode()
    assert "data-assessment-warnings" not in page


def test_putting_it_to_the_hct_asks_the_officer_to_confirm_with_a_note(cast, make_request, client_for):
    rfa, _ = flagged_request(cast, make_request)
    meeting = meetings.meeting_schedule(
        operation=cast.operation,
        actor=cast.officer,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        place="Beira",
    )
    page = client_for(cast.officer)
    form = page.get(f"/requests/{rfa.pk}/hct/").content.decode()
    assert "data-warnings-confirm" in form and "data-assessment-warnings" in form
    events = AuditEvent.objects.count()

    for missing in ({}, {"warnings_confirmed": "on"}, {"warnings_note": NOTE}):
        response = page.post(
            f"/requests/{rfa.pk}/hct/", {"procedure": "meeting", "meeting": meeting.pk, **missing}
        )
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()
    rfa.refresh_from_db()
    assert rfa.status == S.UNDER_REVIEW
    assert not HctReferral.objects.filter(request=rfa).exists()
    assert AuditEvent.objects.count() == events

    response = page.post(
        f"/requests/{rfa.pk}/hct/",
        {"procedure": "meeting", "meeting": meeting.pk, "warnings_confirmed": "on", "warnings_note": NOTE},
    )
    assert response.status_code == 302
    referral = HctReferral.objects.get(request=rfa)
    assert (referral.warnings_note, referral.meeting) == (NOTE, meeting)
    assert AuditEvent.objects.get(verb="request.put_to_hct").data["warnings_note"] == NOTE

    # the HCT reads the criteria and the note: on the request's page, on the meeting's page, in its email
    member = client_for(cast.hct_member)
    request_page = member.get(rfa.get_absolute_url()).content.decode()
    assert "data-assessment-warnings" in request_page and NOTE in request_page
    meeting_page = member.get(meeting.get_absolute_url()).content.decode()
    assert "2 criteria not met or unclear" in meeting_page and NOTE in meeting_page
    email = Notification.objects.get(kind="request.put_to_hct", recipient=cast.hct_member)
    assert "2 criteria of the last-resort assessment are not met or unclear:" in email.body_text
    assert "Not met:" in email.body_text and "Unclear:" in email.body_text
    assert NOTE in email.body_text and NOTE in email.body_html


def test_the_written_procedures_page_shows_them_first_with_the_note(cast, make_request, client_for):
    rfa, versions = flagged_request(cast, make_request)
    services.request_put_to_hct(
        rfa=rfa,
        actor=cast.officer,
        procedure="written",
        deadline=timezone.now() + datetime.timedelta(hours=48),
        proposal={**proposal(), "warnings_confirmed": True, "warnings_note": NOTE},
    )
    referral = HctReferral.objects.get(request=rfa)
    page = client_for(cast.hct_member).get(f"/requests/hct/{referral.pk}/").content.decode()
    assert page.index("data-assessment-warnings") < page.index('id="proposal-h"')
    assert NOTE in page
    assessment = page[page.index('id="assessment-h"') :]
    assert assessment.index("answer-not_met flagged") < assessment.index("answer-met")


def test_the_api_refuses_without_the_confirmation_with_a_code(cast, make_request, api_for, client_for):
    rfa, _ = flagged_request(cast, make_request)
    api = api_for(cast.officer)
    events = AuditEvent.objects.count()
    for body in ({}, {"warnings_confirmed": True}, {"warnings_confirmed": True, "warnings_note": "  "}):
        response = api.post(
            "/api/v1/referrals/", {"request": rfa.pk, "procedure": "meeting", **body}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["code"] == "assessment_warnings_unconfirmed"
    rfa.refresh_from_db()
    assert rfa.status == S.UNDER_REVIEW
    assert not HctReferral.objects.filter(request=rfa).exists()
    assert AuditEvent.objects.count() == events
    assert not Notification.objects.filter(kind="request.put_to_hct").exists()

    response = api.post(
        "/api/v1/referrals/",
        {"request": rfa.pk, "procedure": "meeting", "warnings_confirmed": True, "warnings_note": NOTE},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["warnings_note"] == NOTE
    # the HC reads them, and the note, where the decision is recorded
    decide = client_for(cast.hc).get(f"/requests/{rfa.pk}/decision/").content.decode()
    assert "data-assessment-warnings" in decide and NOTE in decide


def test_no_confirmation_is_asked_when_every_criterion_is_met(cast, make_request, api_for, client_for):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    assert (
        "data-warnings-confirm"
        not in client_for(cast.officer).get(f"/requests/{rfa.pk}/hct/").content.decode()
    )
    response = api_for(cast.officer).post(
        "/api/v1/referrals/", {"request": rfa.pk, "procedure": "meeting"}, format="json"
    )
    assert response.status_code == 201
    assert HctReferral.objects.get(request=rfa).warnings_note == ""
