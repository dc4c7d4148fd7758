"""Hand-made data with known answers for the reports: each row written directly with the times it needs
(test set-up only; the code under test reads them)."""

import datetime

import pytest

from cmcoord.permissions import force_group, grant
from requests.models import AssistanceRequest, Decision, Task
from tests.requests.conftest import make_request  # noqa: F401 - a fixture used here

UTC = datetime.UTC


def at(day: str, hour: int = 0) -> datetime.datetime:
    """at("2026-03-02", 10) -> 2 March 2026 10:00 UTC."""
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@pytest.fixture
def submitted(make_request):  # noqa: F811
    """submitted(when, status=..., withdrawal_reason="", **fields) -> a request submitted at that time."""

    def make(when, status=AssistanceRequest.Status.SUBMITTED, withdrawal_reason="", **fields):
        rfa = make_request(status=status, **fields)
        AssistanceRequest.objects.filter(pk=rfa.pk).update(
            submitted_at=when, withdrawal_reason=withdrawal_reason
        )
        rfa.refresh_from_db()
        return rfa

    return make


@pytest.fixture
def decide(cast):
    """decide(rfa, when, procedure="meeting", outcome="approved", valid_until=date, conditions=[])."""

    def make(rfa, when, procedure="meeting", outcome="approved", valid_until=None, conditions=None, **extra):
        approval = outcome in ("approved", "approved_with_conditions")
        return Decision.objects.create(
            request=rfa,
            outcome=outcome,
            procedure=procedure,
            conditions=conditions or [],
            valid_from=when.date() if approval else None,
            valid_until=(valid_until or when.date() + datetime.timedelta(days=30)) if approval else None,
            decided_by=None if procedure == "silence" else cast.hc,
            created_at=when,
            **extra,
        )

    return make


@pytest.fixture
def give_task(cast):
    """give_task(rfa, force, when, status="tasked", accepted_at=None, declined_at=None, completed_on=None)."""

    def make(rfa, force, when, status="tasked", accepted_at=None, declined_at=None, completed_on=None):
        task = Task.objects.create(
            request=rfa,
            force=force,
            status=status,
            poc=cast.officer,
            poc_name="Olivia Officer",
            poc_organization="OCHA",
            poc_phone="+258 84 000 0000",
            tasked_by=cast.officer,
            tasked_at=when,
            accepted_at=accepted_at,
            declined_at=declined_at,
            decline_reason="No aircraft free." if declined_at else "",
            completed_on=completed_on,
        )
        # The force's liaison officers see it by the grant the tasking service gives.
        grant("requests.view_task", force_group(rfa.operation, force), task)
        return task

    return make
