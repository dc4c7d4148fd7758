"""The demo operation's gazetteer and one small layer (the roads the floods cut), through the services."""

from decimal import Decimal

from .models import MapLayer, Place
from .services import layer_upload, place_add

PLACES = [
    ("Beira airport", "airport", Decimal("-19.79639"), Decimal("34.90778")),
    ("Beira port", "port", Decimal("-19.82500"), Decimal("34.83800")),
    ("Buzi district HQ", "town", Decimal("-19.87333"), Decimal("34.62083")),
    ("Chimoio warehouse", "warehouse", Decimal("-19.11639"), Decimal("33.48333")),
    ("Dondo", "town", Decimal("-19.60944"), Decimal("34.74306")),
    ("Guara-Guara resettlement site", "site", Decimal("-19.65000"), Decimal("34.38000")),
    ("Nhamatanda", "town", Decimal("-19.26667"), Decimal("34.21667")),
]

ROADS = b"""{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "N6 Beira-Dondo-Nhamatanda", "status": "cut by floodwater"},
  "geometry": {"type": "LineString", "coordinates": [[34.86, -19.83], [34.74, -19.61], [34.50, -19.45],
   [34.22, -19.27], [33.85, -19.15], [33.48, -19.12]]}},
 {"type": "Feature", "properties": {"name": "R530 Beira-Buzi", "status": "under 2 m of water"},
  "geometry": {"type": "LineString", "coordinates": [[34.86, -19.83], [34.75, -19.90], [34.62, -19.87]]}}
]}"""


def seed_maps(*, operation, users, organizations) -> None:
    """Idempotent: skipped when the operation already has places."""
    if Place.objects.filter(operation=operation).exists():
        return
    officer = users["officer"]
    for name, kind, lat, lon in PLACES:
        place_add(operation=operation, actor=officer, name=name, kind=kind, lat=lat, lon=lon)
    if not MapLayer.objects.filter(operation=operation).exists():
        layer_upload(
            operation=operation,
            actor=officer,
            name="Roads cut by the floods",
            kind=MapLayer.Kind.ROADS,
            source="INGD / Logistics Cluster access map",
            raw=ROADS,
        )
