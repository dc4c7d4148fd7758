"""Writes of the reports: the daily CMCoord report told to the operation's readers, each in their language.

The report goes through the notification outbox (cmcoord.notifications): one row per reader, rendered now in
their language, emailed by the workers, kept in their inbox. Two audiences, two calls, two contexts: the
humanitarian version to officers, the HC, HCT members and observers; per force, the military version (only
that force's tasks and what was transmitted to it) to that force's liaison officers. A reader who does not
want it chooses "in the application only" on their notification preferences.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cmcoord.audit import audit_record
from cmcoord.models import Membership, Operation, Organization, Role
from cmcoord.notifications import notify
from requests import permissions as request_permissions

from . import selectors
from .permissions import DAILY_KIND, DAILY_MILITARY_KIND, DASHBOARD_ROLES


def daily_report_send(*, operation: Operation, now: datetime.datetime | None = None) -> int:
    """Tell the operation's readers of today's report (once per day and reader); returns the rows written."""
    now = now or timezone.now()
    if operation.is_closed:
        return 0
    day = now.astimezone(selectors.operation_tz(operation)).date().isoformat()
    memberships = list(
        Membership.objects.filter(operation=operation, role__in=[*DASHBOARD_ROLES, Role.MILITARY_LIAISON])
        .select_related("user", "user__organization")
        .order_by("pk")
    )
    humanitarian = [m.user for m in memberships if m.role in DASHBOARD_ROLES]
    by_force: dict[int, list] = {}
    for m in memberships:
        if m.role == Role.MILITARY_LIAISON and m.user.organization_id:
            by_force.setdefault(m.user.organization_id, []).append(m.user)
    link = reverse("reports:daily")
    written = 0
    with transaction.atomic():
        audit_record(
            actor=None,
            operation=operation,
            obj=operation,
            verb="report.daily_sent",
            data={"day": day, "readers": len(humanitarian), "forces": len(by_force)},
        )
        if humanitarian:
            report = selectors.daily_report(operation, now=now)
            written += len(
                notify(
                    kind=DAILY_KIND,
                    recipients=humanitarian,
                    operation=operation,
                    context={"report": report},
                    link=link,
                    dedupe_key=f"report.daily:{operation.pk}:{day}",
                )
            )
        for force_id, liaisons in by_force.items():
            force = liaisons[0].organization
            assert isinstance(force, Organization)
            # Every liaison officer of a force sees the same tasks (the force's group holds the grants).
            tasks = request_permissions.visible_tasks(liaisons[0], operation)
            report = selectors.military_daily_report(operation, force, tasks, now=now)
            written += len(
                notify(
                    kind=DAILY_MILITARY_KIND,
                    recipients=liaisons,
                    operation=operation,
                    context={"report": report},
                    link=link,
                    dedupe_key=f"report.daily_military:{operation.pk}:{force_id}:{day}",
                )
            )
    return written
