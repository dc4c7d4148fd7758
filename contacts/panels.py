"""The home-page panel of the directory: for CMCoord officers, the contacts to verify."""

from django.urls import reverse

from cmcoord.registry import Panel

from .permissions import can_manage_directory
from .selectors import stale_contacts

SHOWN = 5


def stale_contacts_panel(request, operation, role):
    if not can_manage_directory(request.user, operation):
        return None
    stale = list(stale_contacts(operation)[: SHOWN + 1])
    total = len(stale) if len(stale) <= SHOWN else stale_contacts(operation).count()
    items = [
        {
            "label": f"{c.name} ({c.organization.short_name})",
            "url": c.get_absolute_url(),
            "meta": f"verified {c.last_verified:%d %b %Y}" if c.last_verified else "never verified",
        }
        for c in stale[:SHOWN]
    ]
    title = "Contacts to verify" + (f" — {total} not verified for 90 days" if total > SHOWN else "")
    return Panel(
        title=title,
        items=items,
        empty_text="Every contact was verified in the last 90 days.",
        more_url=reverse("contacts:directory") + "?stale=on" if total > SHOWN else "",
        order=40,
    )
