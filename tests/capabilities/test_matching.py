"""Matching on hand-made cases: each criterion moves the ranking as stated, and a conflicting constraint
blocks. Pure: assets and needs built in memory, no database."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from capabilities import matching
from capabilities.models import Asset

NOW = datetime.datetime(2026, 11, 29, 8, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()
BUZI = ("Buzi", Decimal("-19.87333"), Decimal("34.62083"))


def need(**overrides) -> matching.Need:
    data = {
        "capability": "air_transport",
        "capability_label": "Air transport",
        "assistance_type": "indirect",
        "required_by": TODAY + datetime.timedelta(days=2),
        "latest_acceptable": TODAY + datetime.timedelta(days=5),
        "duration_days": 3,
        "passengers": 2,
        "weight_kg": Decimal("12000"),
        "volume_m3": Decimal("36"),
        "dangerous_goods": False,
        "first_leg": BUZI,
        "conditions": [],
    }
    data.update(overrides)
    return matching.Need(**data)


def asset(pk, **overrides) -> Asset:
    """An asset that answers need() fully, 40 km from Buzi, unless overridden."""
    data = {
        "capability": "air_transport",
        "description": f"asset {pk}",
        "quantity": 2,
        "passengers": 16,
        "payload_kg": 8000,
        "volume_m3": Decimal("20"),
        "range_km": 550,
        "base_name": "Beira",
        "base_lat": Decimal("-19.79639"),
        "base_lon": Decimal("34.90778"),
        "available_from": TODAY - datetime.timedelta(days=1),
        "available_until": TODAY + datetime.timedelta(days=30),
        "notice_hours": 6,
        "constraints": [],
        "other_constraints": "",
        "status": "available",
    }
    data.update(overrides)
    a = Asset(pk=pk, **data)
    a.force_id = 1
    return a


def ranked(n, assets, commitments=None):
    return [m.asset.pk for m in matching.rank(n, assets, commitments or {}, now=NOW)]


def reason(match, criterion):
    return next(r for r in match.reasons if r.criterion == criterion)


def test_a_full_match_is_suitable_and_says_why_on_every_criterion():
    [m] = matching.rank(need(), [asset(1)], {}, now=NOW)
    assert m.suitable and not m.blocked and m.rank == 1
    assert [r.outcome for r in m.reasons] == ["ok", "ok", "ok", "ok", "ok", "ok"]
    assert reason(m, "capability").text == "Offers Air transport."
    assert reason(m, "capacity").text == (
        "Capacity covers the load: 32 passengers (2 needed); 16000 kg (12000 needed); 40 m³ (36 needed)."
    )
    assert reason(m, "availability").text.startswith(
        "Available 28 Nov 2026 to 29 Dec 2026: covers 1 Dec 2026"
    )
    assert reason(m, "notice").text == "6 h notice to move: ready 29 Nov 2026 14:00, by the deadline."
    assert reason(m, "distance").text == "31 km from Beira to Buzi."


def test_capability_an_asset_of_another_capability_ranks_below_a_worse_one_of_the_asked_capability():
    wrong = asset(1, capability="sea_transport")  # otherwise perfect
    poor = asset(2, payload_kg=100, notice_hours=500)  # right capability, fails capacity and notice
    assert ranked(need(), [wrong, poor]) == [2, 1]
    m = matching.rank(need(), [wrong], {}, now=NOW)[0]
    assert reason(m, "capability").outcome == "fail"
    assert reason(m, "capability").text == "Offers Sea transport, not Air transport."


def test_capacity_covering_the_load_ranks_higher():
    short = asset(1, payload_kg=5000)  # 2 × 5000 < 12000 kg
    covers = asset(2, base_lat=Decimal("-19.0"))  # covers, but farther away
    assert ranked(need(), [short, covers]) == [2, 1]
    m = matching.rank(need(), [short], {}, now=NOW)[0]
    assert reason(m, "capacity").outcome == "fail"
    assert "Capacity short: 10000 kg (12000 needed)" in reason(m, "capacity").text
    assert not m.suitable


def test_capacity_not_stated_ranks_between_covering_and_short():
    unknown = asset(1, volume_m3=None)
    short = asset(2, volume_m3=Decimal("5"))
    covers = asset(3, base_lat=Decimal("-18.0"))
    assert ranked(need(), [unknown, short, covers]) == [3, 1, 2]
    m = matching.rank(need(), [unknown], {}, now=NOW)[0]
    assert reason(m, "capacity").outcome == "partial"
    assert reason(m, "capacity").text.startswith("Capacity not stated for m³")


def test_availability_covering_the_window_ranks_higher():
    late = asset(1, available_from=TODAY + datetime.timedelta(days=4))  # after required-by, before latest
    ends_early = asset(2, available_until=TODAY + datetime.timedelta(days=3))  # window ends on day 4
    outside = asset(3, available_from=TODAY + datetime.timedelta(days=20))
    covers = asset(4, base_lat=Decimal("-18.0"))
    assert ranked(need(), [outside, ends_early, late, covers]) == [4, 1, 2, 3]
    by_pk = {
        m.asset.pk: reason(m, "availability")
        for m in matching.rank(need(), [late, ends_early, outside], {}, now=NOW)
    }
    outcomes = {pk: r.outcome for pk, r in by_pk.items()}
    assert (
        by_pk[2].text == "Available until 2 Dec 2026: ends before 3 Dec 2026, unless the task starts earlier."
    )
    assert outcomes == {1: "partial", 2: "partial", 3: "fail"}


def test_availability_a_commitment_in_the_window_fails_outside_it_does_not():
    busy, free = asset(1), asset(2, base_lat=Decimal("-18.0"))
    in_window = SimpleNamespace(committed_from=TODAY, committed_until=TODAY + datetime.timedelta(days=2))
    assert ranked(need(), [busy, free], {1: [in_window]}) == [2, 1]
    m = matching.rank(need(), [busy], {1: [in_window]}, now=NOW)[0]
    assert reason(m, "availability").text == "Committed to another task until 1 Dec 2026."
    before = SimpleNamespace(committed_from=TODAY - datetime.timedelta(days=5), committed_until=TODAY)
    assert ranked(need(), [busy, free], {1: [before]}) == [1, 2]


def test_notice_to_move_that_fits_the_deadline_ranks_higher():
    slow = asset(1, notice_hours=96)  # ready on day 4: after required-by (day 2), before latest (day 5)
    too_slow = asset(2, notice_hours=240)
    quick = asset(3, base_lat=Decimal("-18.0"), notice_hours=12)
    assert ranked(need(), [too_slow, slow, quick]) == [3, 1, 2]
    by_pk = {m.asset.pk: reason(m, "notice") for m in matching.rank(need(), [slow, too_slow], {}, now=NOW)}
    assert by_pk[1].outcome == "partial" and "after the required-by date" in by_pk[1].text
    assert by_pk[2].outcome == "fail" and by_pk[2].text.endswith("too late.")


def test_distance_nearer_base_ranks_higher_and_unknown_last():
    far = asset(1, base_name="Chimoio", base_lat=Decimal("-19.11639"), base_lon=Decimal("33.48333"))
    near = asset(2)
    unknown = asset(3, base_lat=None, base_lon=None)
    assert ranked(need(), [unknown, far, near]) == [2, 1, 3]
    m = matching.rank(need(), [far], {}, now=NOW)[0]
    assert reason(m, "distance").text == "146 km from Chimoio to Buzi."


def test_distance_beyond_the_range_fails():
    short_range = asset(1, range_km=10)
    m = matching.rank(need(), [short_range], {}, now=NOW)[0]
    assert reason(m, "distance").outcome == "fail"
    assert "beyond its range of 10 km" in reason(m, "distance").text
    assert ranked(need(), [short_range, asset(2, base_lat=Decimal("-18.0"))]) == [2, 1]


@pytest.mark.parametrize(
    ("constraint", "overrides", "expected"),
    [
        ("armed_crew", {"conditions": ["Unarmed personnel only"]}, "conflicts with the condition “Unarmed"),
        (
            "military_markings",
            {"conditions": ["No military markings at distribution sites"]},
            "conflicts with the condition “No military markings",
        ),
        (
            "military_lead",
            {"conditions": ["Civilian lead at the site"]},
            "conflicts with the condition “Civilian",
        ),
        ("no_direct_assistance", {"assistance_type": "direct"}, "the request is for direct assistance"),
        ("no_dangerous_goods", {"dangerous_goods": True}, "the load includes dangerous goods"),
    ],
)
def test_a_conflicting_constraint_blocks_and_ranks_below_every_unblocked_asset(
    constraint, overrides, expected
):
    blocked = asset(1, constraints=[constraint])  # otherwise the best: nearest, covers everything
    poor = asset(2, base_lat=Decimal("-18.0"), payload_kg=10, notice_hours=500)  # fails twice, not blocked
    n = need(**overrides)
    assert ranked(n, [blocked, poor]) == [2, 1]
    m = matching.rank(n, [blocked], {}, now=NOW)[0]
    assert m.blocked and not m.suitable
    block = next(r for r in m.reasons if r.outcome == "block")
    assert block.text.startswith("Blocking:") and expected in block.text


def test_the_same_constraint_without_a_conflicting_condition_does_not_block():
    armed = asset(1, constraints=["armed_crew", "daylight_only"])
    m = matching.rank(need(conditions=["Civilian lead at the site"]), [armed], {}, now=NOW)[0]
    assert not m.blocked and m.suitable
    assert reason(m, "constraints").outcome == "info"
    assert reason(m, "constraints").text == "Constraints to note: Daylight only."


def test_a_condition_written_in_french_is_read_too():
    armed = asset(1, constraints=["armed_crew"])
    m = matching.rank(need(conditions=["Personnel non armé uniquement"]), [armed], {}, now=NOW)[0]
    assert m.blocked


def test_haversine_beira_to_chimoio():
    assert matching.haversine_km(-19.79639, 34.90778, -19.11639, 33.48333) == pytest.approx(168, abs=2)
