"""Set-up for the HCT and tasking tests: requests brought to a state through the services."""

import datetime

from django.utils import timezone

from requests import selectors
from requests.models import AssistanceRequest
from requests.services import hct as decisions
from requests.services import rfa as services
from requests.services import tasking

S = AssistanceRequest.Status


def proposal(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "outcome": "approved_with_conditions",
        "conditions": ["Unarmed personnel only", "Civilian lead at the site"],
        "valid_from": today,
        "valid_until": today + datetime.timedelta(days=10),
        "text": "No civilian helicopter before Friday; the Logistics Cluster confirms.",
    }
    data.update(overrides)
    return data


def written(cast, make_request, *, hours=48, **proposal_overrides):
    """A request put to the HCT by written procedure (deadline in `hours`); returns (request, referral)."""
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    services.request_put_to_hct(
        rfa=rfa,
        actor=cast.officer,
        procedure="written",
        deadline=timezone.now() + datetime.timedelta(hours=hours),
        proposal=proposal(**proposal_overrides),
    )
    rfa.refresh_from_db()
    return rfa, selectors.running_referral(rfa)


def approved(cast, make_request, *, days=10, **fields):
    """A request put to a meeting and approved with conditions by the HC."""
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False, **fields)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    today = timezone.localdate()
    decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved_with_conditions",
        conditions=["Unarmed personnel only"],
        valid_from=today,
        valid_until=today + datetime.timedelta(days=days),
        rationale="Met every criterion.",
        present=[cast.hc, cast.hct_member],
    )
    rfa.refresh_from_db()
    return rfa


def tasked(cast, make_request, *, force=None, **fields):
    """An approved request tasked to a force (SANDF by default), WFP's requester as the point of contact."""
    rfa = approved(cast, make_request, **fields)
    task = tasking.task_create(
        rfa=rfa, actor=cast.officer, force=force or cast.force, poc=cast.requester, poc_phone="+258 84 1"
    )
    rfa.refresh_from_db()
    return rfa, task
