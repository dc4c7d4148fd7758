"""Matching an approved request to the declared assets: each asset gets one line that says why it ranks where
it does. Pure functions over rows already loaded (no queries here): selectors.py loads, this ranks.

The ranking, most important first:
1. capability: an asset of another capability ranks below every asset of the asked capability;
2. blocking: a constraint that conflicts with the approval's conditions, the assistance type or the load
   blocks the asset (it ranks below every unblocked one and says why);
3. the criteria capacity, availability and notice to move: each one met scores 0, partly met or unknown 1,
   not met 2; the lower the sum, the higher the rank;
4. distance from the base to the first leg: nearer ranks higher (unknown last);
then the asset's number, so the order is stable.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Asset, AssetConstraint

OK, PARTIAL, FAIL, BLOCK, INFO = "ok", "partial", "fail", "block", "info"
SCORE = {OK: 0, INFO: 0, PARTIAL: 1, FAIL: 2}

# A constraint of the asset -> words in an approval's condition that it conflicts with (lower case; the HCT
# writes conditions in its own language, so the common languages of the platform are listed).
CONFLICTING_CONDITIONS = {
    AssetConstraint.ARMED_CREW: ("unarmed", "non armé", "non-armé", "sans arme", "sin arma", "desarmad"),
    AssetConstraint.MILITARY_MARKINGS: (
        "no military marking",
        "without military marking",
        "sans marquage",
        "sin marcas",
        "sem marcas",
    ),
    AssetConstraint.MILITARY_LEAD: ("civilian lead", "civilian-led", "civilian led", "direction civile"),
}


@dataclass
class Need:
    """What the request asks for, as the matching reads it."""

    capability: str
    capability_label: str
    assistance_type: str
    required_by: datetime.date
    latest_acceptable: datetime.date
    duration_days: int | None
    passengers: int
    weight_kg: Decimal | None
    volume_m3: Decimal | None
    dangerous_goods: bool
    first_leg: tuple[str, Decimal, Decimal] | None  # (place, lat, lon) where the first leg starts
    conditions: list[str] = field(default_factory=list)

    @property
    def window_end(self) -> datetime.date:
        """The last day the task would run if it starts on the required-by date."""
        days = self.duration_days or 1
        return self.required_by + datetime.timedelta(days=days - 1)


@dataclass
class Reason:
    criterion: str
    outcome: str  # ok, partial, fail, block, info
    text: str

    @property
    def outcome_label(self) -> str:
        """Said to screen readers before the reason (sighted users see a mark)."""
        return {
            OK: _("Met"),
            PARTIAL: _("Partly met"),
            FAIL: _("Not met"),
            BLOCK: _("Blocking"),
            INFO: _("Note"),
        }[self.outcome]


@dataclass
class Match:
    asset: Asset
    reasons: list[Reason]
    distance_km: float | None
    rank: int = 0

    @property
    def capability_ok(self) -> bool:
        return self.reasons[0].outcome == OK

    @property
    def blocked(self) -> bool:
        return any(r.outcome == BLOCK for r in self.reasons)

    @property
    def score(self) -> int:
        return sum(SCORE.get(r.outcome, 0) for r in self.reasons if r.criterion != "capability")

    @property
    def suitable(self) -> bool:
        """The asset answers the need: right capability, nothing blocks, nothing fails outright."""
        return self.capability_ok and not self.blocked and all(r.outcome != FAIL for r in self.reasons)

    def sort_key(self):
        distance = self.distance_km if self.distance_km is not None else math.inf
        return (not self.capability_ok, self.blocked, self.score, distance, self.asset.pk)


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in kilometres (WGS84 mean radius)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _day(value: datetime.date) -> str:
    return date_format(value, "j M Y")


def _capability(asset: Asset, need: Need) -> Reason:
    if asset.capability == need.capability:
        return Reason("capability", OK, _("Offers %(capability)s.") % {"capability": need.capability_label})
    return Reason(
        "capability",
        FAIL,
        _("Offers %(offered)s, not %(asked)s.")
        % {"offered": asset.get_capability_display(), "asked": need.capability_label},
    )


def _capacity(asset: Asset, need: Need) -> Reason:
    """Capacity of all units together against the load; a dimension the asset does not state is unknown."""
    checks: list[tuple[Decimal, Decimal | int | None, str]] = []  # (needed, per unit, label)
    if need.passengers:
        checks.append((Decimal(need.passengers), asset.passengers, str(_("passengers"))))
    if need.weight_kg:
        checks.append((need.weight_kg, asset.payload_kg, str(_("kg"))))
    if need.volume_m3:
        checks.append((need.volume_m3, asset.volume_m3, str(_("m³"))))
    if not checks:
        return Reason("capacity", INFO, _("The request states no load."))
    short: list[str] = []
    unknown: list[str] = []
    covered: list[str] = []
    for needed, per_unit, unit in checks:
        if per_unit is None:
            unknown.append(str(unit))
            continue
        total = Decimal(per_unit) * asset.quantity
        line = _("%(total)s %(unit)s (%(needed)s needed)") % {
            "total": f"{total.normalize():f}",
            "unit": unit,
            "needed": f"{Decimal(needed).normalize():f}",
        }
        (covered if total >= needed else short).append(line)
    if short:
        return Reason("capacity", FAIL, _("Capacity short: %(lines)s.") % {"lines": "; ".join(short)})
    if unknown:
        return Reason(
            "capacity",
            PARTIAL,
            _("Capacity not stated for %(units)s%(covered)s.")
            % {"units": ", ".join(unknown), "covered": (": " + "; ".join(covered)) if covered else ""},
        )
    return Reason("capacity", OK, _("Capacity covers the load: %(lines)s.") % {"lines": "; ".join(covered)})


def _availability(asset: Asset, need: Need, commitments: list) -> Reason:
    """The asset's window against the task's window (required-by date for the expected duration)."""
    start, end = need.required_by, need.window_end
    for c in commitments:
        if c.committed_from <= end and c.committed_until >= start:
            return Reason(
                "availability",
                FAIL,
                _("Committed to another task until %(until)s.") % {"until": _day(c.committed_until)},
            )
    until_ok = asset.available_until is None or asset.available_until >= end
    until_text = _day(asset.available_until) if asset.available_until else _("further notice")
    if asset.available_from <= start and until_ok:
        return Reason(
            "availability",
            OK,
            _("Available %(start)s to %(until)s: covers %(need_start)s–%(need_end)s.")
            % {
                "start": _day(asset.available_from),
                "until": until_text,
                "need_start": _day(start),
                "need_end": _day(end),
            },
        )
    if asset.available_from <= need.latest_acceptable and (
        asset.available_until is None
        or asset.available_until
        >= asset.available_from + datetime.timedelta(days=(need.duration_days or 1) - 1)
    ):
        if asset.available_from > start:
            return Reason(
                "availability",
                PARTIAL,
                _("Available from %(start)s: after the required-by date, by the latest acceptable date.")
                % {"start": _day(asset.available_from)},
            )
        return Reason(
            "availability",
            PARTIAL,
            _("Available until %(until)s: ends before %(end)s, unless the task starts earlier.")
            % {"until": until_text, "end": _day(end)},
        )
    return Reason(
        "availability",
        FAIL,
        _("Available %(start)s to %(until)s: does not cover %(need_start)s–%(need_end)s.")
        % {
            "start": _day(asset.available_from),
            "until": until_text,
            "need_start": _day(start),
            "need_end": _day(end),
        },
    )


def _notice(asset: Asset, need: Need, now: datetime.datetime) -> Reason:
    """Ready after its notice to move, before the end of the required-by (or latest acceptable) day."""
    ready = now + datetime.timedelta(hours=asset.notice_hours)
    tz = timezone.get_current_timezone()

    def end_of(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=tz)

    params = {"hours": asset.notice_hours, "ready": date_format(timezone.localtime(ready), "j M Y H:i")}
    if ready <= end_of(need.required_by):
        return Reason(
            "notice", OK, _("%(hours)s h notice to move: ready %(ready)s, by the deadline.") % params
        )
    if ready <= end_of(need.latest_acceptable):
        return Reason(
            "notice",
            PARTIAL,
            _("%(hours)s h notice to move: ready %(ready)s, after the required-by date.") % params,
        )
    return Reason("notice", FAIL, _("%(hours)s h notice to move: ready %(ready)s, too late.") % params)


def _conflicts(asset: Asset, need: Need) -> list[Reason]:
    """Constraints that conflict with the approval's conditions, the assistance type or the load: blocking."""
    reasons = []
    codes = set(asset.constraints)
    labels = dict(AssetConstraint.choices)
    if AssetConstraint.NO_DIRECT_ASSISTANCE in codes and need.assistance_type == "direct":
        reasons.append(
            Reason(
                "constraints",
                BLOCK,
                _("Blocking: “%(constraint)s” but the request is for direct assistance.")
                % {"constraint": labels[AssetConstraint.NO_DIRECT_ASSISTANCE]},
            )
        )
    if AssetConstraint.NO_DANGEROUS_GOODS in codes and need.dangerous_goods:
        reasons.append(
            Reason(
                "constraints",
                BLOCK,
                _("Blocking: “%(constraint)s” but the load includes dangerous goods.")
                % {"constraint": labels[AssetConstraint.NO_DANGEROUS_GOODS]},
            )
        )
    for code, words in CONFLICTING_CONDITIONS.items():
        if code not in codes:
            continue
        for condition in need.conditions:
            if any(word in condition.lower() for word in words):
                reasons.append(
                    Reason(
                        "constraints",
                        BLOCK,
                        _("Blocking: “%(constraint)s” conflicts with the condition “%(condition)s”.")
                        % {"constraint": labels[code], "condition": condition},
                    )
                )
                break
    others = [str(labels.get(c, c)) for c in asset.constraints if c in (AssetConstraint.DAYLIGHT_ONLY,)]
    if asset.other_constraints:
        others.append(asset.other_constraints)
    if others and not reasons:
        reasons.append(
            Reason("constraints", INFO, _("Constraints to note: %(list)s.") % {"list": "; ".join(others)})
        )
    elif not reasons:
        reasons.append(Reason("constraints", OK, _("No constraint conflicts with the approval.")))
    return reasons


def _distance(asset: Asset, need: Need) -> tuple[Reason, float | None]:
    if need.first_leg is None or asset.base_lat is None or asset.base_lon is None:
        return Reason("distance", INFO, _("Distance unknown (no coordinates).")), None
    place, lat, lon = need.first_leg
    km = haversine_km(asset.base_lat, asset.base_lon, lat, lon)
    params = {"km": f"{km:,.0f}", "base": asset.base_name, "place": place}
    if asset.range_km is not None and asset.range_km < km:
        params["range"] = str(asset.range_km)
        return (
            Reason(
                "distance",
                FAIL,
                _("%(km)s km from %(base)s to %(place)s: beyond its range of %(range)s km.") % params,
            ),
            km,
        )
    return Reason("distance", OK, _("%(km)s km from %(base)s to %(place)s.") % params), km


def rank(need: Need, assets, commitments_by_asset: dict, now: datetime.datetime | None = None) -> list[Match]:
    """Every asset with its reasons, best first."""
    now = now or timezone.now()
    matches = []
    for asset in assets:
        distance_reason, km = _distance(asset, need)
        reasons = [
            _capability(asset, need),
            _capacity(asset, need),
            _availability(asset, need, commitments_by_asset.get(asset.pk, [])),
            _notice(asset, need, now),
            *_conflicts(asset, need),
            distance_reason,
        ]
        matches.append(Match(asset=asset, reasons=reasons, distance_km=km))
    matches.sort(key=Match.sort_key)
    for i, m in enumerate(matches, start=1):
        m.rank = i
    return matches
