"""Demo assets of SANDF and FADM in the Mozambique cyclone response, declared through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from .models import Asset
from .services import asset_declare

BEIRA_AIRPORT = ("Beira airport", Decimal("-19.79639"), Decimal("34.90778"))
HOEDSPRUIT = ("AFB Hoedspruit (South Africa)", Decimal("-24.36861"), Decimal("31.04872"))
DONDO = ("Dondo barracks", Decimal("-19.60944"), Decimal("34.74306"))
CHIMOIO = ("Chimoio barracks", Decimal("-19.11639"), Decimal("33.48333"))
BEIRA_PORT = ("Port of Beira", Decimal("-19.82917"), Decimal("34.83833"))


def _base(place) -> dict:
    return {"base_name": place[0], "base_lat": place[1], "base_lon": place[2]}


def seed_assets(*, operation, users, organizations) -> None:
    """Six assets; skipped when the operation already has some (idempotent)."""
    if Asset.objects.filter(operation=operation).exists():
        return
    today = timezone.localdate()

    def day(n: int) -> datetime.date:
        return today + datetime.timedelta(days=n)

    sandf, fadm = organizations["SANDF"], organizations["FADM"]
    liaison, liaison2, officer = users["liaison"], users["liaison2"], users["officer"]
    declared = [
        (
            liaison,
            sandf,
            {
                "capability": "air_transport",
                "description": "2 × Oryx medium transport helicopters",
                "quantity": 2,
                "passengers": 16,
                "payload_kg": 3000,
                "volume_m3": Decimal("10"),
                "range_km": 550,
                **_base(BEIRA_AIRPORT),
                "available_from": day(-3),
                "available_until": day(30),
                "notice_hours": 6,
                "constraints": ["daylight_only"],
            },
        ),
        (
            liaison,
            sandf,
            {
                "capability": "air_transport",
                "description": "C-130BZ Hercules transport aircraft",
                "quantity": 1,
                "passengers": 90,
                "payload_kg": 19000,
                "volume_m3": Decimal("120"),
                "range_km": 3800,
                **_base(HOEDSPRUIT),
                "available_from": day(2),
                "available_until": day(21),
                "notice_hours": 48,
                "constraints": ["military_markings"],
                "other_constraints": "Needs a paved runway of 1,200 m",
            },
        ),
        (
            liaison,
            sandf,
            {
                "capability": "medical",
                "description": "Level 2 field hospital (40 beds)",
                "quantity": 1,
                **_base(BEIRA_AIRPORT),
                "available_from": day(1),
                "available_until": day(45),
                "notice_hours": 72,
                "constraints": ["military_lead"],
            },
        ),
        (
            liaison2,
            fadm,
            {
                "capability": "land_transport",
                "description": "6 × all-terrain trucks (Kamaz 4×4)",
                "quantity": 6,
                "passengers": 2,
                "payload_kg": 8000,
                "volume_m3": Decimal("30"),
                **_base(DONDO),
                "available_from": day(-5),
                "available_until": None,
                "notice_hours": 12,
                "constraints": ["armed_crew"],
            },
        ),
        (
            liaison2,
            fadm,
            {
                "capability": "engineering",
                "description": "Engineer company (road clearance, bridging)",
                "quantity": 1,
                **_base(CHIMOIO),
                "available_from": day(0),
                "available_until": day(20),
                "notice_hours": 24,
                "constraints": [],
            },
        ),
        (
            officer,
            fadm,
            {
                "capability": "sea_transport",
                "description": "2 × landing craft",
                "quantity": 2,
                "passengers": 40,
                "payload_kg": 20000,
                **_base(BEIRA_PORT),
                "available_from": day(0),
                "available_until": day(14),
                "notice_hours": 24,
                "constraints": ["no_direct_assistance"],
                "source": "MNCC briefing, 28 Nov",
            },
        ),
    ]
    for actor, force, data in declared:
        asset_declare(operation=operation, actor=actor, force=force, data=data)
