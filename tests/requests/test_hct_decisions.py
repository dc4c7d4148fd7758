"""Decisions are never edited; a new one supersedes the old and both stay; approvals expire (periodic task,
idempotent) and a running task under an expired approval is flagged."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import AuditEvent
from requests import selectors
from requests.models import AssistanceRequest, Decision, Task
from requests.services import hct as decisions
from requests.services import rfa as services
from requests.tasks import expire_approvals

from .hct_helpers import approved, tasked

S = AssistanceRequest.Status


def test_a_decision_is_never_edited_nor_deleted(cast, make_request):
    rfa = approved(cast, make_request)
    decision = Decision.objects.get(request=rfa)
    decision.rationale = "Rewritten."
    with pytest.raises(TypeError):
        decision.save()
    with pytest.raises(TypeError):
        decision.delete()
    assert Decision.objects.get(pk=decision.pk).rationale == "Met every criterion."


def test_a_new_decision_supersedes_the_old_and_both_stay_on_the_request_page(cast, make_request, client_for):
    # given a deferral, then an approval
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    first = decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="deferred",
        rationale="Ask the Logistics Cluster for a civilian option.",
    )
    rfa.refresh_from_db()
    assert rfa.status == S.WITH_HCT
    today = timezone.localdate()
    second = decisions.decision_record(
        rfa=rfa,
        actor=cast.officer,
        on_behalf_of=cast.hc,
        outcome="approved_with_conditions",
        conditions="Unarmed personnel only\nNo military markings at distribution sites\n",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=7),
        rationale="No civilian option found.",
        present=[cast.hc, cast.hct_member, cast.hct_member2],
    )
    assert second.supersedes == first and second.on_behalf_of == cast.hc and second.decided_by == cast.officer
    assert second.conditions == ["Unarmed personnel only", "No military markings at distribution sites"]
    assert Decision.objects.filter(request=rfa).count() == 2
    assert selectors.current_decision(rfa) == second
    page = client_for(cast.hc).get(rfa.get_absolute_url()).content.decode()
    assert "Ask the Logistics Cluster for a civilian option." in page
    assert "No military markings at distribution sites" in page
    assert "superseded by a later decision" in page
    assert "on behalf of" in page


def test_decision_rules(cast, make_request):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        decisions.decision_record(
            rfa=rfa,
            actor=cast.hc,
            outcome="approved",
            valid_from=today + datetime.timedelta(days=2),
            valid_until=today + datetime.timedelta(days=1),
        )
    assert "valid_until" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        decisions.decision_record(
            rfa=rfa, actor=cast.officer, outcome="rejected", rationale="No.", on_behalf_of=None
        )
    assert "on_behalf_of" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        decisions.decision_record(rfa=rfa, actor=cast.hc, outcome="approved_with_conditions", conditions=[])
    assert "conditions" in error.value.message_dict
    for user in (cast.hct_member, cast.requester, cast.liaison, cast.observer):
        with pytest.raises(TransitionNotAllowed):
            decisions.decision_record(rfa=rfa, actor=user, outcome="rejected", rationale="No.")
    assert not Decision.objects.exists()
    rfa.refresh_from_db()
    assert rfa.status == S.WITH_HCT


def _events(verb):
    return AuditEvent.objects.filter(verb=verb)


def test_approvals_expire_after_their_validity_once_however_often_the_task_runs(cast, make_request):
    rfa = approved(cast, make_request, days=3)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        assert expire_approvals() == 0
    rfa.refresh_from_db()
    assert rfa.status == S.APPROVED
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4, hours=1), tick=False):
        assert expire_approvals() == 1
        assert expire_approvals() == 0
        assert decisions.approval_expire(rfa_pk=rfa.pk) is False
    rfa.refresh_from_db()
    assert rfa.status == S.EXPIRED
    event = _events("request.expire").get()
    assert event.actor is None and event.from_state == S.APPROVED


def test_a_running_task_under_an_expired_approval_is_flagged_once(cast, make_request, client_for, api_for):
    rfa, task = tasked(cast, make_request, days=2)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3, hours=1), tick=False):
        assert expire_approvals() == 1
        assert expire_approvals() == 0
    task.refresh_from_db()
    rfa.refresh_from_db()
    assert task.approval_expired and task.status == Task.Status.TASKED
    assert rfa.status == S.TASKED  # the request is not expired: the task runs, flagged
    assert _events("task.approval_expired").count() == 1
    # shown to the force on its page and in its API, and to the officer on the request page
    assert (
        "approval of this task has expired"
        in client_for(cast.liaison).get(task.get_absolute_url()).content.decode()
    )
    assert api_for(cast.liaison).get(f"/api/v1/tasks/{task.pk}/").json()["approval_expired"] is True
    assert "The approval has expired" in client_for(cast.officer).get(rfa.get_absolute_url()).content.decode()
