"""Each operation lives in its own time zone: pages show date-times in it (with the zone named) and read the
date-times people type in it; emails of an operation are written in it. The API stays in UTC (ISO 8601 with
an offset), which tools expect.

The zone of a page is the current operation's, resolved only when a date-time is first shown or read: a
page that shows none costs no query, and a page that already has the operation costs none more.
"""

import datetime
import zoneinfo
from functools import lru_cache

from django.utils import timezone


@lru_cache(maxsize=64)
def zone(name: str | None) -> datetime.tzinfo:
    """The zone of that name (UTC when empty or unknown)."""
    try:
        return zoneinfo.ZoneInfo(name) if name else datetime.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def of_operation(operation) -> datetime.tzinfo:
    return zone(getattr(operation, "time_zone", None))


class OperationZone(datetime.tzinfo):
    """A tzinfo standing for the zone of the request's current operation, looked up on first use."""

    def __init__(self, request):
        self._request = request
        self._zone: datetime.tzinfo | None = None

    @property
    def resolved(self) -> datetime.tzinfo:
        if self._zone is None:
            operation = getattr(self._request, "operation", None)
            self._zone = of_operation(operation) if operation else datetime.UTC
        return self._zone

    def utcoffset(self, dt):
        return self.resolved.utcoffset(dt.replace(tzinfo=None) if dt is not None else dt)

    def dst(self, dt):
        return self.resolved.dst(dt.replace(tzinfo=None) if dt is not None else dt)

    def tzname(self, dt):
        return self.resolved.tzname(dt.replace(tzinfo=None) if dt is not None else dt)

    def fromutc(self, dt):
        # The real zone's own arithmetic (folds included), then labelled with the real zone.
        return self.resolved.fromutc(dt.replace(tzinfo=self.resolved))

    def __str__(self) -> str:
        return str(self.resolved)

    def __repr__(self) -> str:
        return f"OperationZone({self.resolved})"


def activate_for(request) -> None:
    """Pages (not the API) speak the current operation's time."""
    if request.path.startswith("/api/"):
        timezone.deactivate()
        return
    timezone.activate(OperationZone(request))


def zone_hint() -> str:
    """Said under a date-time input: the zone the typed time is read in."""
    from django.utils.translation import gettext

    return gettext("Times are in the operation's zone, %(zone)s.") % {
        "zone": timezone.get_current_timezone_name()
    }


def name_zone_under(*fields) -> None:
    """Adds the zone hint to the help text of date-time form fields."""
    hint = zone_hint()
    for field in fields:
        field.help_text = f"{field.help_text} {hint}" if field.help_text else hint
