"""Home-page panels of the HCT and the tasks: what waits for an HCT member, a force's tasks, what to task."""

from django.urls import reverse
from django.utils import timezone

from cmcoord import registry
from cmcoord.models import Role

from . import selectors
from .models import AssistanceRequest, Task


def hct_panel(request, operation, role):
    """An HCT member: written procedures waiting for their response, nearest deadline first."""
    if role != Role.HCT_MEMBER:
        return None
    referrals = selectors.referrals_waiting_for(request.user, operation, limit=10)
    return registry.Panel(
        title="Waiting for your response",
        items=[
            {
                "label": f"{r.request.reference} {r.request.title}",
                "url": reverse("requests:hct_respond", args=[r.pk]),
                "meta": f"{r.proposed_outcome_label} · deadline {timezone.localtime(r.deadline):%d %b %H:%M}",
            }
            for r in referrals
        ],
        empty_text="No written procedure waits for your response.",
        more_url=reverse("requests:hct_waiting"),
        order=5,
    )


def tasks_panel(request, operation, role):
    """A liaison officer: their force's running tasks, those waiting for acceptance first."""
    if role != Role.MILITARY_LIAISON:
        return None
    tasks = selectors.tasks_for_user(request.user, operation).filter(
        status__in=[Task.Status.TASKED, Task.Status.ACCEPTED, Task.Status.IN_PROGRESS]
    )[:10]
    return registry.Panel(
        title="Your force's tasks",
        items=[
            {
                "label": f"{t.request.reference} {t.request.title}",
                "url": t.get_absolute_url(),
                "meta": f"{t.get_status_display()} · by {t.request.required_by:%d %b}"
                + (" · approval expired" if t.approval_expired else ""),
            }
            for t in tasks
        ],
        empty_text="No running task for your force.",
        more_url=reverse("requests:tasks"),
        order=5,
    )


def to_task_panel(request, operation, role):
    """A CMCoord officer: approved requests, and those a force declined, waiting to be tasked."""
    if role != Role.CMCOORD_OFFICER:
        return None
    S = AssistanceRequest.Status
    waiting = selectors.requests_waiting(request.user, operation, [S.APPROVED, S.DECLINED])
    return registry.Panel(
        title="Approved, to task",
        items=[
            {
                "label": f"{r.reference} {r.title}",
                "url": r.get_absolute_url() + "#tasks",
                "meta": f"{r.get_status_display()} · by {r.required_by:%d %b}",
            }
            for r in waiting
        ],
        empty_text="No approved request waits to be tasked.",
        more_url=reverse("requests:list") + "?status=approved&status=declined",
        order=20,
    )
