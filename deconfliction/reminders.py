"""Reminders of humanitarian notification (periodic, tasks.py): a transmission a party has not acknowledged
within settings.HN_ACK_REMINDER_HOURS of its last dispatch. Each names its dispatch in its dedupe key, so a
run repeated, or overlapping another, tells each person once per dispatch."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import notifications, selectors


def remind_unacknowledged(*, now: datetime.datetime | None = None) -> int:
    """The party's liaison officers and the officers, of each transmission still awaiting acknowledgement."""
    now = now or timezone.now()
    after = datetime.timedelta(hours=settings.HN_ACK_REMINDER_HOURS)
    sent = 0
    for transmission in selectors.unacknowledged_due(after=after, now=now):
        with transaction.atomic():
            sent += notifications.remind_unacknowledged(
                transmission=transmission, notification=transmission.notification
            )
    return sent
