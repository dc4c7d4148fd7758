"""The home-page panel of humanitarian notification: what waits for the user, by role."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cmcoord import registry
from cmcoord.models import Role

from . import selectors

LIMIT = 5


def deconfliction_panel(request, operation, role):
    user = request.user
    if role == Role.MILITARY_LIAISON:
        rows = selectors.received_rows(
            selectors.received_for_party(user, operation).filter(status="awaiting")[:LIMIT]
        )
        items = [
            {
                "label": f"{t.received.reference} {t.received.title}",
                "url": t.get_absolute_url(),
                "meta": f"{t.received.kind_label} · {t.get_status_display()}",
            }
            for t in rows
        ]
        return registry.Panel(
            title=_("Humanitarian notifications to acknowledge"),
            items=items,
            empty_text=_("Nothing waits for your acknowledgement."),
            more_url=reverse("deconfliction:list"),
            order=30,
        )
    if role in (Role.CMCOORD_OFFICER, Role.REQUESTER):
        found = selectors.notifications_for_user(user, operation, status="submitted")[:LIMIT]
        items = [
            {
                "label": f"{n.reference} {n.current_version.title if n.current_version else ''}",
                "url": n.get_absolute_url(),
                "meta": f"{n.get_kind_display()} · {n.organization.short_name}",
            }
            for n in found
        ]
        return registry.Panel(
            title=_("Humanitarian notifications to transmit")
            if role == Role.CMCOORD_OFFICER
            else _("Your organisation's humanitarian notifications waiting to be transmitted"),
            items=items,
            empty_text=_("No humanitarian notification waits to be transmitted."),
            more_url=reverse("deconfliction:list"),
            order=30,
        )
    return None
