"""The written ("silence") procedure with time moved: adoption at the deadline, objections, late responses,
and a periodic task that acts once however often it runs."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import AuditEvent
from requests.models import AssistanceRequest, Decision, HctReferral, HctResponse
from requests.services import hct as decisions
from requests.tasks import adopt_written_procedures

from .hct_helpers import written

S = AssistanceRequest.Status


def _events(rfa, verb):
    return AuditEvent.objects.for_object(rfa).filter(verb=verb)


def test_the_proposal_is_adopted_by_silence_at_the_deadline_when_nobody_objects(cast, make_request):
    # given a written procedure with a 48-hour deadline, and one member who agreed
    rfa, referral = written(cast, make_request, hours=48)
    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree", comment="Fine.")
    # when the periodic task runs before the deadline, nothing happens
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=47), tick=False):
        assert adopt_written_procedures() == 0
    rfa.refresh_from_db()
    assert rfa.status == S.WITH_HCT
    # when it runs after the deadline
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49), tick=False):
        assert adopt_written_procedures() == 1
    # then the proposal is the decision, by silence, recorded by the system
    rfa.refresh_from_db()
    assert rfa.status == S.APPROVED
    decision = Decision.objects.get(request=rfa)
    assert decision.procedure == Decision.Procedure.SILENCE
    assert decision.outcome == "approved_with_conditions"
    assert decision.conditions == ["Unarmed personnel only", "Civilian lead at the site"]
    assert decision.decided_by is None and decision.referral == referral
    referral.refresh_from_db()
    assert referral.state == HctReferral.State.CLOSED
    adopted = _events(rfa, "hct.adopted_by_silence").get()
    assert adopted.actor is None and adopted.data["agreed"] == 1
    assert _events(rfa, "request.approve").get().actor is None


def test_an_objection_breaks_silence_and_stops_the_adoption(cast, make_request):
    # given a written procedure; one member agrees, another objects
    rfa, referral = written(cast, make_request, hours=24)
    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree")
    decisions.hct_respond(
        referral=referral, actor=cast.hct_member2, position="object", comment="Direct assistance risk."
    )
    # when the deadline passes and the periodic task runs
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2), tick=False):
        assert adopt_written_procedures() == 0
    # then nothing is adopted: the matter waits for a meeting
    rfa.refresh_from_db()
    referral.refresh_from_db()
    assert rfa.status == S.WITH_HCT
    assert referral.state == HctReferral.State.OBJECTED
    assert not Decision.objects.filter(request=rfa).exists()
    assert _events(rfa, "hct.silence_broken").count() == 1
    # and the HC records the outcome of the meeting, which closes the procedure
    decision = decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="rejected",
        rationale="Direct assistance by the military is not acceptable here.",
        present=[cast.hct_member, cast.hct_member2],
    )
    assert decision.procedure == Decision.Procedure.MEETING
    assert set(decision.present.all()) == {cast.hct_member, cast.hct_member2}
    referral.refresh_from_db()
    assert referral.state == HctReferral.State.CLOSED


def test_a_response_after_the_deadline_is_refused_and_changes_nothing(cast, make_request):
    rfa, referral = written(cast, make_request, hours=24)
    later = timezone.now() + datetime.timedelta(hours=25)
    with time_machine.travel(later, tick=False), pytest.raises(TransitionNotAllowed) as refused:
        decisions.hct_respond(referral=referral, actor=cast.hct_member, position="object", comment="No.")
    assert refused.value.code == "deadline_passed"
    assert "deadline" in refused.value.message
    assert not HctResponse.objects.exists()
    assert not _events(rfa, "hct.object").exists()
    referral.refresh_from_db()
    assert referral.state == HctReferral.State.OPEN


def test_a_response_after_the_procedure_closed_is_refused(cast, make_request):
    rfa, referral = written(cast, make_request, hours=24)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25), tick=False):
        adopt_written_procedures()
    with pytest.raises(TransitionNotAllowed) as refused:
        decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree")
    assert refused.value.code == "procedure_closed"
    assert not HctResponse.objects.exists()


def test_a_member_responds_once_and_only_hct_members_respond(cast, make_request):
    rfa, referral = written(cast, make_request)
    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree")
    with pytest.raises(TransitionNotAllowed) as twice:
        decisions.hct_respond(referral=referral, actor=cast.hct_member, position="object", comment="Changed.")
    assert twice.value.code == "already_responded"
    for user in (
        cast.officer,
        cast.requester,
        cast.liaison,
        cast.observer,
        cast.outsider,
        cast.other_officer,
    ):
        with pytest.raises(TransitionNotAllowed) as refused:
            decisions.hct_respond(referral=referral, actor=user, position="agree")
        assert refused.value.code == "role_not_allowed"
    assert HctResponse.objects.count() == 1


def test_the_periodic_task_run_twice_adopts_once(cast, make_request):
    rfa, referral = written(cast, make_request, hours=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2), tick=False):
        first = adopt_written_procedures()
        second = adopt_written_procedures()
        # and the service called again for the same procedure does nothing
        assert decisions.referral_adopt_by_silence(referral_pk=referral.pk) is None
    assert (first, second) == (1, 0)
    assert Decision.objects.filter(request=rfa).count() == 1
    assert _events(rfa, "hct.adopted_by_silence").count() == 1
    assert _events(rfa, "request.approve").count() == 1
    rfa.refresh_from_db()
    assert rfa.status == S.APPROVED


def test_the_hc_closes_a_written_procedure_early(cast, make_request):
    rfa, referral = written(cast, make_request, hours=72)
    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree")
    today = timezone.localdate()
    decision = decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=5),
        rationale="Consensus reached early.",
    )
    assert decision.procedure == Decision.Procedure.WRITTEN
    referral.refresh_from_db()
    assert referral.state == HctReferral.State.CLOSED
    # an officer cannot close a running written procedure, even on the HC's behalf
    rfa2, _ = written(cast, make_request)
    with pytest.raises(TransitionNotAllowed) as refused:
        decisions.decision_record(
            rfa=rfa2,
            actor=cast.officer,
            on_behalf_of=cast.hc,
            outcome="approved",
            valid_from=today,
            valid_until=today + datetime.timedelta(days=5),
        )
    assert refused.value.code == "procedure_running"
    # and after the deadline nothing more is adopted for the first request
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4), tick=False):
        assert decisions.referral_adopt_by_silence(referral_pk=referral.pk) is None
    assert Decision.objects.filter(request=rfa).count() == 1


def test_a_written_procedure_needs_a_future_deadline_and_a_valid_proposal(cast, make_request):
    from django.core.exceptions import ValidationError

    from requests.services import rfa as services

    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)
    with pytest.raises(ValidationError) as error:
        services.request_put_to_hct(
            rfa=rfa,
            actor=cast.officer,
            procedure="written",
            deadline=timezone.now() - datetime.timedelta(hours=1),
            proposal={"outcome": "approved"},
        )
    assert "deadline" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.request_put_to_hct(
            rfa=rfa,
            actor=cast.officer,
            procedure="written",
            deadline=timezone.now() + datetime.timedelta(hours=1),
            proposal={"outcome": "approved", "valid_from": timezone.localdate()},
        )
    assert "proposed_valid_until" in error.value.message_dict
    # nothing changed
    rfa.refresh_from_db()
    assert rfa.status == S.UNDER_REVIEW and rfa.put_to_hct_at is None
    assert not HctReferral.objects.exists()
