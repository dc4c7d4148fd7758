"""The home-page panels of requests: what waits for the user, by role; what waits for an HCT member; a force's
tasks; what an officer has to task."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cmcoord import registry
from cmcoord.models import Role

from . import selectors
from .models import AssistanceRequest, Task

S = AssistanceRequest.Status

# role -> (title, statuses, only the user's organisation, empty text)
PANELS = {
    Role.CMCOORD_OFFICER: (
        _("Requests waiting for review"),
        [S.SUBMITTED, S.UNDER_REVIEW],
        False,
        _("No submitted request waits for review."),
    ),
    Role.REQUESTER: (
        _("Your organisation's drafts and returned requests"),
        [S.DRAFT, S.RETURNED],
        True,
        _("No draft or returned request."),
    ),
    Role.HCT_MEMBER: (_("Requests with the HCT"), [S.WITH_HCT], False, _("No request is with the HCT.")),
    Role.HC: (_("Requests with the HCT"), [S.WITH_HCT], False, _("No request is with the HCT.")),
}


def _item(rfa: AssistanceRequest) -> dict:
    return {
        "label": f"{rfa.reference} {rfa.title}",
        "url": rfa.get_absolute_url(),
        "meta": _("%(status)s · %(organization)s · by %(date)s")
        % {
            "status": rfa.get_status_display(),
            "organization": rfa.organization.short_name,
            "date": date_format(rfa.required_by, "j M"),
        },
    }


def requests_panel(request, operation, role):
    """What waits for the user among the operation's requests (none for military users)."""
    list_url = reverse("requests:list")
    if role == Role.OBSERVER:
        recent = selectors.requests_for_user(request.user, operation).order_by("-created_at", "-pk")[:8]
        return registry.Panel(
            title=_("Recent requests"),
            items=[_item(r) for r in recent],
            empty_text=_("No request yet."),
            more_url=list_url,
            order=10,
        )
    if role not in PANELS:
        return None
    title, statuses, own_org, empty = PANELS[role]
    waiting = selectors.requests_waiting(request.user, operation, statuses, organization_only=own_org)
    query = "&".join(f"status={s}" for s in statuses)
    return registry.Panel(
        title=title,
        items=[_item(r) for r in waiting],
        empty_text=empty,
        more_url=f"{list_url}?{query}",
        order=10,
    )


def hct_panel(request, operation, role):
    """An HCT member: written procedures waiting for their response, nearest deadline first."""
    if role != Role.HCT_MEMBER:
        return None
    referrals = selectors.referrals_waiting_for(request.user, operation, limit=10)
    return registry.Panel(
        title=_("Waiting for your response"),
        items=[
            {
                "label": f"{r.request.reference} {r.request.title}",
                "url": reverse("requests:hct_respond", args=[r.pk]),
                "meta": _("%(proposal)s · deadline %(deadline)s")
                % {
                    "proposal": r.proposed_outcome_label,
                    "deadline": date_format(timezone.localtime(r.deadline), "d M H:i"),
                },
            }
            for r in referrals
        ],
        empty_text=_("No written procedure waits for your response."),
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
        title=_("Your force's tasks"),
        items=[
            {
                "label": f"{t.request.reference} {t.request.title}",
                "url": t.get_absolute_url(),
                "meta": _("%(status)s · by %(date)s")
                % {"status": t.get_status_display(), "date": date_format(t.request.required_by, "d M")}
                + (" · approval expired" if t.approval_expired else ""),
            }
            for t in tasks
        ],
        empty_text=_("No running task for your force."),
        more_url=reverse("requests:tasks"),
        order=5,
    )


def to_task_panel(request, operation, role):
    """A CMCoord officer: approved requests, and those a force declined, waiting to be tasked."""
    if role != Role.CMCOORD_OFFICER:
        return None
    waiting = selectors.requests_waiting(request.user, operation, [S.APPROVED, S.DECLINED])
    return registry.Panel(
        title=_("Approved, to task"),
        items=[
            {
                "label": f"{r.reference} {r.title}",
                "url": r.get_absolute_url() + "#tasks",
                "meta": _("%(status)s · by %(date)s")
                % {"status": r.get_status_display(), "date": date_format(r.required_by, "d M")},
            }
            for r in waiting
        ],
        empty_text=_("No approved request waits to be tasked."),
        more_url=reverse("requests:list") + "?status=approved&status=declined",
        order=20,
    )
