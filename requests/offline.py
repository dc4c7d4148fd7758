"""What a liaison officer keeps readable offline: their force's task list and each current task's page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cmcoord.registry import OfflinePage

from . import permissions
from .models import ACTIVE_TASK_STATES

# A force rarely has more open tasks than this; the rest stay readable online.
MAX_TASKS = 50


def task_pages(user, operation, role) -> list[OfflinePage]:
    """The task list and the current tasks the user may see (none for who may not list tasks)."""
    if not permissions.can_list_tasks(user, operation):
        return []
    tasks = (
        permissions.visible_tasks(user, operation)
        .filter(status__in=ACTIVE_TASK_STATES)
        .select_related("request")
        .order_by("-tasked_at", "-pk")[:MAX_TASKS]
    )
    pages = [OfflinePage(reverse("requests:tasks"), _("Tasks"))]
    pages += [OfflinePage(t.get_absolute_url(), f"{t.request.reference} {t.request.title}") for t in tasks]
    return pages
