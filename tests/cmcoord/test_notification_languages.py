"""Every kind of notification in every language: subject, plain text and HTML, with no English UI text left.

One set of templates per kind; the recipient's language is active while they are rendered.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from cmcoord import notifications
from cmcoord.models import Role
from deconfliction import payload
from deconfliction.models import Kind
from requests.models import AssistanceRequest, Decision, TaskStatus
from tests.cmcoord.i18n_helpers import LANGUAGES, RTL, english_left, visible_text

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "notifications"
KINDS = sorted(p.name for p in TEMPLATES.iterdir() if (p / "subject.txt").exists())
# The data of the messages (names, places, what users wrote): not UI text.
DATA = {"Cyclone response — Mozambique", "Airlift to Buzi", "Beira", "Buzi", "WFP", "SANDF", "Rita Requester"}


class Named:
    def __init__(self, name):
        self.name = name


class Person:
    def __init__(self, name):
        self.username = name

    def get_full_name(self):
        return self.username


def context(recipient) -> dict:
    """Everything any kind's templates may read, every branch on."""
    today = timezone.localdate()
    rfa = {
        "reference": "MOZ-2026-0042",
        "title": "Airlift to Buzi",
        "organization": "WFP",
        "priority": AssistanceRequest.Priority.LIFE_SAVING.label,
        "status": AssistanceRequest.Status.APPROVED.label,
        "required_by": today,
    }
    leg = {"from_name": "Beira", "from_lat": "-19.79639", "from_lon": "34.90778", "to_name": "Buzi"}
    leg |= {"to_lat": "-19.88", "to_lon": "34.62"}
    task = {
        **rfa,
        "force": "SANDF",
        "capability": AssistanceRequest.Capability.AIR_TRANSPORT.label,
        "assistance_type": AssistanceRequest.AssistanceType.INDIRECT.label,
        "description": "Buzi",
        "legs": [leg],
        "latest_acceptable": today,
        "duration_days": 3,
        "passengers": 2,
        "cargo_description": "Buzi",
        "cargo_weight_kg": 12000,
        "cargo_volume_m3": 30,
        "dangerous_goods": True,
        "conditions": ["Buzi"],
        "valid_from": today,
        "valid_until": today,
        "poc_name": "Rita Requester",
        "poc_organization": "WFP",
        "poc_phone": "+258 84 000 0000",
        "poc_email": "rita@example.org",
        "status": TaskStatus.ACCEPTED.label,
    }
    return {
        "recipient": recipient,
        "operation": Named("Cyclone response — Mozambique"),
        "url": "http://127.0.0.1:8000/requests/1/",
        "link": "/requests/1/",
        "site_url": "http://127.0.0.1:8000",
        "request": rfa,
        "task": task,
        "force": "SANDF",
        "member": "Rita Requester",
        "comment": "Buzi",
        "role": Role.HCT_MEMBER,
        "role_label": Role.HCT_MEMBER.label,
        "previous_role": Role.OBSERVER,
        "deadline": timezone.now() + datetime.timedelta(days=1),
        "valid_from": today,
        "valid_until": today,
        "written": True,
        "proposed_outcome": Decision.Outcome.APPROVED_WITH_CONDITIONS.label,
        "proposed_valid_from": today,
        "proposed_valid_until": today,
        "proposed_conditions": ["Buzi"],
        "proposal": "Buzi",
        "by_silence": True,
        "outcome_label": Decision.Outcome.APPROVED.label,
        "approved": True,
        "revises": True,
        "conditions": ["Buzi"],
        "rationale": "Buzi",
        "count": 2,
        "contacts": [{"name": "Rita Requester", "title": "", "organization": "WFP", "last_verified": None}],
        "contact": {
            "name": "Rita Requester",
            "title": "Beira",
            "organization": "WFP",
            "emails": ["rita@example.org"],
            "phones": [{"kind": "Mobile", "number": "+258 84 000 0000"}],
            "radio_call_sign": "Buzi",
            "location": "Beira",
            "last_verified": today,
        },
        "items": [{"subject": "Buzi", "operation": Named("Beira"), "created_at": timezone.now(), "url": ""}],
        # Humanitarian notification (deconfliction/notifications.py): the party's payload, read back.
        "received": received(),
        "reference": "MOZ-HN-0001",
        "kind_label": Kind.MOVEMENT.label,
        "title": "Airlift to Buzi",
        "organization": "WFP",
        "version": 2,
        "party": "SANDF",
        "by": "Rita Requester",
        "at": timezone.now(),
        "text": "Buzi",
        "sent_at": timezone.now(),
        "to_party": True,
        # An email given up (cmcoord/notifications.py alert_given_up): whose, and why.
        "person": Person("Rita Requester"),
        "email": "rita@example.org",
        "bounced": True,
        "error": "550 Buzi",
        "hours": 72,
    }


def received():
    """A movement's payload as a party reads it (deconfliction/payload.py)."""
    start = timezone.now()
    leg = {"order": 1, "from_name": "Beira", "from_lat": "-19.79639", "from_lon": "34.90778"}
    leg |= {"to_name": "Buzi", "to_lat": "-19.88000", "to_lon": "34.62000"}
    return payload.read(
        {
            "reference": "MOZ-HN-0001",
            "kind": "movement",
            "organization": "WFP",
            "version": 2,
            "withdrawn": False,
            "movement_type": "convoy",
            "purpose": "Airlift to Buzi",
            "vehicle_count": 3,
            "vehicle_type": "Buzi",
            "plates": "Buzi",
            "call_sign": "Buzi",
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(hours=8)).isoformat(),
            "markings": "Buzi",
            "party_contact": "Rita Requester",
            "legs": [leg],
        }
    )


def test_every_kind_has_its_three_templates_and_no_copy_per_language():
    assert len(KINDS) >= 17
    for kind in KINDS:
        assert {p.name for p in (TEMPLATES / kind).iterdir()} == {"subject.txt", "body.txt", "body.html"}
    assert not (TEMPLATES / "includes").exists()  # the label chain is gone


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_written_in_the_recipients_language(cast, kind, language):
    english = notifications.render(kind=kind, language="en", context=context(cast.hc))
    subject, text, html = notifications.render(kind=kind, language=language, context=context(cast.hc))

    assert subject != english[0] and text != english[1] and html != english[2]
    attrs, html_pieces = visible_text(html)
    assert attrs["lang"] == language and attrs["dir"] == ("rtl" if language in RTL else "ltr")
    text_pieces = [line for line in text.splitlines() if line.strip()]
    left = english_left([subject, *text_pieces, *html_pieces], language, DATA)
    assert not left, left
    assert "{{" not in text + html and "{%" not in text + html


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_email_given_up_at_the_age_limit_is_written_in_the_recipients_language(cast, language):
    given_up_at_age_limit = context(cast.hc) | {"bounced": False}
    english = notifications.render(
        kind=notifications.EMAIL_GIVEN_UP, language="en", context=given_up_at_age_limit
    )
    subject, text, html = notifications.render(
        kind=notifications.EMAIL_GIVEN_UP, language=language, context=given_up_at_age_limit
    )

    assert "72" in text and text != english[1] and html != english[2]
    _, html_pieces = visible_text(html)
    left = english_left(
        [subject, *[line for line in text.splitlines() if line.strip()], *html_pieces], language, DATA
    )
    assert not left, left
