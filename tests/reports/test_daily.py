"""The daily CMCoord report: its sections on hand-made data, the military version (a sentinel test: nothing
humanitarian-only reaches a force), the page, and the morning email through the notification outbox."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from cmcoord.models import AuditEvent, Notification
from deconfliction import services as hn_services
from deconfliction.models import Kind
from reports import selectors, services
from reports.models import DailyReportSetting
from reports.permissions import DAILY_KIND, DAILY_MILITARY_KIND
from reports.tasks import send_daily_reports
from requests.models import AssistanceRequest, HctReferral, Task
from requests.permissions import visible_tasks
from tests.deconfliction.conftest import NOTES_SENTINEL, site_fields

from .conftest import at

S = AssistanceRequest.Status
NOW = at("2026-04-10", 6)
SECRET_TITLE = "SENTINEL-HUMANITARIAN-ONLY request"
SECRET_CONDITION = "SENTINEL-CONDITION of another request"
FADM_TITLE = "SENTINEL-FADM-ONLY task"
FADM_SITE = "SENTINEL-FADM-ONLY warehouse"


@pytest.fixture
def day(cast, submitted, decide, give_task, make_request):
    """What happened in the 24 hours before 10 April 2026 06:00 UTC, and what falls due in the 48 after."""
    with time_machine.travel(NOW - datetime.timedelta(hours=1), tick=False):
        received = submitted(at("2026-04-09", 12), title=SECRET_TITLE)
        submitted(at("2026-04-01"), title="Received long ago")
        conditional = submitted(at("2026-04-08"), status=S.APPROVED, title="Road repair at Dondo")
        decide(
            conditional,
            at("2026-04-09", 18),
            outcome="approved_with_conditions",
            conditions=[SECRET_CONDITION],
            valid_until=datetime.date(2026, 4, 11),  # expires within 48 h
            rationale="SENTINEL-RATIONALE",
        )
        sandf = submitted(
            at("2026-04-05"),
            status=S.TASKED,
            title="Airlift of biscuits to Buzi",
            required_by=datetime.date(2026, 4, 11),
            latest_acceptable=datetime.date(2026, 4, 12),
        )
        given = give_task(sandf, cast.force, at("2026-04-09", 20))
        done_rfa = submitted(at("2026-04-01"), status=S.COMPLETED, title="Medical evacuation from Nhamatanda")
        done = give_task(
            done_rfa,
            cast.force,
            at("2026-04-02"),
            status="completed",
            accepted_at=at("2026-04-02", 3),
            completed_on=datetime.date(2026, 4, 10),
        )
        running_rfa = submitted(
            at("2026-04-03"),
            status=S.IN_PROGRESS,
            title="Water trucking to Guara-Guara",
            required_by=datetime.date(2026, 4, 20),
            latest_acceptable=datetime.date(2026, 4, 25),
        )
        running = give_task(
            running_rfa, cast.force, at("2026-04-06"), status="in_progress", accepted_at=at("2026-04-06", 2)
        )
        # its start, as the tasking service records it (the first progress report)
        AuditEvent.objects.create(
            actor=cast.liaison,
            operation=cast.operation,
            content_type=ContentType.objects.get_for_model(Task),
            object_id=str(running.pk),
            object_repr=str(running),
            verb="task.start",
            from_state="accepted",
            to_state="in_progress",
            created_at=at("2026-04-09", 23),
        )
        fadm = submitted(at("2026-04-05"), status=S.ACCEPTED, title=FADM_TITLE)
        give_task(
            fadm, cast.other_force, at("2026-04-09", 21), status="accepted", accepted_at=at("2026-04-09", 22)
        )
        written = submitted(at("2026-04-07"), status=S.WITH_HCT, title="Sea transport to Beira")
        HctReferral.objects.create(
            request=written,
            procedure="written",
            deadline=at("2026-04-11", 10),
            proposed_outcome="approved",
            opened_by=cast.officer,
        )
        to_fadm = hn_services.notification_submit(
            operation=cast.operation,
            organization=cast.wfp,
            kind=Kind.SITE,
            actor=cast.requester,
            fields=site_fields(name=FADM_SITE),
        )
        hn_services.notification_transmit(
            notification=to_fadm, actor=cast.officer, parties=[cast.other_force]
        )
        to_both = hn_services.notification_submit(
            operation=cast.operation,
            organization=cast.wfp,
            kind=Kind.SITE,
            actor=cast.requester,
            fields=site_fields(),
        )
        hn_services.notification_transmit(
            notification=to_both, actor=cast.officer, parties=[cast.force, cast.other_force]
        )
    return {
        "running": running,
        "received": received,
        "conditional": conditional,
        "sandf": sandf,
        "given": given,
        "done": done,
        "written": written,
        "to_fadm": to_fadm,
        "to_both": to_both,
    }


def refs(items):
    return [getattr(i, "reference", None) or i.request.reference for i in items]


def test_the_humanitarian_version(cast, day):
    report = selectors.daily_report(cast.operation, now=NOW)
    assert refs(report.received) == [day["received"].reference]
    assert refs(report.decisions) == [day["conditional"].reference]
    assert report.decisions[0].conditions == [SECRET_CONDITION]
    assert refs(report.tasked) == [day["sandf"].reference, FADM_TITLE and report.tasked[1].request.reference]
    assert [t.force.short_name for t in report.tasked] == ["SANDF", "FADM"]
    assert [t.force.short_name for t in report.accepted] == ["FADM"]
    assert [t.pk for t in report.started] == [day["running"].pk]
    assert [t.pk for t in report.completed] == [day["done"].pk]
    assert refs(report.written_deadlines) == [day["written"].reference]
    assert refs(report.expiring) == [day["conditional"].reference]
    assert day["sandf"].reference in refs(report.required)
    assert sorted(
        (d.transmission.notification.reference, d.transmission.party.short_name) for d in report.transmitted
    ) == sorted(
        [
            (day["to_fadm"].reference, "FADM"),
            (day["to_both"].reference, "SANDF"),
            (day["to_both"].reference, "FADM"),
        ]
    )


def test_the_military_version_carries_only_the_force_s_own(cast, day):
    report = selectors.military_daily_report(
        cast.operation, cast.force, visible_tasks(cast.liaison, cast.operation), now=NOW
    )
    assert report.military and report.received == [] and report.decisions == [] and report.expiring == []
    assert [t.pk for t in report.tasked] == [day["given"].pk]
    assert report.accepted == []
    assert [t.pk for t in report.started] == [day["running"].pk]
    assert [t.pk for t in report.completed] == [day["done"].pk]
    assert [t.pk for t in report.task_deadlines] == [day["given"].pk]
    assert [d.transmission.party_id for d in report.transmitted] == [cast.force.pk]


def test_an_empty_day(cast):
    report = selectors.daily_report(cast.operation, now=NOW)
    assert report.is_empty


SENTINELS = (SECRET_TITLE, SECRET_CONDITION, "SENTINEL-RATIONALE", FADM_TITLE, FADM_SITE, NOTES_SENTINEL)


def test_the_morning_email_gives_each_audience_its_version(cast, day, settings):
    cast.hct_member.language = "fr"
    cast.hct_member.save(update_fields=["language"])
    mail.outbox.clear()
    with time_machine.travel(NOW, tick=False), django_capture_on_commit():
        written = services.daily_report_send(operation=cast.operation, now=NOW)
    rows = Notification.objects.filter(kind__in=[DAILY_KIND, DAILY_MILITARY_KIND])
    humanitarian = {n.recipient_id: n for n in rows if n.kind == DAILY_KIND}
    military = {n.recipient_id: n for n in rows if n.kind == DAILY_MILITARY_KIND}
    assert written == len(rows) == 7
    assert set(humanitarian) == {
        cast.officer.pk,
        cast.hc.pk,
        cast.hct_member.pk,
        cast.hct_member2.pk,
        cast.observer.pk,
    }
    assert set(military) == {cast.liaison.pk, cast.liaison_other_force.pk}
    officer = humanitarian[cast.officer.pk]
    for text in (SECRET_TITLE, SECRET_CONDITION, FADM_TITLE):
        assert text in officer.body_html and text in officer.body_text
    assert humanitarian[cast.hct_member.pk].language == "fr"
    assert humanitarian[cast.hct_member.pk].subject.startswith("Rapport")
    sandf = military[cast.liaison.pk]
    assert day["sandf"].reference in sandf.body_text and day["to_both"].reference in sandf.body_text
    for text in SENTINELS:
        assert text not in sandf.body_html and text not in sandf.body_text and text not in sandf.subject
    assert day["to_fadm"].reference not in sandf.body_text
    fadm = military[cast.liaison_other_force.pk]
    assert FADM_TITLE in fadm.body_text and day["sandf"].reference not in fadm.body_text
    for text in (SECRET_TITLE, SECRET_CONDITION, "SENTINEL-RATIONALE", NOTES_SENTINEL):
        assert text not in fadm.body_html and text not in fadm.body_text
    # the emails themselves went out through the outbox
    emailed = {m.to[0]: m for m in mail.outbox}
    assert cast.liaison.email in emailed
    for text in SENTINELS:
        assert text not in emailed[cast.liaison.email].body
    assert AuditEvent.objects.filter(verb="report.daily_sent", operation=cast.operation).count() == 1


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_the_beat_task_is_idempotent_per_day(cast, day):
    with time_machine.travel(NOW, tick=False):
        send_daily_reports()
        first = Notification.objects.filter(kind__in=[DAILY_KIND, DAILY_MILITARY_KIND]).count()
        send_daily_reports()
    # seven readers in Mozambique, the officer of Haiti in theirs
    assert first == 8
    assert Notification.objects.filter(kind__in=[DAILY_KIND, DAILY_MILITARY_KIND]).count() == 8
    haiti = Notification.objects.filter(operation=cast.other_operation, recipient=cast.other_officer)
    assert haiti.count() == 1


def test_a_closed_operation_is_not_reported(cast):
    cast.operation.status = "closed"
    cast.operation.save(update_fields=["status"])
    assert services.daily_report_send(operation=cast.operation, now=NOW) == 0
    assert not Notification.objects.filter(kind=DAILY_KIND).exists()


@pytest.mark.parametrize("role", ["officer", "hc", "hct_member", "observer"])
def test_the_page_for_humanitarian_readers(role, cast, day, client_for):
    with time_machine.travel(NOW, tick=False):
        response = client_for(getattr(cast, role)).get(reverse("reports:daily"))
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET_TITLE in html and SECRET_CONDITION in html and "css/reports.css" in html


def test_the_page_for_a_liaison_officer_is_the_military_version(cast, day, client_for):
    with time_machine.travel(NOW, tick=False):
        response = client_for(cast.liaison).get(reverse("reports:daily"))
    assert response.status_code == 200
    html = response.content.decode()
    assert day["sandf"].reference in html
    for text in SENTINELS:
        assert text not in html


@pytest.mark.parametrize("role", ["requester", "outsider"])
def test_the_page_is_404_for_others(role, cast, client_for):
    assert client_for(getattr(cast, role)).get(reverse("reports:daily")).status_code == 404


def test_the_page_runs_the_same_queries_at_two_sizes(
    cast, submitted, decide, client_for, django_assert_num_queries
):
    client = client_for(cast.officer)
    with time_machine.travel(NOW, tick=False):
        submitted(at("2026-04-09", 10))
        with django_assert_num_queries(14):
            client.get(reverse("reports:daily"))
        for hour in range(10, 20):
            rfa = submitted(at("2026-04-09", hour), status=S.APPROVED)
            decide(rfa, at("2026-04-09", hour + 1), valid_until=datetime.date(2026, 4, 11))
        with django_assert_num_queries(14):
            response = client.get(reverse("reports:daily"))
    assert len(response.context["report"].received) == 11


def test_officers_choose_the_recipients_and_the_hour(cast, day, client_for):
    client = client_for(cast.officer)
    assert client.get(reverse("reports:daily-settings")).status_code == 200
    # a requester is no reader of the report: not a choice, and nothing is saved
    refused = client.post(
        reverse("reports:daily-settings"),
        {"enabled": "on", "hour": "7", "recipients": [cast.hc.pk, cast.requester.pk]},
    )
    assert refused.status_code == 200 and refused.context["form"].errors["recipients"]
    assert not DailyReportSetting.objects.exists()
    response = client.post(
        reverse("reports:daily-settings"),
        {"enabled": "on", "hour": "7", "recipients": [cast.hc.pk, cast.liaison.pk]},
    )
    assert response.status_code == 302
    setting = DailyReportSetting.objects.get(operation=cast.operation)
    assert setting.hour == 7 and setting.enabled
    assert set(setting.recipients.values_list("pk", flat=True)) == {cast.hc.pk, cast.liaison.pk}
    assert AuditEvent.objects.filter(verb="report.daily_settings").count() == 1

    services.daily_report_send(operation=cast.operation, now=NOW)
    told = Notification.objects.filter(kind__in=[DAILY_KIND, DAILY_MILITARY_KIND])
    assert {(n.recipient_id, n.kind) for n in told} == {
        (cast.hc.pk, DAILY_KIND),
        (cast.liaison.pk, DAILY_MILITARY_KIND),
    }


def test_a_report_switched_off_is_not_sent(cast, day):
    services.daily_report_settings_save(
        operation=cast.operation, actor=cast.officer, enabled=False, hour=6, recipients=[]
    )
    assert services.daily_report_send(operation=cast.operation, now=NOW) == 0
    assert selectors.daily_report_due(NOW) == [cast.other_operation]


def test_each_operation_at_its_own_hour(cast):
    cast.operation.time_zone = "Africa/Maputo"  # UTC+2: 06:00 there is 04:00 UTC
    cast.operation.save(update_fields=["time_zone"])
    assert selectors.daily_report_due(at("2026-04-10", 4)) == [cast.operation]
    assert selectors.daily_report_due(at("2026-04-10", 6)) == [cast.other_operation]
    services.daily_report_settings_save(
        operation=cast.other_operation, actor=cast.other_officer, enabled=True, hour=9, recipients=[]
    )
    assert selectors.daily_report_due(at("2026-04-10", 6)) == []
    assert selectors.daily_report_due(at("2026-04-10", 9)) == [cast.other_operation]


@pytest.mark.parametrize("role", ["hc", "hct_member", "observer", "liaison", "requester", "outsider"])
def test_only_officers_set_the_daily_report(role, cast, client_for):
    assert client_for(getattr(cast, role)).get(reverse("reports:daily-settings")).status_code == 404
