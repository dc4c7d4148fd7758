"""Reads of humanitarian notification, already filtered to what the user may see (permissions.py)."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from . import lifecycle, permissions
from . import payload as payloads
from .models import (
    Acknowledgement,
    Concern,
    Dispatch,
    HumanitarianNotification,
    NotificationVersion,
    RouteLeg,
    Transmission,
)

T = Transmission.Status


def notifications_for_user(user, operation, *, kind: str = "", status: str = "") -> QuerySet:
    """The humanitarian list: what the user may see, with its current version and its parties' answers."""
    found = (
        permissions.visible_notifications(user, operation)
        .select_related("organization", "current_version")
        .annotate(
            party_count=Count("transmissions", filter=~Q(transmissions__status=T.WITHDRAWN)),
            acknowledged_count=Count("transmissions", filter=Q(transmissions__status=T.ACKNOWLEDGED)),
        )
        .order_by("-updated_at", "-pk")
    )
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    return found


def notification_detail(notification: HumanitarianNotification, *, with_concerns: bool) -> dict:
    """Everything the humanitarian page shows: versions (with legs), and each party's transmission record."""
    versions = list(
        NotificationVersion.objects.filter(notification=notification)
        .select_related("created_by")
        .prefetch_related(Prefetch("legs", queryset=RouteLeg.objects.order_by("order")))
        .order_by("-number")
    )
    transmissions = list(
        Transmission.objects.filter(notification=notification)
        .select_related("party", "last_dispatch__version")
        .prefetch_related(
            Prefetch(
                "acknowledgements", queryset=Acknowledgement.objects.select_related("by", "dispatch__version")
            ),
            Prefetch("dispatches", queryset=Dispatch.objects.select_related("sent_by", "version")),
        )
        .order_by("party__name")
    )
    concerns = (
        list(
            Concern.objects.filter(transmission__notification=notification)
            .select_related("by", "transmission__party", "dispatch__version")
            .order_by("at", "pk")
        )
        if with_concerns
        else []
    )
    return {"versions": versions, "transmissions": transmissions, "concerns": concerns}


def received_for_party(user, operation, *, kind: str = "", now: datetime.datetime | None = None) -> QuerySet:
    """A party's list: what its force was sent, not withdrawn, and not past its end (to the minute)."""
    now = now or timezone.now()
    found = (
        permissions.visible_transmissions(user, operation)
        .exclude(status=T.WITHDRAWN)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .select_related("last_dispatch")
        .order_by("kind", "starts_at", "pk")
    )
    if kind:
        found = found.filter(kind=kind)
    return found


def received_rows(transmissions) -> list:
    """Each transmission with its payload read back (for the party's pages and exports)."""
    rows = []
    for transmission in transmissions:
        transmission.received = payloads.read(transmission.last_dispatch.payload)
        rows.append(transmission)
    return rows


def received_detail(transmission: Transmission) -> dict:
    """What the party's page shows: the last payload, and the party's own acknowledgements and concerns."""
    dispatch = transmission.last_dispatch
    assert dispatch is not None, "a transmission is made with its first dispatch"
    return {
        "received": payloads.read(dispatch.payload),
        "acknowledgements": list(
            transmission.acknowledgements.select_related("by", "dispatch").order_by("at")
        ),
        "concerns": list(transmission.concerns.select_related("by").order_by("at")),
        "dispatches": list(transmission.dispatches.order_by("sent_at", "pk")),
    }


def expired_due(now: datetime.datetime | None = None) -> list[int]:
    """Notifications still live whose period has ended (the expiry sweep)."""
    now = now or timezone.now()
    return list(
        HumanitarianNotification.objects.filter(status__in=lifecycle.LIVE_STATES, ends_at__lte=now)
        .order_by("ends_at")
        .values_list("pk", flat=True)[:1000]
    )


def unacknowledged_due(*, after: datetime.timedelta, now: datetime.datetime | None = None) -> QuerySet:
    """Transmissions still awaiting acknowledgement `after` their last dispatch, of live notifications."""
    now = now or timezone.now()
    return (
        Transmission.objects.filter(status=T.AWAITING, sent_at__lte=now - after)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .filter(notification__status__in=lifecycle.LIVE_STATES)
        .select_related("party", "last_dispatch", "notification__operation")
        .order_by("sent_at")
    )


def record(notification: HumanitarianNotification) -> list[dict]:
    """The full record of one notification, oldest first, times to the second (for incident follow-up)."""
    from cmcoord.models import AuditEvent

    rows: list[dict] = []
    for v in NotificationVersion.objects.filter(notification=notification).select_related("created_by"):
        rows.append(
            {
                "at": v.created_at,
                "what": "version",
                "who": str(v.created_by),
                "party": "",
                "detail": f"v{v.number}",
            }
        )
    dispatches = Dispatch.objects.filter(transmission__notification=notification).select_related(
        "sent_by", "transmission__party", "version"
    )
    for d in dispatches:
        rows.append(
            {
                "at": d.sent_at,
                "what": f"dispatch:{d.reason}",
                "who": str(d.sent_by),
                "party": d.transmission.party.name,
                "detail": f"v{d.version.number}",
            }
        )
    for a in Acknowledgement.objects.filter(transmission__notification=notification).select_related(
        "by", "transmission__party", "dispatch__version"
    ):
        rows.append(
            {
                "at": a.at,
                "what": "acknowledgement",
                "who": str(a.by),
                "party": a.transmission.party.name,
                "detail": f"v{a.dispatch.version.number}",
            }
        )
    for c in Concern.objects.filter(transmission__notification=notification).select_related(
        "by", "transmission__party"
    ):
        rows.append(
            {
                "at": c.at,
                "what": "concern",
                "who": str(c.by),
                "party": c.transmission.party.name,
                "detail": c.text,
            }
        )
    for e in AuditEvent.objects.for_object(notification).select_related("actor"):
        rows.append(
            {
                "at": e.created_at,
                "what": e.verb,
                "who": str(e.actor) if e.actor else "system",
                "party": "",
                "detail": e.comment or f"{e.from_state} → {e.to_state}",
            }
        )
    rows.sort(key=lambda r: r["at"])
    return rows


def received_map_data(rows) -> dict:
    """The GeoJSON of a party's page (rows of received_rows): each site a point, each movement its legs with
    arrows, from what was sent to the party only (its last payload), each linking to its page."""
    features = []
    for transmission in rows:
        received = transmission.received
        points = received.points()
        properties = {
            "kind": "hn",
            "id": transmission.pk,
            "priority": "normal",
            "reference": received.reference,
            "title": received.title,
            "name": f"{received.reference} {received.title}",
            "organization": received.organization,
            "url": transmission.get_absolute_url(),
        }
        if received.is_movement:
            for (start, s_lat, s_lon), (end, e_lat, e_lon) in zip(points, points[1:], strict=False):
                features.append(
                    {
                        "type": "Feature",
                        "geometry": {"type": "LineString", "coordinates": [[s_lon, s_lat], [e_lon, e_lat]]},
                        "properties": {**properties, "leg_from_name": start, "leg_to_name": end},
                    }
                )
        elif points:
            _name, lat, lon = points[0]
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {**properties, "site": True},
                }
            )
    return {"type": "FeatureCollection", "features": features}
