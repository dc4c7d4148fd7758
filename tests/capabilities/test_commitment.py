"""An asset named when tasking is committed when the force accepts the task, for the task's window, and freed
when the task is completed, declined or cancelled: through the requests services, in their transaction,
audited."""

import pytest
from django.utils import timezone

from capabilities import selectors, services
from capabilities.models import Asset, Assignment
from cmcoord.models import AuditEvent
from requests.services import rfa as request_services
from requests.services import tasking
from tests.requests.hct_helpers import tasked


def verbs(asset):
    return list(AuditEvent.objects.for_object(asset).values_list("verb", flat=True))


@pytest.fixture
def named(cast, make_request, declare):
    """A request tasked to SANDF with its helicopters named."""
    asset = declare()
    rfa, task = tasked(cast, make_request)
    services.assignment_propose(task=task, asset=asset, actor=cast.officer)
    return rfa, task, asset


def test_accepting_commits_the_named_asset_and_completing_frees_it(cast, named):
    rfa, task, asset = named
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    asset.refresh_from_db()
    assignment = Assignment.objects.get(task=task)
    assert asset.status == Asset.Status.COMMITTED and assignment.state == "committed"
    assert (assignment.committed_from, assignment.committed_until) == services.task_window(task)
    # the next request in that window sees the helicopters committed
    [match] = selectors.matches_for(rfa)
    assert any(r.text.startswith("Committed to another task until") for r in match.reasons)

    tasking.task_complete(task=task, actor=cast.liaison, completed_on=timezone.localdate(), delivered="12 t")
    asset.refresh_from_db()
    assert asset.status == Asset.Status.AVAILABLE
    assert Assignment.objects.get(task=task).state == "released"
    assert verbs(asset) == ["asset.declare", "asset.propose", "asset.commit", "asset.release"]
    release = AuditEvent.objects.for_object(asset).get(verb="asset.release")
    assert (release.actor, release.from_state, release.to_state, release.data["why"]) == (
        cast.liaison,
        "committed",
        "available",
        "completed",
    )


def test_declining_frees_the_named_asset(cast, named):
    _, task, asset = named
    tasking.task_decline(task=task, actor=cast.liaison, reason="No crew")
    asset.refresh_from_db()
    assert asset.status == Asset.Status.AVAILABLE
    assert Assignment.objects.get(task=task).state == "released"
    assert verbs(asset)[-1] == "asset.unassign"


def test_cancelling_the_request_frees_a_committed_asset(cast, named):
    rfa, task, asset = named
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    request_services.request_cancel(rfa=rfa, actor=cast.officer, comment="The road reopened.")
    asset.refresh_from_db()
    assert asset.status == Asset.Status.AVAILABLE
    assert verbs(asset)[-1] == "asset.release"


def test_a_task_without_a_named_asset_commits_nothing(cast, make_request, declare):
    asset = declare()
    _, task = tasked(cast, make_request)
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    asset.refresh_from_db()
    assert asset.status == Asset.Status.AVAILABLE and verbs(asset) == ["asset.declare"]


def test_only_the_tasked_forces_asset_may_be_named(cast, make_request, declare):
    fadm_trucks = declare(force=cast.other_force)
    _, task = tasked(cast, make_request)
    with pytest.raises(Exception) as error:
        services.assignment_propose(task=task, asset=fadm_trucks, actor=cast.officer)
    assert "asset" in error.value.message_dict
    assert not Assignment.objects.exists() and verbs(fadm_trucks) == ["asset.declare"]


def test_a_failed_acceptance_commits_nothing(cast, named):
    _, task, asset = named
    with pytest.raises(Exception):
        tasking.task_accept(task=task, actor=cast.liaison_other_force, conditions_confirmed=True)
    asset.refresh_from_db()
    assert asset.status == Asset.Status.AVAILABLE and Assignment.objects.get(task=task).state == "proposed"
