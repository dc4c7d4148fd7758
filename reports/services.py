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
from cmcoord.models import Operation, Organization, Role, User
from cmcoord.notifications import notify
from requests import permissions as request_permissions

from . import selectors
from .models import DailyReportSetting
from .permissions import DAILY_KIND, DAILY_MILITARY_KIND, DASHBOARD_ROLES


def daily_report_send(*, operation: Operation, now: datetime.datetime | None = None) -> int:
    """Tell the operation's readers of today's report (once per day and reader); returns the rows written."""
    now = now or timezone.now()
    if operation.is_closed:
        return 0
    setting = selectors.daily_report_setting(operation)
    if setting is not None and not setting.enabled:
        return 0
    day = now.astimezone(selectors.operation_tz(operation)).date().isoformat()
    memberships = selectors.reader_memberships(operation)
    chosen = {user.pk for user in setting.recipients.all()} if setting is not None else set()
    if chosen:
        memberships = [m for m in memberships if m.user_id in chosen]
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


def daily_report_settings_save(
    *, operation: Operation, actor: User, enabled: bool, hour: int, recipients: list[User]
) -> DailyReportSetting:
    """Officers set when, and to whom, the daily report is emailed (recipients among the readers only)."""
    readers = set(selectors.report_readers(operation).values_list("pk", flat=True))
    chosen = [user for user in recipients if user.pk in readers]
    with transaction.atomic():
        setting, _created = DailyReportSetting.objects.select_for_update().get_or_create(
            operation=operation, defaults={"updated_by": actor}
        )
        setting.enabled, setting.hour = enabled, hour
        setting.updated_by, setting.updated_at = actor, timezone.now()
        setting.save(update_fields=["enabled", "hour", "updated_by", "updated_at"])
        setting.recipients.set(chosen)
        audit_record(
            actor=actor,
            operation=operation,
            obj=setting,
            verb="report.daily_settings",
            data={"enabled": enabled, "hour": hour, "recipients": sorted(user.pk for user in chosen)},
        )
    return setting
