"""Sites and movements for the tests, made through the services (as people make them)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from deconfliction import services
from deconfliction.models import Kind

LEGS = [
    {
        "from_name": "Beira",
        "from_lat": Decimal("-19.84361"),
        "from_lon": Decimal("34.83889"),
        "to_name": "Dondo",
        "to_lat": Decimal("-19.60944"),
        "to_lon": Decimal("34.74306"),
    },
    {
        "from_name": "Dondo",
        "from_lat": Decimal("-19.60944"),
        "from_lon": Decimal("34.74306"),
        "to_name": "Nhamatanda",
        "to_lat": Decimal("-19.29167"),
        "to_lon": Decimal("34.20528"),
    },
]

# Humanitarian-only values no party may ever read (the sentinel tests look for them everywhere).
STAFF_SENTINEL = 73914682  # eight digits: no timestamp or key happens to contain it
NOTES_SENTINEL = "SENTINEL-INTERNAL-NOTES-7731"
CONTACT_SENTINEL = "SENTINEL-INTERNAL-CONTACT-5519"


def site_fields(**overrides) -> dict:
    data = {
        "site_type": "warehouse",
        "name": "WFP warehouse Beira",
        "lat": Decimal("-19.83000"),
        "lon": Decimal("34.85000"),
        "address": "Rua do Porto 12, Beira",
        "starts_at": None,
        "ends_at": None,
        "markings": "WFP logo on the roof",
        "party_contact": "WFP Beira duty phone +258 84 000 0001",
        "staff_count": STAFF_SENTINEL,
        "internal_contact": CONTACT_SENTINEL,
        "internal_notes": NOTES_SENTINEL,
    }
    data.update(overrides)
    return data


def movement_fields(**overrides) -> dict:
    now = timezone.now()
    data = {
        "movement_type": "convoy",
        "purpose": "Delivery of food and medicines to Nhamatanda",
        "starts_at": now + datetime.timedelta(hours=2),
        "ends_at": now + datetime.timedelta(hours=10),
        "vehicle_count": 4,
        "vehicle_type": "white 4x4 and trucks",
        "plates": "UN-1234, UN-1235",
        "call_sign": "WFP CONVOY 1",
        "markings": "WFP flags, blue and white",
        "party_contact": "Convoy leader, sat phone +8816 0000 0001",
        "staff_count": STAFF_SENTINEL,
        "internal_contact": CONTACT_SENTINEL,
        "internal_notes": NOTES_SENTINEL,
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_site(cast):
    def make(**overrides):
        return services.notification_submit(
            operation=cast.operation,
            organization=cast.wfp,
            kind=Kind.SITE,
            actor=cast.requester,
            fields=site_fields(**overrides),
        )

    return make


@pytest.fixture
def make_movement(cast):
    def make(legs=None, **overrides):
        return services.notification_submit(
            operation=cast.operation,
            organization=cast.wfp,
            kind=Kind.MOVEMENT,
            actor=cast.requester,
            fields=movement_fields(**overrides),
            legs=legs if legs is not None else LEGS,
        )

    return make


@pytest.fixture
def transmit(cast):
    def send(notification, *parties):
        return services.notification_transmit(
            notification=notification, actor=cast.officer, parties=list(parties) or [cast.force]
        )

    return send
