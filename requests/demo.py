"""Demo requests of the Mozambique cyclone response, in various states, created through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cmcoord import timezones
from guidelines.selectors import criteria_for_operation

from .models import AssistanceRequest, HctReferral, Task
from .services import hct as decisions
from .services import meetings, tasking
from .services import rfa as services

BEIRA = ("Beira airport", Decimal("-19.79639"), Decimal("34.90778"))
BUZI = ("Buzi district HQ", Decimal("-19.87333"), Decimal("34.62083"))
NHAMATANDA = ("Nhamatanda", Decimal("-19.26667"), Decimal("34.21667"))
DONDO = ("Dondo", Decimal("-19.60944"), Decimal("34.74306"))
CHIMOIO = ("Chimoio warehouse", Decimal("-19.11639"), Decimal("33.48333"))
DOMBE = ("Dombe", Decimal("-19.96667"), Decimal("33.40000"))
GUARA_GUARA = ("Guara-Guara resettlement site", Decimal("-19.65000"), Decimal("34.38000"))


def _leg(a, b) -> dict:
    return {
        "from_name": a[0],
        "from_lat": a[1],
        "from_lon": a[2],
        "to_name": b[0],
        "to_lat": b[1],
        "to_lon": b[2],
    }


def _answers(operation, flagged: dict[str, str] | None = None) -> list[dict]:
    flagged = flagged or {}
    return [
        {
            "criterion_version": v,
            "answer": flagged.get(v.criterion.code, "met"),
            "justification": "Checked with the Logistics Cluster on "
            f"{timezone.localdate():%d %b}: "
            + ("see the comment." if v.criterion.code in flagged else "confirmed."),
        }
        for v in criteria_for_operation(operation)
    ]


def seed_requests(*, operation, users, organizations) -> None:
    """A handful of realistic requests; skipped when the operation already has requests (idempotent)."""
    if AssistanceRequest.objects.filter(operation=operation).exists():
        return
    officer, requester = users["officer"], users["requester"]
    today = timezone.localdate()

    def day(n: int) -> datetime.date:
        return today + datetime.timedelta(days=n)

    def create(actor, org, legs, **data):
        return services.request_create(
            operation=operation, actor=actor, organization=organizations[org], data=data, legs=legs
        )

    airlift = create(
        requester,
        "WFP",
        [_leg(BEIRA, BUZI), _leg(BUZI, GUARA_GUARA)],
        title="Airlift of high-energy biscuits to Buzi",
        endorsing_cluster="logistics",
        capability="air_transport",
        assistance_type="indirect",
        description="Buzi is cut off by floodwater; the road from Beira is under 2 m of water. 12 t of "
        "high-energy biscuits must reach 15,000 people in Buzi and the Guara-Guara site. UNHAS "
        "helicopters are fully booked for medical evacuation.",
        required_by=day(2),
        latest_acceptable=day(5),
        duration_days=4,
        passengers=2,
        cargo_description="High-energy biscuits on 24 pallets",
        cargo_weight_kg=Decimal("12000"),
        cargo_volume_m3=Decimal("36"),
        priority="life_saving",
        exit_plan="WFP trucks take over as soon as the Beira–Buzi road reopens (INGD estimate: 10 days).",
        site_contact="Ana Nhantumbo (WFP Buzi)",
        site_contact_phone="+258 84 000 1111",
    )
    services.assessment_save(rfa=airlift, actor=requester, answers=_answers(operation))
    services.request_submit(rfa=airlift, actor=requester)
    services.request_start_review(rfa=airlift, actor=officer)
    services.comment_add(
        rfa=airlift, actor=officer, text="Logistics Cluster confirms no civilian lift before Friday."
    )
    # The HCT meets in two days at 10:00 (the operation's time): the airlift is on its agenda.
    meeting_day = timezone.localtime(timezone.now(), timezones.of_operation(operation)) + datetime.timedelta(
        days=2
    )
    thursday_hct = meetings.meeting_schedule(
        operation=operation,
        actor=officer,
        starts_at=meeting_day.replace(hour=10, minute=0, second=0, microsecond=0),
        place="OCHA office, Beira",
    )
    services.request_put_to_hct(
        rfa=airlift, actor=officer, comment="For decision at Thursday's HCT.", meeting=thursday_hct
    )

    survey = create(
        officer,
        "INGD",
        [_leg(BEIRA, NHAMATANDA)],
        title="Helicopter assessment flight over Nhamatanda",
        endorsing_cluster="",
        capability="air_transport",
        assistance_type="indirect",
        description="Joint INGD/UN rapid assessment of flooded villages along the Pungwe river.",
        required_by=day(1),
        latest_acceptable=day(3),
        duration_days=1,
        passengers=6,
        priority="life_sustaining",
        site_contact="INGD operations room",
        site_contact_phone="+258 82 000 2222",
    )
    services.assessment_save(
        rfa=survey, actor=officer, answers=_answers(operation, {"no_civilian_alternative": "unclear"})[:4]
    )
    services.request_submit(rfa=survey, actor=officer)

    create(
        officer,
        "IOM",
        [_leg(BEIRA, NHAMATANDA)],
        title="Boat transport of shelter kits to Nhamatanda",
        endorsing_cluster="shelter",
        capability="sea_transport",
        assistance_type="indirect",
        description="2,000 shelter kits from the Beira port to Nhamatanda by river.",
        required_by=day(6),
        latest_acceptable=day(12),
        cargo_description="Shelter kits",
        cargo_weight_kg=Decimal("30000"),
        cargo_volume_m3=Decimal("90"),
        priority="high",
    )

    road = create(
        requester,
        "WFP",
        [_leg(BEIRA, DONDO)],
        title="Clearing debris from the Beira–Dondo road",
        endorsing_cluster="logistics",
        capability="engineering",
        assistance_type="infrastructure",
        description="Fallen trees and debris block the EN6 between Beira and Dondo for trucks.",
        required_by=day(3),
        latest_acceptable=day(7),
        duration_days=3,
        priority="high",
    )
    services.request_submit(rfa=road, actor=requester)
    services.request_start_review(rfa=road, actor=officer)
    services.request_return_to_requester(
        rfa=road,
        actor=officer,
        comment="Has ANE (roads authority) been asked? Say which contractors were tried.",
    )

    water = create(
        requester,
        "WFP",
        [_leg(CHIMOIO, DOMBE)],
        title="Water purification units for Dombe",
        endorsing_cluster="wash",
        capability="logistics_storage",
        assistance_type="indirect",
        description="Transport of two water purification units.",
        required_by=day(-2),
        latest_acceptable=day(1),
        priority="normal",
    )
    services.request_submit(rfa=water, actor=requester)
    services.request_withdraw(
        rfa=water, actor=requester, reason="civilian_means", comment="A private transporter was found."
    )

    medical = create(
        officer,
        "UNICEF",
        [_leg(BEIRA, BUZI)],
        title="Field hospital support in Buzi",
        endorsing_cluster="health",
        capability="medical",
        assistance_type="direct",
        description="Military medical team to support the Buzi health centre.",
        required_by=day(4),
        latest_acceptable=day(10),
        priority="life_saving",
    )
    services.request_cancel(
        rfa=medical,
        actor=officer,
        comment="An EMT from the WHO roster arrives instead (civilian alternative).",
    )


def seed_hct_and_tasks(*, operation, users, organizations) -> None:
    """One request under written procedure and one tasked to SANDF, through the services; skipped when the
    operation already has a written procedure or a task (idempotent)."""
    if (
        HctReferral.objects.filter(request__operation=operation, procedure="written").exists()
        or Task.objects.filter(request__operation=operation).exists()
    ):
        return
    officer, requester, hc = users["officer"], users["requester"], users["hc"]
    today = timezone.localdate()

    def reviewed(actor, org, legs, **data):
        rfa = services.request_create(
            operation=operation, actor=actor, organization=organizations[org], data=data, legs=legs
        )
        services.assessment_save(rfa=rfa, actor=officer, answers=_answers(operation))
        services.request_submit(rfa=rfa, actor=actor)
        services.request_start_review(rfa=rfa, actor=officer)
        return rfa

    boats = reviewed(
        officer,
        "IOM",
        [_leg(BEIRA, DONDO)],
        title="Transport of family tents to Dondo",
        endorsing_cluster="shelter",
        capability="land_transport",
        assistance_type="indirect",
        description="1,500 family tents from the Beira warehouse to the Dondo accommodation centre; the road "
        "is passable only for all-terrain trucks.",
        required_by=today + datetime.timedelta(days=3),
        latest_acceptable=today + datetime.timedelta(days=8),
        duration_days=2,
        cargo_description="Family tents",
        cargo_weight_kg=Decimal("45000"),
        cargo_volume_m3=Decimal("120"),
        priority="life_sustaining",
    )
    services.request_put_to_hct(
        rfa=boats,
        actor=officer,
        procedure="written",
        deadline=timezone.now() + datetime.timedelta(days=2),
        proposal={
            "outcome": "approved_with_conditions",
            "conditions": ["Unarmed personnel only", "No military markings at distribution sites"],
            "valid_from": today,
            "valid_until": today + datetime.timedelta(days=14),
            "text": "No commercial all-terrain trucks before next week (Logistics Cluster, daily meeting).",
        },
    )

    airlift = reviewed(
        requester,
        "WFP",
        [_leg(BEIRA, GUARA_GUARA)],
        title="Helicopter lift of nutrition supplies to Guara-Guara",
        endorsing_cluster="nutrition",
        capability="air_transport",
        assistance_type="indirect",
        description="Ready-to-use therapeutic food for 2,000 children at the Guara-Guara site, cut off by "
        "floodwater.",
        required_by=today + datetime.timedelta(days=1),
        latest_acceptable=today + datetime.timedelta(days=4),
        duration_days=1,
        passengers=1,
        cargo_description="RUTF cartons on 8 pallets",
        cargo_weight_kg=Decimal("4000"),
        cargo_volume_m3=Decimal("12"),
        priority="life_saving",
    )
    services.request_put_to_hct(rfa=airlift, actor=officer, comment="For the HCT meeting this morning.")
    decisions.decision_record(
        rfa=airlift,
        actor=hc,
        outcome="approved_with_conditions",
        conditions=["Unarmed personnel only", "Civilian lead at the site"],
        valid_from=today,
        valid_until=today + datetime.timedelta(days=7),
        rationale="No civilian helicopter is available before the site runs out of RUTF.",
        present=[u for u in (hc, officer, users.get("hct"), users.get("hct2")) if u is not None],
    )
    tasking.task_create(
        rfa=airlift,
        actor=officer,
        force=organizations["SANDF"],
        poc=requester,
        poc_phone="+258 84 000 1111",
    )
