"""Reminders of unacknowledged transmissions, and expiry, through Celery: the periodic tasks find what is due
and the core's outbox emails it after commit (a real worker on the test Redis for the end-to-end test)."""

import datetime
import time

import time_machine
from django.core import mail
from django.urls import reverse

from cmcoord.models import Notification
from deconfliction import services, tasks
from tests.cmcoord import test_notifications_worker as mechanism

from .conftest import NOTES_SENTINEL, STAFF_SENTINEL

worker = mechanism.worker
wait_for = mechanism.wait_for
KIND = "reminder.hn_unacknowledged"


def test_no_reminder_before_the_delay_then_once_per_dispatch(cast, make_movement, transmit, settings):
    settings.HN_ACK_REMINDER_HOURS = 6
    movement = make_movement()
    (transmission,) = transmit(movement, cast.force)
    sent_at = transmission.sent_at

    with time_machine.travel(sent_at + datetime.timedelta(hours=5, minutes=59)):
        assert tasks.remind_unacknowledged.delay().get() == 0
    with time_machine.travel(sent_at + datetime.timedelta(hours=6, minutes=1)):
        tasks.remind_unacknowledged.delay().get()
        tasks.remind_unacknowledged.delay().get()  # a second run tells nobody twice (once per dispatch)
    reminded = Notification.objects.filter(kind=KIND)
    assert reminded.count() == 2  # the SANDF liaison officer and the officer
    assert {n.recipient for n in reminded} == {cast.liaison, cast.officer}


def test_an_acknowledged_transmission_is_not_reminded(cast, make_site, transmit, settings):
    settings.HN_ACK_REMINDER_HOURS = 1
    site = make_site()
    acknowledged, waiting = transmit(site, cast.force, cast.other_force)
    services.transmission_acknowledge(transmission=acknowledged, actor=cast.liaison)

    with time_machine.travel(waiting.sent_at + datetime.timedelta(hours=2)):
        tasks.remind_unacknowledged.delay().get()

    reminded = Notification.objects.filter(kind=KIND)
    assert {n.recipient for n in reminded} == {cast.liaison_other_force, cast.officer}
    assert "SANDF" not in "".join(n.body_text for n in reminded if n.recipient == cast.liaison_other_force)


def test_a_movement_leaves_the_party_list_at_the_minute_it_ends_and_stays_on_record(
    cast, make_movement, transmit, client_for
):
    movement = make_movement()
    transmit(movement, cast.force)

    # Each client signs in at the time it is used (sessions time out when idle).
    with time_machine.travel(movement.ends_at - datetime.timedelta(minutes=1), tick=False):
        party = client_for(cast.liaison)
        assert movement.reference in party.get(reverse("deconfliction:list")).content.decode()
        assert tasks.expire_notifications.delay().get() == 0
    with time_machine.travel(movement.ends_at, tick=False):
        party = client_for(cast.liaison)
        # At the minute it ends, before any sweep has run.
        assert movement.reference not in party.get(reverse("deconfliction:list")).content.decode()
        assert tasks.expire_notifications.delay().get() == 1
        movement.refresh_from_db()
        assert movement.status == "expired"
        officer = client_for(cast.officer)
        assert movement.reference in officer.get(reverse("deconfliction:list")).content.decode()
        assert officer.get(reverse("deconfliction:detail", args=[movement.pk])).status_code == 200


def test_a_reminder_goes_through_a_real_worker_once_to_the_right_people(
    cast, make_movement, transmit, settings, worker
):
    settings.HN_ACK_REMINDER_HOURS = 0
    movement = make_movement()
    transmit(movement, cast.force)
    assert wait_for(
        lambda: any(cast.liaison.email in m.to for m in mail.outbox), timeout=60
    )  # the transmission
    before = len(mail.outbox)

    tasks.remind_unacknowledged.delay()
    tasks.remind_unacknowledged.delay()  # a second run, as beat may overlap: nobody is told twice

    reminded = Notification.objects.filter(kind=KIND)
    assert wait_for(lambda: reminded.filter(email_status="sent").count() == 2, timeout=60)
    time.sleep(0.5)  # anything extra would have arrived by now
    emails = mail.outbox[before:]
    assert sorted(m.to[0] for m in emails) == sorted([cast.liaison.email, cast.officer.email])
    for message in emails:
        assert movement.reference in message.subject
        assert NOTES_SENTINEL not in message.body
        assert str(STAFF_SENTINEL) not in message.body
