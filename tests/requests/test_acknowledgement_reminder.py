"""A renewed or amended approval that the force has not acknowledged for more than TASK_ACK_REMINDER_HOURS:
its liaison officers (and nobody else) are reminded once per approval, by a periodic task on the periodic
queue; an acknowledged approval, or one not yet overdue, reminds nobody."""

import datetime

import time_machine
from django.conf import settings as django_settings

from cmcoord.celery import app
from cmcoord.models import Notification
from requests import selectors
from requests.services import hct as decisions
from requests.services import tasking
from requests.tasks import remind_unacknowledged_approvals

from .hct_helpers import tasked

START = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
KIND = "reminder.acknowledgement_due"


def _amend(cast, rfa, condition):
    old = selectors.current_decision(rfa)
    rfa.refresh_from_db()
    return decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved_with_conditions",
        conditions=[*old.conditions, condition],
        valid_from=old.valid_from,
        valid_until=old.valid_until + datetime.timedelta(days=7),
        rationale="Extended for another rotation.",
        expected_status=rfa.status,
        expected_decision=old.pk,
    )


def test_an_unacknowledged_amendment_reminds_the_forces_liaisons_once(cast, make_request, settings):
    settings.TASK_ACK_REMINDER_HOURS = 6
    with time_machine.travel(START, tick=False):
        rfa, task = tasked(cast, make_request)
        tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
        # another task of the same force, whose amendment is acknowledged in time: no reminder for it
        other_rfa, other = tasked(cast, make_request)
        tasking.task_accept(task=other, actor=cast.liaison, conditions_confirmed=True)
    with time_machine.travel(START + HOUR, tick=False):
        new = _amend(cast, rfa, "No military markings at distribution sites")
        other_new = _amend(cast, other_rfa, "Civilian lead at the site")
        tasking.task_acknowledge(task=other, actor=cast.liaison, decision_pk=other_new.pk)
    with time_machine.travel(START + 7 * HOUR - datetime.timedelta(minutes=1), tick=False):
        remind_unacknowledged_approvals()
        assert not Notification.objects.filter(kind=KIND).exists()  # due for less than 6 hours
    with time_machine.travel(START + 7 * HOUR + datetime.timedelta(minutes=1), tick=False):
        remind_unacknowledged_approvals()
        remind_unacknowledged_approvals()  # a second run (or an overlapping worker) tells nobody again
    reminded = Notification.objects.filter(kind=KIND)
    assert set(reminded.values_list("recipient", flat=True)) == {cast.liaison.pk}
    reminder = reminded.get()
    assert reminder.link == task.get_absolute_url()
    assert "No military markings at distribution sites" in reminder.body_text
    assert rfa.reference in reminder.subject
    # only what the force may see: nothing of the rationale
    assert "Extended for another rotation" not in reminder.body_text

    # acknowledged: nothing more; a later amendment is reminded of again, once
    with time_machine.travel(START + 8 * HOUR, tick=False):
        tasking.task_acknowledge(task=task, actor=cast.liaison, decision_pk=new.pk)
        remind_unacknowledged_approvals()
        assert Notification.objects.filter(kind=KIND).count() == 1
        newer = _amend(cast, rfa, "Daylight flights only")
    with time_machine.travel(START + 15 * HOUR, tick=False):
        remind_unacknowledged_approvals()
        remind_unacknowledged_approvals()
    assert Notification.objects.filter(kind=KIND).count() == 2
    task.refresh_from_db()
    assert selectors.acknowledgement_due(task) == newer


def test_the_reminder_runs_on_the_periodic_queue():
    entry = django_settings.CELERY_BEAT_SCHEDULE["requests-remind-unacknowledged-approvals"]
    assert entry["options"]["queue"] == django_settings.PERIODIC_QUEUE == "periodic"
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
