"""What a party is sent: the ONE list of the fields a party may know of a site or a movement.

A dispatch stores this payload as it was sent; the party's pages, exports, API and emails read only it. The
number of staff, the internal notes, the submitter's internal contact and who submitted are never in it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.dateparse import parse_datetime

from .models import Kind, MovementType, NotificationVersion, SiteType

SITE_FIELDS = ("site_type", "name", "lat", "lon", "address")
MOVEMENT_FIELDS = ("movement_type", "purpose", "vehicle_count", "vehicle_type", "plates", "call_sign")
COMMON_FIELDS = ("starts_at", "ends_at", "markings", "party_contact")
# Never in a payload. Every field of a version is in exactly one of the lists above or here (a test checks it,
# so a field added later must be classified before it can ship).
HUMANITARIAN_ONLY = ("staff_count", "internal_contact", "internal_notes", "created_by")
RECORD_FIELDS = ("id", "notification", "number", "created_at")
LEG_FIELDS = ("order", "from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon")
# Every key a payload may hold (the sentinel tests check the API answers with exactly these).
PAYLOAD_KEYS = frozenset(
    {"reference", "kind", "organization", "version", "withdrawn", "legs", *SITE_FIELDS, *MOVEMENT_FIELDS}
    | set(COMMON_FIELDS)
)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def build(version: NotificationVersion, *, legs=None, withdrawn: bool = False) -> dict:
    """The party's payload of one version (legs: the version's legs, when already loaded)."""
    notification = version.notification
    data = {
        "reference": notification.reference,
        "kind": notification.kind,
        "organization": notification.organization.name,
        "version": version.number,
        "withdrawn": withdrawn,
    }
    own = SITE_FIELDS if notification.kind == Kind.SITE else MOVEMENT_FIELDS
    for name in (*own, *COMMON_FIELDS):
        data[name] = _plain(getattr(version, name))
    if notification.kind == Kind.MOVEMENT:
        legs = list(version.legs.all()) if legs is None else legs
        data["legs"] = [{name: _plain(getattr(leg, name)) for name in LEG_FIELDS} for leg in legs]
    return data


@dataclass
class Received:
    """A payload read back for a page or an export: dates as datetimes, codes with their labels."""

    data: dict
    legs: list = field(default_factory=list)

    def __getattr__(self, name):
        try:
            return self.__dict__["data"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def is_movement(self) -> bool:
        return self.data.get("kind") == Kind.MOVEMENT

    @property
    def kind_label(self) -> str:
        return Kind(self.data["kind"]).label

    @property
    def type_label(self) -> str:
        if self.is_movement:
            code = self.data.get("movement_type")
            return MovementType(code).label if code else ""
        code = self.data.get("site_type")
        return SiteType(code).label if code else ""

    @property
    def title(self) -> str:
        if not self.is_movement:
            return self.data.get("name", "")
        purpose = (self.data.get("purpose") or "").strip()
        return purpose.splitlines()[0][:80] if purpose else ""

    @property
    def start(self):
        return parse_datetime(self.data["starts_at"]) if self.data.get("starts_at") else None

    @property
    def end(self):
        return parse_datetime(self.data["ends_at"]) if self.data.get("ends_at") else None

    def points(self) -> list[tuple[str, float, float]]:
        """(name, latitude, longitude) of the site, or of each place of the route in order."""
        if not self.is_movement:
            if self.data.get("lat") is None:
                return []
            return [(self.data.get("name", ""), float(self.data["lat"]), float(self.data["lon"]))]
        found = []
        for leg in self.data.get("legs", []):
            if not found:
                found.append((leg["from_name"], float(leg["from_lat"]), float(leg["from_lon"])))
            found.append((leg["to_name"], float(leg["to_lat"]), float(leg["to_lon"])))
        return found


def read(payload: dict) -> Received:
    return Received(data=payload, legs=payload.get("legs", []))
