"""The home-page panel of the directory: for CMCoord officers, the contacts to verify."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
            "meta": _("verified %(date)s") % {"date": date_format(c.last_verified)}
            if c.last_verified
            else _("never verified"),
        }
        for c in stale[:SHOWN]
    ]
    title = (
        ngettext(
            "Contacts to verify — %(count)d not verified for 90 days",
            "Contacts to verify — %(count)d not verified for 90 days",
            total,
        )
        % {"count": total}
        if total > SHOWN
        else _("Contacts to verify")
    )
    return Panel(
        title=title,
        items=items,
        empty_text=_("Every contact was verified in the last 90 days."),
        more_url=reverse("contacts:directory") + "?stale=on" if total > SHOWN else "",
        order=40,
    )
