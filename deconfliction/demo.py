"""Demo data of humanitarian notification: a few sites and one convoy, transmitted to the parties, through the
services (SANDF has acknowledged the convoy; FADM has not yet)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from . import services
from .models import HumanitarianNotification, Kind, Transmission

SITES = [
    # organisation, type, name, latitude, longitude, address, markings, contact for the parties, staff
    (
        "WFP",
        "warehouse",
        "WFP logistics hub Beira",
        Decimal("-19.82580"),
        Decimal("34.84130"),
        "Port of Beira, warehouse 4",
        "WFP logo on roof and gates; blue flag",
        "WFP Beira duty officer, +258 84 000 1001",
        14,
    ),
    (
        "WFP",
        "distribution",
        "Food distribution point Guara-Guara",
        Decimal("-19.65000"),
        Decimal("34.38000"),
        "Guara-Guara resettlement site, north gate",
        "White tents with WFP banners",
        "WFP field monitor, +258 84 000 1002",
        6,
    ),
    (
        "WFP",
        "office",
        "WFP sub-office Chimoio",
        Decimal("-19.11639"),
        Decimal("33.48333"),
        "Avenida 25 de Setembro, Chimoio",
        "UN flag on the roof",
        "WFP Chimoio radio room, +258 84 000 1003",
        22,
    ),
]


def seed_deconfliction(*, operation, users, organizations) -> None:
    """Skipped when the operation already has humanitarian notifications (idempotent)."""
    if HumanitarianNotification.objects.filter(operation=operation).exists():
        return
    requester, officer = users["requester"], users["officer"]
    parties = [organizations[a] for a in ("SANDF", "FADM") if a in organizations]
    for acronym, site_type, name, lat, lon, address, markings, contact, staff in SITES:
        site = services.notification_submit(
            operation=operation,
            organization=organizations[acronym],
            kind=Kind.SITE,
            actor=requester,
            fields={
                "site_type": site_type,
                "name": name,
                "lat": lat,
                "lon": lon,
                "address": address,
                "markings": markings,
                "party_contact": contact,
                "staff_count": staff,
                "internal_notes": "Security focal point reviews this site monthly.",
            },
        )
        services.notification_transmit(notification=site, actor=officer, parties=parties)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    convoy = services.notification_submit(
        operation=operation,
        organization=organizations["WFP"],
        kind=Kind.MOVEMENT,
        actor=requester,
        fields={
            "movement_type": "convoy",
            "purpose": "Delivery of food and shelter items to Nhamatanda",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=9),
            "vehicle_count": 6,
            "vehicle_type": "white trucks and two 4x4 escort vehicles (unarmed)",
            "plates": "WFP-101 to WFP-106",
            "call_sign": "WFP CONVOY 12",
            "markings": "WFP flags on every vehicle; blue roof panels",
            "party_contact": "Convoy leader, satellite phone +8816 2000 1012",
            "staff_count": 11,
            "internal_contact": "Logistics officer, +258 84 000 1010",
        },
        legs=[
            {
                "from_name": "WFP logistics hub Beira",
                "from_lat": Decimal("-19.82580"),
                "from_lon": Decimal("34.84130"),
                "to_name": "Dondo",
                "to_lat": Decimal("-19.60944"),
                "to_lon": Decimal("34.74306"),
            },
            {
                "from_name": "Dondo",
                "from_lat": Decimal("-19.60944"),
                "from_lon": Decimal("34.74306"),
                "to_name": "Nhamatanda",
                "to_lat": Decimal("-19.26667"),
                "to_lon": Decimal("34.21667"),
            },
        ],
    )
    services.notification_transmit(notification=convoy, actor=officer, parties=parties)
    liaison = users.get("liaison")
    to_sandf = Transmission.objects.filter(notification=convoy, party__acronym="SANDF").first()
    if liaison is not None and to_sandf is not None:
        services.transmission_acknowledge(transmission=to_sandf, actor=liaison)
