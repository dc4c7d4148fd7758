"""Who may read the reports: the one place the pages, the API and the daily email ask.

- dashboard: CMCoord officers, the HC, HCT members, and observers (read only: there is nothing to write);
  requesters and the military get 404 (the figures speak of every organisation's requests and deliberations);
- daily report: the same readers get the humanitarian version; a military liaison officer gets the military
  version, which carries only their own force's tasks and what was transmitted to their force;
- task order: whoever may see the task (requests.permissions); it carries only what the force may see.
"""

from cmcoord.models import Operation, Role, User
from cmcoord.permissions import role_in
from requests import permissions as request_permissions

DASHBOARD_ROLES = (Role.CMCOORD_OFFICER, Role.HC, Role.HCT_MEMBER, Role.OBSERVER)
DAILY_ROLES = (*DASHBOARD_ROLES, Role.MILITARY_LIAISON)
DAILY_KIND = "report.daily"
DAILY_MILITARY_KIND = "report.daily_military"


def can_view_dashboard(user: User, operation: Operation | None) -> bool:
    """The dashboard and its API: officers, the HC, the HCT and observers of the operation."""
    return operation is not None and role_in(user, operation) in DASHBOARD_ROLES


def can_view_daily(user: User, operation: Operation | None) -> bool:
    """The daily report page: the dashboard's readers, and military liaison officers of a force (military
    version); a liaison officer without an organisation has no force, so no version: 404."""
    return can_view_dashboard(user, operation) or reads_military_version(user, operation)


def reads_military_version(user: User, operation: Operation | None) -> bool:
    """A military liaison officer reads the military version, and only of their own force."""
    return (
        operation is not None
        and role_in(user, operation) == Role.MILITARY_LIAISON
        and bool(user.organization_id)
    )


def can_set_daily_report(user: User, operation: Operation | None) -> bool:
    """When and to whom the daily report is emailed: the operation's CMCoord officers, while it runs."""
    return (
        operation is not None
        and operation.status == Operation.Status.ACTIVE
        and role_in(user, operation) == Role.CMCOORD_OFFICER
    )


def get_task_order_for_user(user: User, pk):
    """The task whose order the user may print, or 404: whoever may see the task."""
    return request_permissions.get_task_for_user(user, pk)
