"""One rule for the HCT proposal and the members' positions (permissions.can_see_deliberations): officers, HCT
members and the HC read them; the requester and observers read the decision only (outcome, conditions,
validity, rationale, guidelines relied on). Asked per role on each surface: the page, the API, the emails."""

import datetime

import pytest
from django.utils import timezone

from guidelines.selectors import guidelines_in_force
from requests.permissions import can_see_deliberations
from requests.services import hct as decisions
from requests.services import rfa as services

from .hct_helpers import proposal

PROPOSAL = "Proposal-sentinel: the helicopter from Beira, twice"
PROPOSED_CONDITION = "Proposed-condition-sentinel"
POSITION = "Position-sentinel: the escort would compromise access"
RATIONALE = "Rationale-sentinel: no civilian helicopter before Friday"
CONDITION = "Decided-condition-sentinel"

SEE_ALL = ["officer", "hct_member", "hc"]
DECISION_ONLY = ["requester", "observer"]
ROLES = [(who, True) for who in SEE_ALL] + [(who, False) for who in DECISION_ONLY]


@pytest.fixture
def deliberated(cast, make_request, mailoutbox, django_capture_on_commit_callbacks):
    """A written procedure (its proposal emailed to the HCT), an agreement and an objection (emailed to the HC
    and the officers), then the HC's decision (emailed to the requester, the officers and the HCT)."""
    rfa = make_request(status="under_review", answered=True, hct=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_put_to_hct(
            rfa=rfa,
            actor=cast.officer,
            procedure="written",
            deadline=timezone.now() + datetime.timedelta(hours=24),
            proposal=proposal(text=PROPOSAL, conditions=[PROPOSED_CONDITION]),
        )
    referral = rfa.referrals.get()
    with django_capture_on_commit_callbacks(execute=True):
        decisions.hct_respond(referral=referral, actor=cast.hct_member2, position="agree", comment="Fine.")
        decisions.hct_respond(referral=referral, actor=cast.hct_member, position="object", comment=POSITION)
    rfa.refresh_from_db()
    return rfa, referral


def decide(cast, rfa, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    guideline = guidelines_in_force(rfa.operation).first()
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_record(
            rfa=rfa,
            actor=cast.hc,
            outcome="approved_with_conditions",
            conditions=[CONDITION],
            valid_from=today,
            valid_until=today + datetime.timedelta(days=10),
            rationale=RATIONALE,
            guidelines=[guideline] if guideline else [],
        )
    return guideline


@pytest.mark.parametrize(("who", "sees"), ROLES)
def test_the_rule(cast, deliberated, who, sees):
    rfa, _referral = deliberated
    assert can_see_deliberations(getattr(cast, who), rfa) is sees


@pytest.mark.parametrize(("who", "sees"), ROLES)
def test_the_page(cast, deliberated, client_for, who, sees, django_capture_on_commit_callbacks):
    rfa, _referral = deliberated
    page = client_for(getattr(cast, who))
    html = page.get(rfa.get_absolute_url()).content.decode()
    for text in (PROPOSAL, PROPOSED_CONDITION, POSITION, cast.hct_member.get_full_name()):
        assert (text in html) is sees, text
    assert ("The request is with the HCT." in html) is not sees
    guideline = decide(cast, rfa, django_capture_on_commit_callbacks)
    html = page.get(rfa.get_absolute_url()).content.decode()
    # Everyone who may see the request's decisions reads the decision in full.
    shown = (
        RATIONALE,
        CONDITION,
        "Approved with conditions",
        guideline.get_absolute_url() if guideline else "",
    )
    for text in shown:
        assert text in html, text
    if not sees:
        assert PROPOSAL not in html and POSITION not in html


@pytest.mark.parametrize(("who", "sees"), ROLES)
def test_the_api(cast, deliberated, api_for, who, sees, django_capture_on_commit_callbacks):
    rfa, referral = deliberated
    api = api_for(getattr(cast, who))
    detail = api.get(f"/api/v1/referrals/{referral.pk}/")
    assert detail.status_code == (200 if sees else 404)
    if sees:
        body = detail.content.decode()
        assert PROPOSAL in body and PROPOSED_CONDITION in body and POSITION in body
    listed = api.get("/api/v1/referrals/").content.decode()
    assert (PROPOSAL in listed) is sees
    guideline = decide(cast, rfa, django_capture_on_commit_callbacks)
    decisions_of = api.get(f"/api/v1/decisions/?request={rfa.pk}")
    assert decisions_of.status_code == 200
    [decision] = decisions_of.json()["results"]
    assert decision["outcome"] == "approved_with_conditions"
    assert decision["conditions"] == [CONDITION] and decision["rationale"] == RATIONALE
    assert decision["valid_until"]
    if guideline:
        assert decision["guidelines"] == [guideline.pk]
    assert PROPOSAL not in decisions_of.content.decode()


@pytest.mark.parametrize(("who", "sees"), ROLES)
def test_the_emails(cast, deliberated, mailoutbox, who, sees, django_capture_on_commit_callbacks):
    rfa, _referral = deliberated
    decide(cast, rfa, django_capture_on_commit_callbacks)
    user = getattr(cast, who)
    mine = [m for m in mailoutbox if user.email in m.to]
    bodies = " ".join(
        [m.body for m in mine] + [alt[0] for m in mine for alt in getattr(m, "alternatives", [])]
    )
    # Told of the proposal (the HCT, by the procedure's email) or of a position (the HC and the officers, by
    # the objection's email): deliberating roles only.
    assert (PROPOSAL in bodies or POSITION in bodies) is sees
    if not sees:
        assert PROPOSED_CONDITION not in bodies and POSITION not in bodies
    # The decision reaches the requester, the officers and the HCT by email (the HC recorded it, and nobody
    # is told of their own action; observers are not told of decisions by email).
    if who not in ("hc", "observer"):
        assert RATIONALE in bodies and CONDITION in bodies
