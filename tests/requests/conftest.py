"""Requests in any state, for the tests. Arranging a state writes the row directly (test set-up only);
the code under test changes a status only through the services."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from guidelines.selectors import criteria_for_operation
from requests.models import AssistanceRequest
from requests.services import rfa as services

S = AssistanceRequest.Status
# States a request reaches only after it was put to the HCT.
AFTER_HCT = {
    S.WITH_HCT,
    S.APPROVED,
    S.REJECTED,
    S.TASKED,
    S.ACCEPTED,
    S.IN_PROGRESS,
    S.COMPLETED,
    S.DECLINED,
    S.EXPIRED,
}

LEG = {
    "from_name": "Beira airport",
    "from_lat": Decimal("-19.79639"),
    "from_lon": Decimal("34.90778"),
    "to_name": "Buzi",
    "to_lat": Decimal("-19.87333"),
    "to_lon": Decimal("34.62083"),
}


def request_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "title": "Airlift of food to Buzi",
        "capability": "air_transport",
        "assistance_type": "indirect",
        "description": "Buzi is cut off by floodwater.",
        "required_by": today + datetime.timedelta(days=2),
        "latest_acceptable": today + datetime.timedelta(days=5),
        "passengers": 2,
        "cargo_description": "High-energy biscuits",
        "cargo_weight_kg": Decimal("12000"),
        "cargo_volume_m3": Decimal("36"),
        "priority": "life_saving",
    }
    data.update(overrides)
    return data


def answer_all(rfa, actor, answer="met"):
    services.assessment_save(
        rfa=rfa,
        actor=actor,
        answers=[
            {"criterion_version": v, "answer": answer, "justification": f"Checked: {v.criterion.code}."}
            for v in criteria_for_operation(rfa.operation)
        ],
    )


@pytest.fixture
def make_request(cast):
    """make_request(status="draft", org=cast.wfp, answered=False, hct=None, operation=None, **fields)."""

    def make(status=S.DRAFT, org=None, answered=False, hct=None, operation=None, legs=None, **fields):
        operation = operation or cast.operation
        actor = cast.officer if operation == cast.operation else cast.other_officer
        if operation != cast.operation:
            operation.organizations.add(org or cast.ocha)
        rfa = services.request_create(
            operation=operation,
            actor=actor,
            organization=org or (cast.wfp if operation == cast.operation else cast.ocha),
            data=request_data(**fields),
            legs=legs or [LEG],
        )
        if answered:
            answer_all(rfa, actor)
        reached_hct = status in AFTER_HCT if hct is None else hct
        AssistanceRequest.objects.filter(pk=rfa.pk).update(
            status=status, put_to_hct_at=timezone.now() if reached_hct else None
        )
        rfa.refresh_from_db()
        return rfa

    return make


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def attach(cast):
    """attach(rfa) -> an attachment stored through the storage API (set-up: written directly)."""
    from django.core.files.base import ContentFile

    from requests.models import RequestAttachment

    def make(rfa, name="manifest.pdf", content=PDF):
        return RequestAttachment.objects.create(
            request=rfa,
            file=ContentFile(content, name=name),
            name=name,
            size=len(content),
            uploaded_by=cast.officer,
        )

    return make
