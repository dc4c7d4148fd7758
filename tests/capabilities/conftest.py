"""Set-up for the capability tests: the requests fixtures (a request in any state) and assets declared through
the services."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from capabilities import services
from tests.requests.conftest import make_request  # noqa: F401 - a fixture used by these tests

BEIRA = {"base_name": "Beira airport", "base_lat": Decimal("-19.79639"), "base_lon": Decimal("34.90778")}


def asset_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "capability": "air_transport",
        "description": "2 × Oryx helicopters",
        "quantity": 2,
        "passengers": 16,
        "payload_kg": 8000,
        "volume_m3": Decimal("20"),
        "range_km": 550,
        **BEIRA,
        "available_from": today - datetime.timedelta(days=1),
        "available_until": today + datetime.timedelta(days=30),
        "notice_hours": 6,
        "constraints": [],
    }
    data.update(overrides)
    return data


@pytest.fixture
def declare(cast):
    """declare(force=cast.force, actor=<its liaison>, **fields) -> an asset declared through the service."""

    def make(force=None, actor=None, operation=None, **fields):
        force = force or cast.force
        if actor is None:
            actor = cast.liaison if force == cast.force else cast.liaison_other_force
        return services.asset_declare(
            operation=operation or cast.operation, actor=actor, force=force, data=asset_data(**fields)
        )

    return make
