"""The periodic work leaves a closed operation alone: no adoption, expiry, flag or reminder in an archive."""

import datetime

import time_machine
from django.utils import timezone

from cmcoord.models import AuditEvent, Notification, Operation
from requests import reminders, tasks
from requests.models import HctReferral, Task
from tests.operations.test_closed import World


def _close(cast):
    Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.CLOSED)


def test_sweeps_and_reminders_skip_a_closed_operation_and_act_once_it_reopens(cast):
    world = World(cast)
    written = world.referral()  # a written procedure, deadline in 48 hours
    task = world.task()  # an approval valid 10 days, its task running
    _close(cast)
    events, notes = AuditEvent.objects.count(), Notification.objects.count()

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=47)):
        assert reminders.remind_written_deadlines() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=9)):
        assert reminders.remind_expiring_approvals() == 0
        assert reminders.remind_overdue_tasks() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=12)):
        assert tasks.adopt_written_procedures() == 0
        assert tasks.expire_approvals() == 0
    assert (AuditEvent.objects.count(), Notification.objects.count()) == (events, notes)
    assert HctReferral.objects.get(pk=written.pk).state == HctReferral.State.OPEN
    assert not Task.objects.get(pk=task.pk).approval_expired

    # the same sweeps act once the operation runs again
    Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.ACTIVE)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=47)):
        assert reminders.remind_written_deadlines() >= 1
    with time_machine.travel(timezone.now() + datetime.timedelta(days=9)):
        assert reminders.remind_expiring_approvals() >= 1
        assert reminders.remind_overdue_tasks() >= 1
    # adopted just after its deadline (a proposal whose validity ended by then is never adopted: issue 13)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        assert tasks.adopt_written_procedures() == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(days=12)):
        assert tasks.expire_approvals() >= 1
