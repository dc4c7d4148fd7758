"""The home-page panel of requests: what waits for the user, by role."""

from django.urls import reverse

from cmcoord import registry
from cmcoord.models import Role

from . import selectors
from .models import AssistanceRequest

S = AssistanceRequest.Status

# role -> (title, statuses, only the user's organisation, empty text)
PANELS = {
    Role.CMCOORD_OFFICER: (
        "Requests waiting for review",
        [S.SUBMITTED, S.UNDER_REVIEW],
        False,
        "No submitted request waits for review.",
    ),
    Role.REQUESTER: (
        "Your organisation's drafts and returned requests",
        [S.DRAFT, S.RETURNED],
        True,
        "No draft or returned request.",
    ),
    Role.HCT_MEMBER: ("Requests with the HCT", [S.WITH_HCT], False, "No request is with the HCT."),
    Role.HC: ("Requests with the HCT", [S.WITH_HCT], False, "No request is with the HCT."),
}


def _item(rfa: AssistanceRequest) -> dict:
    return {
        "label": f"{rfa.reference} {rfa.title}",
        "url": rfa.get_absolute_url(),
        "meta": f"{rfa.get_status_display()} · {rfa.organization.short_name} · by {rfa.required_by:%d %b}",
    }


def requests_panel(request, operation, role):
    """What waits for the user among the operation's requests (none for military users)."""
    list_url = reverse("requests:list")
    if role == Role.OBSERVER:
        recent = selectors.requests_for_user(request.user, operation).order_by("-created_at", "-pk")[:8]
        return registry.Panel(
            title="Recent requests",
            items=[_item(r) for r in recent],
            empty_text="No request yet.",
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
