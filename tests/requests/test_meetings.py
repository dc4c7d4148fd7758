"""HCT meetings (issue 16): an officer schedules one and puts requests on its agenda; the HC records the
attendance once, then a decision per request through the decision service; the minutes are kept. Who sees
what (404 for everyone else), the moves of the meeting's table, the invitation and the reminder (once), the
API (exact query counts)."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import AuditEvent, Notification, Operation
from requests import lifecycle
from requests.models import AssistanceRequest, Decision, HctReferral, Meeting
from requests.reminders import remind_meetings
from requests.services import hct as decisions
from requests.services import meetings
from requests.services import rfa as services

S = AssistanceRequest.Status
SEES = ("officer", "hct_member", "hct_member2", "hc")
NEVER = ("requester", "requester_other_org", "observer", "liaison", "outsider", "other_officer")


@pytest.fixture
def maputo(cast):
    Operation.objects.filter(pk=cast.operation.pk).update(time_zone="Africa/Maputo")
    cast.operation.refresh_from_db()
    return cast.operation


def schedule(cast, *, hours=2, place="OCHA office, Beira", call_link=""):
    return meetings.meeting_schedule(
        operation=cast.operation,
        actor=cast.officer,
        starts_at=timezone.now() + datetime.timedelta(hours=hours),
        place=place,
        call_link=call_link,
    )


def on_agenda(cast, make_request, meeting, n=2, **fields):
    """n requests under review put to the HCT at the meeting."""
    found = []
    for i in range(n):
        rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False, title=f"Airlift {i}", **fields)
        services.request_put_to_hct(rfa=rfa, actor=cast.officer, meeting=meeting)
        found.append(rfa)
    return found


def start(meeting):
    """Set-up: the meeting's time has come (written directly)."""
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    meeting.refresh_from_db()


def held(cast, make_request, n=2):
    meeting = schedule(cast)
    requests = on_agenda(cast, make_request, meeting, n)
    start(meeting)
    meetings.meeting_record_attendance(meeting=meeting, actor=cast.hc, attendees=[cast.hc, cast.hct_member])
    meeting.refresh_from_db()
    return meeting, requests


def approve(cast, rfa):
    today = timezone.localdate()
    return decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=7),
        rationale="Agreed at the meeting.",
    )


# Who sees a meeting.


@pytest.mark.parametrize("who", SEES)
def test_the_hct_and_its_secretariat_see_the_meeting_page_and_list(cast, make_request, client_for, who):
    meeting = schedule(cast)
    on_agenda(cast, make_request, meeting, 1)
    page = client_for(getattr(cast, who))
    assert page.get(meeting.get_absolute_url()).status_code == 200
    listed = page.get("/requests/meetings/")
    assert listed.status_code == 200
    assert meeting.get_absolute_url() in listed.content.decode()


@pytest.mark.parametrize("who", NEVER)
def test_requesters_observers_the_military_and_outsiders_get_404(
    cast, make_request, client_for, api_for, who
):
    meeting = schedule(cast)
    on_agenda(cast, make_request, meeting, 1)
    page = client_for(getattr(cast, who))
    for url in (meeting.get_absolute_url(), f"/requests/meetings/{meeting.pk}/edit/"):
        assert page.get(url).status_code == 404, url
    if who == "other_officer":  # an officer of another operation: that operation's list, without this meeting
        listed = page.get("/requests/meetings/")
        assert listed.status_code == 200 and meeting.get_absolute_url() not in listed.content.decode()
    else:
        assert page.get("/requests/meetings/").status_code == 404
        assert page.get("/requests/meetings/new/").status_code == 404
    events = AuditEvent.objects.count()
    for url in ("cancel", "attendance", "minutes", "agenda"):
        assert page.post(f"/requests/meetings/{meeting.pk}/{url}/", {"reason": "x"}).status_code == 404
    assert AuditEvent.objects.count() == events
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
    api = api_for(getattr(cast, who))
    assert api.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    assert api.get("/api/v1/meetings/").json()["results"] == []


@pytest.mark.parametrize("who", ["hct_member", "hc", "requester"])
def test_only_officers_schedule_a_meeting(cast, client_for, who):
    page = client_for(getattr(cast, who))
    when = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = page.post("/requests/meetings/new/", {"starts_at": when, "place": "Beira"})
    assert response.status_code == 404
    with pytest.raises(TransitionNotAllowed) as refused:
        meetings.meeting_schedule(
            operation=cast.operation, actor=getattr(cast, who), starts_at=timezone.now(), place="Beira"
        )
    assert refused.value.code == "role_not_allowed"
    assert not Meeting.objects.exists()
    assert not Notification.objects.filter(kind="meeting.invitation").exists()


def test_the_officer_schedules_a_meeting_in_the_operations_time_and_the_hct_is_invited(
    cast, maputo, client_for
):
    page = client_for(cast.officer)
    response = page.post(
        "/requests/meetings/new/",
        {"starts_at": "2031-03-04T10:30", "place": "OCHA office, Beira", "call_link": "meet.example.org/hct"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    # typed in Maputo time (UTC+2)
    assert meeting.starts_at == datetime.datetime(2031, 3, 4, 8, 30, tzinfo=datetime.UTC)
    assert meeting.call_link == "https://meet.example.org/hct"
    assert AuditEvent.objects.filter(verb="meeting.schedule", object_id=str(meeting.pk)).count() == 1
    invited = Notification.objects.filter(kind="meeting.invitation")
    assert set(invited.values_list("recipient__username", flat=True)) == {"hct", "hct2", "hc"}
    note = invited.get(recipient=cast.hct_member)
    assert "4 March 2031, 10:30 CAT" in note.subject
    assert "OCHA office, Beira" in note.body_text and "https://meet.example.org/hct" in note.body_text


def test_a_meeting_needs_a_place_or_a_call_link(cast, client_for):
    page = client_for(cast.officer)
    response = page.post("/requests/meetings/new/", {"starts_at": "2031-03-04T10:30"})
    assert response.status_code == 400
    assert "Give a place or a call link." in response.content.decode()
    assert not Meeting.objects.exists()


# The moves of a meeting.


def test_the_meetings_table():
    assert lifecycle.MEETING.target_for("scheduled", "hold", "hc") == "held"
    assert lifecycle.MEETING.target_for("scheduled", "hold", "cmcoord_officer") is None
    assert lifecycle.MEETING.target_for("scheduled", "cancel", "cmcoord_officer") == "cancelled"
    assert lifecycle.MEETING.target_for("scheduled", "cancel", "hc") is None
    for state in ("held", "cancelled"):
        assert lifecycle.MEETING.target_for(state, "cancel", "cmcoord_officer") is None
        assert lifecycle.MEETING.target_for(state, "hold", "hc") is None


def test_attendance_is_recorded_once_by_the_hc_once_the_meeting_starts(cast, make_request):
    meeting = schedule(cast)
    on_agenda(cast, make_request, meeting, 1)
    with pytest.raises(TransitionNotAllowed) as early:
        meetings.meeting_record_attendance(meeting=meeting, actor=cast.hc, attendees=[cast.hc])
    assert early.value.code == "meeting_not_started"
    start(meeting)
    with pytest.raises(TransitionNotAllowed) as officer:
        meetings.meeting_record_attendance(meeting=meeting, actor=cast.officer, attendees=[cast.hc])
    assert officer.value.code == "role_not_allowed"
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED

    meetings.meeting_record_attendance(
        meeting=meeting, actor=cast.hc, attendees=[cast.hc, cast.hct_member, cast.hct_member2]
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert set(meeting.attendees.all()) == {cast.hc, cast.hct_member, cast.hct_member2}
    event = AuditEvent.objects.get(verb="meeting.attendance")
    assert (event.from_state, event.to_state, event.actor) == ("scheduled", "held", cast.hc)

    with pytest.raises(TransitionNotAllowed) as again:
        meetings.meeting_record_attendance(meeting=meeting, actor=cast.hc, attendees=[cast.hc])
    assert again.value.code == "attendance_recorded"
    assert meeting.attendees.count() == 3


def test_only_hct_members_and_the_hc_are_recorded_as_attending(cast):
    meeting = schedule(cast)
    start(meeting)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        meetings.meeting_record_attendance(meeting=meeting, actor=cast.hc, attendees=[cast.requester])
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED


def test_a_cancelled_meeting_cannot_be_held_and_a_held_one_cannot_be_cancelled(
    cast, make_request, client_for
):
    meeting = schedule(cast)
    page = client_for(cast.officer)
    response = page.post(f"/requests/meetings/{meeting.pk}/cancel/", {"reason": "The HC is travelling."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (Meeting.Status.CANCELLED, "The HC is travelling.")
    assert set(
        Notification.objects.filter(kind="meeting.cancelled").values_list("recipient__username", flat=True)
    ) == {"hct", "hct2", "hc"}
    start(meeting)
    with pytest.raises(TransitionNotAllowed) as refused:
        meetings.meeting_record_attendance(meeting=meeting, actor=cast.hc, attendees=[cast.hc])
    assert refused.value.code == "not_allowed_in_state"

    other, _ = held(cast, make_request, 1)
    with pytest.raises(TransitionNotAllowed) as late:
        meetings.meeting_cancel(meeting=other, actor=cast.officer, reason="Too late.")
    assert late.value.code == "not_allowed_in_state"
    assert Meeting.objects.get(pk=other.pk).status == Meeting.Status.HELD


def test_the_hc_cannot_cancel_and_a_member_cannot_record_attendance_by_the_page(cast, client_for):
    meeting = schedule(cast)
    start(meeting)
    hc = client_for(cast.hc)
    hc.post(f"/requests/meetings/{meeting.pk}/cancel/", {"reason": "No."})
    member = client_for(cast.hct_member)
    member.post(f"/requests/meetings/{meeting.pk}/attendance/", {"attendees": [cast.hct_member.pk]})
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
    assert not AuditEvent.objects.filter(verb__in=["meeting.cancel", "meeting.attendance"]).exists()


def test_a_change_of_time_is_audited_and_the_hct_told_again(cast, client_for, maputo):
    meeting = schedule(cast)
    page = client_for(cast.officer)
    response = page.post(
        f"/requests/meetings/{meeting.pk}/edit/", {"starts_at": "2031-05-06T09:00", "place": "UNHAS hangar"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "UNHAS hangar"
    event = AuditEvent.objects.get(verb="meeting.update")
    assert event.data["after"]["place"] == "UNHAS hangar"
    assert Notification.objects.filter(kind="meeting.invitation", recipient=cast.hc).count() == 2


# The agenda and the decisions.


def test_requests_put_to_a_meeting_are_its_agenda_and_the_email_names_date_time_and_place(
    cast, make_request, maputo
):
    meeting = meetings.meeting_schedule(
        operation=cast.operation,
        actor=cast.officer,
        starts_at=datetime.datetime(2031, 3, 4, 8, 30, tzinfo=datetime.UTC),
        place="OCHA office, Beira",
    )
    first, second = on_agenda(cast, make_request, meeting)
    assert [r.request for r in meeting.agenda.order_by("pk")] == [first, second]
    email = Notification.objects.get(
        kind="request.put_to_hct", recipient=cast.hct_member, link__contains=str(first.pk)
    )
    assert "At the HCT meeting of 4 March 2031, 10:30 CAT" in email.body_text
    assert "OCHA office, Beira" in email.body_text


def test_put_to_the_hct_at_a_new_meeting_from_the_page(cast, make_request, client_for):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    page = client_for(cast.officer)
    response = page.post(
        f"/requests/{rfa.pk}/hct/",
        {"procedure": "meeting", "new_meeting_starts_at": "2031-03-04T10:30", "new_meeting_place": "Beira"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert HctReferral.objects.get(request=rfa).meeting == meeting
    # a meeting procedure needs a meeting, chosen or new
    other = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    response = page.post(f"/requests/{other.pk}/hct/", {"procedure": "meeting"})
    assert response.status_code == 400
    assert not HctReferral.objects.filter(request=other).exists()
    assert Meeting.objects.count() == 1


def test_a_decision_waits_for_the_attendance_then_is_recorded_at_the_meeting(cast, make_request, client_for):
    meeting = schedule(cast)
    first, second = on_agenda(cast, make_request, meeting)
    with pytest.raises(TransitionNotAllowed) as early:
        approve(cast, first)
    assert early.value.code == "meeting_not_held"
    early_page = client_for(cast.hc).get(f"/requests/{first.pk}/decision/", follow=True)
    assert "the HC records who attended first" in early_page.content.decode()
    assert not Decision.objects.exists()

    start(meeting)
    meetings.meeting_record_attendance(meeting=meeting, actor=cast.hc, attendees=[cast.hc, cast.hct_member])
    decision = approve(cast, first)
    assert decision.meeting == meeting and decision.procedure == "meeting"
    assert set(decision.present.all()) == {cast.hc, cast.hct_member}

    # the request's page links to the meeting for the HCT; the requester reads the date, with no link
    officer = client_for(cast.officer).get(first.get_absolute_url()).content.decode()
    assert f'href="{meeting.get_absolute_url()}" data-decided-at' in officer
    requester = client_for(cast.requester).get(first.get_absolute_url()).content.decode()
    assert "decided at the HCT meeting of" in requester
    assert meeting.get_absolute_url() not in requester
    # the meeting page lists the agenda with each decision
    content = client_for(cast.hct_member).get(meeting.get_absolute_url()).content.decode()
    assert first.reference in content and second.reference in content
    assert "Agreed at the meeting." in content


def test_the_decision_page_of_an_agenda_item_returns_to_the_meeting(cast, make_request, client_for):
    meeting, (rfa, _) = held(cast, make_request)
    page = client_for(cast.hc)
    form = page.get(f"/requests/{rfa.pk}/decision/")
    assert "data-at-meeting" in form.content.decode()
    today = timezone.localdate()
    response = page.post(
        f"/requests/{rfa.pk}/decision/",
        {
            "outcome": "rejected",
            "rationale": "Civilian trucks are available.",
            "expected_status": "with_hct",
            "expected_decision": "",
            "valid_from": str(today),
        },
    )
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert Decision.objects.get(request=rfa).meeting == meeting


def test_a_waiting_procedure_is_put_on_the_agenda_by_an_officer(cast, make_request, client_for):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)  # at a meeting, none chosen yet
    meeting = schedule(cast)
    member = client_for(cast.hct_member)
    referral = HctReferral.objects.get(request=rfa)
    member.post(f"/requests/meetings/{meeting.pk}/agenda/", {"referral": referral.pk})
    assert HctReferral.objects.get(pk=referral.pk).meeting is None
    page = client_for(cast.officer)
    response = page.post(f"/requests/meetings/{meeting.pk}/agenda/", {"referral": referral.pk})
    assert response.status_code == 302
    assert HctReferral.objects.get(pk=referral.pk).meeting == meeting
    assert AuditEvent.objects.filter(verb="hct.agenda", object_id=str(rfa.pk)).count() == 1


def test_minutes_as_text_and_a_checked_file(cast, make_request, client_for):
    meeting, _ = held(cast, make_request, 1)
    page = client_for(cast.officer)
    bad = SimpleUploadedFile("minutes.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = page.post(f"/requests/meetings/{meeting.pk}/minutes/", {"minutes": "", "minutes_file": bad})
    assert response.status_code == 400
    assert not Meeting.objects.get(pk=meeting.pk).minutes_file
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = page.post(
        f"/requests/meetings/{meeting.pk}/minutes/", {"minutes": "Two requests decided.", "minutes_file": pdf}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Two requests decided." and meeting.minutes_file
    assert AuditEvent.objects.filter(verb="meeting.minutes").count() == 1
    assert (
        client_for(cast.hct_member).get(f"/requests/meetings/{meeting.pk}/minutes/file/").status_code == 200
    )
    assert client_for(cast.requester).get(f"/requests/meetings/{meeting.pk}/minutes/file/").status_code == 404
    # an HCT member reads them, does not write them
    client_for(cast.hct_member).post(f"/requests/meetings/{meeting.pk}/minutes/", {"minutes": "Mine."})
    assert Meeting.objects.get(pk=meeting.pk).minutes == "Two requests decided."


# The reminder.


def test_the_reminder_goes_once_the_day_before_and_again_when_the_meeting_moves(cast):
    meeting = schedule(cast, hours=30)
    remind_meetings()  # more than 24 hours ahead: nobody yet
    assert not reminded()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=8), tick=False):
        remind_meetings()
        remind_meetings()  # run again: nobody twice
    assert sorted(reminded()) == ["hc", "hct", "hct2"]
    meetings.meeting_update(
        meeting=meeting,
        actor=cast.officer,
        starts_at=meeting.starts_at + datetime.timedelta(hours=4),
        place=meeting.place,
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=12), tick=False):
        remind_meetings()  # moved: reminded of the new time, once
        remind_meetings()
    assert sorted(reminded()) == ["hc", "hc", "hct", "hct", "hct2", "hct2"]


def reminded() -> list[str]:
    return list(
        Notification.objects.filter(kind="reminder.meeting").values_list("recipient__username", flat=True)
    )


def test_no_reminder_of_a_cancelled_meeting(cast):
    meeting = schedule(cast, hours=20)
    meetings.meeting_cancel(meeting=meeting, actor=cast.officer, reason="Postponed.")
    remind_meetings()
    assert not reminded()


# The API.


def test_the_api_reads_meetings_with_their_agenda_and_decisions(cast, make_request, api_for):
    meeting, (first, _) = held(cast, make_request)
    decision = approve(cast, first)
    body = api_for(cast.hct_member).get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert body["status"] == "held"
    assert len(body["attendees"]) == 2
    items = {i["request"]: i for i in body["agenda"]}
    assert items[first.pk]["decision"] == decision.pk
    assert len(items) == 2


@pytest.mark.parametrize("who", ["officer", "hc"])
def test_the_meetings_endpoints_run_the_pinned_queries(
    cast, make_request, api_for, django_assert_num_queries, who
):
    api = api_for(getattr(cast, who))
    for n in (1, 3):
        meeting, requests = held(cast, make_request, n)
        approve(cast, requests[0])
        assert api.get("/api/v1/meetings/").status_code == 200
        # count, meetings (one page), attendees, agenda with requests, decisions
        with django_assert_num_queries(5):
            assert api.get("/api/v1/meetings/").status_code == 200
        with django_assert_num_queries(4):
            assert api.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 200


def test_the_meetings_page_runs_the_pinned_queries(cast, make_request, client_for, django_assert_num_queries):
    page = client_for(cast.officer)
    for n in (1, 3):
        meeting, requests = held(cast, make_request, n)
        approve(cast, requests[0])
        assert page.get("/requests/meetings/").status_code == 200
        with django_assert_num_queries(8):
            assert page.get("/requests/meetings/").status_code == 200
        assert page.get(meeting.get_absolute_url()).status_code == 200
        with django_assert_num_queries(13):
            assert page.get(meeting.get_absolute_url()).status_code == 200


def test_the_api_puts_a_request_on_a_scheduled_meeting_of_its_operation_only(cast, make_request, api_for):
    meeting = schedule(cast)
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    api = api_for(cast.officer)
    cancelled = schedule(cast)
    meetings.meeting_cancel(meeting=cancelled, actor=cast.officer, reason="Moved.")
    refused = api.post(
        "/api/v1/referrals/",
        {"request": rfa.pk, "procedure": "meeting", "meeting": cancelled.pk},
        format="json",
    )
    assert refused.status_code == 400 and "meeting" in refused.json()["fields"]
    assert not HctReferral.objects.filter(request=rfa).exists()
    response = api.post(
        "/api/v1/referrals/",
        {"request": rfa.pk, "procedure": "meeting", "meeting": meeting.pk},
        format="json",
    )
    assert response.status_code == 201 and response.json()["meeting"] == meeting.pk
