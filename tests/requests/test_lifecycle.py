"""The whole transition table: every state x action x role, allowed or refused as the domain says."""

import pytest
from django.db import transaction

from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import AuditEvent, Role
from requests import lifecycle
from requests.models import AssistanceRequest
from requests.services import rfa as services

S = AssistanceRequest.Status
OFFICER, REQUESTER, HC, LIAISON = Role.CMCOORD_OFFICER, Role.REQUESTER, Role.HC, Role.MILITARY_LIAISON
OPEN = [
    S.DRAFT,
    S.SUBMITTED,
    S.UNDER_REVIEW,
    S.RETURNED,
    S.WITH_HCT,
    S.APPROVED,
    S.TASKED,
    S.ACCEPTED,
    S.IN_PROGRESS,
    S.DECLINED,
]
BEFORE_HCT = [S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED]

# DOMAIN.md "The lifecycle", written out by hand: (state, action) -> (target, roles that may take it).
EXPECTED = {
    (S.DRAFT, "submit"): (S.SUBMITTED, {REQUESTER, OFFICER}),
    (S.RETURNED, "submit"): (S.SUBMITTED, {REQUESTER, OFFICER}),
    (S.SUBMITTED, "start_review"): (S.UNDER_REVIEW, {OFFICER}),
    (S.SUBMITTED, "return_to_requester"): (S.RETURNED, {OFFICER}),
    (S.UNDER_REVIEW, "return_to_requester"): (S.RETURNED, {OFFICER}),
    (S.UNDER_REVIEW, "put_to_hct"): (S.WITH_HCT, {OFFICER}),
    **{(s, "withdraw"): (S.WITHDRAWN, {REQUESTER}) for s in BEFORE_HCT},
    **{(s, "cancel"): (S.CANCELLED, {OFFICER}) for s in OPEN},
    (S.WITH_HCT, "approve"): (S.APPROVED, {HC, OFFICER, lifecycle.SYSTEM}),
    (S.WITH_HCT, "reject"): (S.REJECTED, {HC, OFFICER, lifecycle.SYSTEM}),
    (S.WITH_HCT, "defer"): (S.WITH_HCT, {HC, OFFICER}),
    (S.APPROVED, "approve"): (S.APPROVED, {HC, OFFICER}),
    # Renewal or amendment of the approval while a task runs (issue 13): the state stays.
    (S.TASKED, "approve"): (S.TASKED, {HC, OFFICER}),
    (S.ACCEPTED, "approve"): (S.ACCEPTED, {HC, OFFICER}),
    (S.IN_PROGRESS, "approve"): (S.IN_PROGRESS, {HC, OFFICER}),
    (S.APPROVED, "reject"): (S.REJECTED, {HC, OFFICER}),
    (S.APPROVED, "task"): (S.TASKED, {OFFICER}),
    (S.DECLINED, "task"): (S.TASKED, {OFFICER}),
    (S.TASKED, "accept"): (S.ACCEPTED, {LIAISON}),
    (S.TASKED, "decline"): (S.DECLINED, {LIAISON}),
    (S.ACCEPTED, "start"): (S.IN_PROGRESS, {LIAISON}),
    (S.ACCEPTED, "complete"): (S.COMPLETED, {LIAISON}),
    (S.IN_PROGRESS, "complete"): (S.COMPLETED, {LIAISON}),
    (S.APPROVED, "expire"): (S.EXPIRED, {lifecycle.SYSTEM}),
    (S.DECLINED, "expire"): (S.EXPIRED, {lifecycle.SYSTEM}),
}
ALL_ROLES = [*(r.value for r in Role), lifecycle.SYSTEM, None]
# Every actor of the cast, including a requester of another organisation and a user with no role.
ACTORS = [
    "officer",
    "requester",
    "requester_other_org",
    "hct_member",
    "hc",
    "liaison",
    "observer",
    "outsider",
]


class Rollback(Exception):
    """Undo one actor's attempt so the next actor starts from the same state."""


@pytest.mark.parametrize("state", list(S))
def test_the_table_is_the_lifecycle_of_the_domain_for_every_action_and_role(state):
    for action in lifecycle.ACTIONS:
        target, roles = EXPECTED.get((state, action), (None, set()))
        for role in ALL_ROLES:
            expected = target if role in roles else None
            assert lifecycle.target_for(state, action, role) == expected, (state, action, role)


def test_final_states_allow_no_move():
    for state in lifecycle.FINAL_STATES:
        for action in lifecycle.ACTIONS:
            for role in ALL_ROLES:
                assert lifecycle.target_for(state, action, role) is None


def _expected_for(cast, who, state, action):
    target, roles = EXPECTED.get((state, action), (None, set()))
    user = getattr(cast, who)
    role = {
        "officer": OFFICER,
        "requester": REQUESTER,
        "requester_other_org": REQUESTER,
        "hct_member": Role.HCT_MEMBER,
        "hc": HC,
        "liaison": LIAISON,
        "observer": Role.OBSERVER,
        "outsider": None,
    }[who]
    if role not in roles:
        return None
    if lifecycle.ACTIONS[action].own_organisation and role == REQUESTER and user.organization != cast.wfp:
        return None
    return target


@pytest.mark.parametrize("action", list(services.TRANSITION_SERVICES))
@pytest.mark.parametrize("state", list(S))
def test_every_service_moves_exactly_as_the_table_says_for_every_actor(cast, make_request, state, action):
    # given a request of WFP in the state, with its assessment answered
    rfa = make_request(status=state, org=cast.wfp, answered=True)
    before = AuditEvent.objects.count()
    for who in ACTORS:
        expected = _expected_for(cast, who, state, action)
        actor = getattr(cast, who)
        try:
            with transaction.atomic():
                # when the actor takes the action
                if expected is None:
                    with pytest.raises(TransitionNotAllowed):
                        services.request_act(
                            action=action, rfa=rfa, actor=actor, comment="Because.", reason="civilian_means"
                        )
                    # then nothing changed and no event was written
                    fresh = AssistanceRequest.objects.get(pk=rfa.pk)
                    assert fresh.status == state, who
                    assert fresh.updated_at == rfa.updated_at
                    assert AuditEvent.objects.count() == before, who
                else:
                    services.request_act(
                        action=action, rfa=rfa, actor=actor, comment="Because.", reason="civilian_means"
                    )
                    # then the request moved to the target, with one event saying who, from, to and why
                    assert AssistanceRequest.objects.get(pk=rfa.pk).status == expected, who
                    events = AuditEvent.objects.order_by("-pk")
                    assert events.count() == before + 1
                    event = events.first()
                    assert (event.actor, event.verb, event.from_state, event.to_state, event.comment) == (
                        actor,
                        f"request.{action}",
                        state,
                        expected,
                        "Because.",
                    )
                raise Rollback
        except Rollback:
            rfa.refresh_from_db()


@pytest.mark.parametrize("action", ["return_to_requester", "cancel"])
def test_an_action_that_needs_a_reason_is_refused_without_one(cast, make_request, action):
    rfa = make_request(status=S.SUBMITTED)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.request_act(action=action, rfa=rfa, actor=cast.officer, comment="  ")
    assert refused.value.code == "comment_required"
    assert AssistanceRequest.objects.get(pk=rfa.pk).status == S.SUBMITTED
    assert not AuditEvent.objects.filter(verb=f"request.{action}").exists()


def test_put_to_hct_is_refused_until_every_criterion_is_answered(cast, make_request):
    # given a request under review with an incomplete assessment
    rfa = make_request(status=S.UNDER_REVIEW)
    # when the officer puts it to the HCT
    with pytest.raises(TransitionNotAllowed) as refused:
        services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    # then it is refused, saying which criteria are missing, and nothing changed
    assert refused.value.code == "assessment_incomplete"
    assert "No comparable civilian alternative" in refused.value.message
    rfa.refresh_from_db()
    assert (rfa.status, rfa.put_to_hct_at) == (S.UNDER_REVIEW, None)


def test_put_to_hct_records_when_the_request_reached_the_hct(cast, make_request):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer, comment="For Thursday.")
    rfa.refresh_from_db()
    assert rfa.status == S.WITH_HCT
    assert rfa.put_to_hct_at is not None


def test_submit_records_the_submission_time(cast, make_request):
    rfa = make_request()
    services.request_submit(rfa=rfa, actor=cast.requester)
    rfa.refresh_from_db()
    assert rfa.submitted_at is not None


def test_a_refusal_says_why_with_a_code(cast, make_request):
    rfa = make_request(status=S.DRAFT)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.request_start_review(rfa=rfa, actor=cast.officer)
    assert refused.value.code == "not_allowed_in_state"
    with pytest.raises(TransitionNotAllowed) as refused:
        services.request_submit(rfa=rfa, actor=cast.requester_other_org)
    assert refused.value.code == "not_your_organisation"
    with pytest.raises(TransitionNotAllowed) as refused:
        services.request_submit(rfa=rfa, actor=cast.observer)
    assert refused.value.code == "role_not_allowed"


def test_the_buttons_offered_come_from_the_table(cast, make_request):
    from requests.permissions import available_actions

    rfa = make_request(status=S.UNDER_REVIEW)
    assert [a.name for a in available_actions(cast.officer, rfa)] == [
        "return_to_requester",
        "put_to_hct",
        "cancel",
    ]
    assert [a.name for a in available_actions(cast.requester, rfa)] == ["withdraw"]
    assert available_actions(cast.requester_other_org, rfa) == []
    assert available_actions(cast.observer, rfa) == []


def test_a_withdrawal_says_why_and_the_reason_is_kept_and_audited(cast, make_request):
    rfa = make_request(status=S.SUBMITTED, org=cast.wfp)
    # without a reason (or with one not on the list) nothing is done
    for reason in ("", "bored"):
        with pytest.raises(TransitionNotAllowed) as refused:
            services.request_withdraw(rfa=rfa, actor=cast.requester, reason=reason)
        assert refused.value.code == "reason_required"
    fresh = AssistanceRequest.objects.get(pk=rfa.pk)
    assert (fresh.status, fresh.withdrawal_reason) == (S.SUBMITTED, "")
    assert not AuditEvent.objects.filter(verb="request.withdraw").exists()
    # who may not withdraw is told that first, whatever the reason
    with pytest.raises(TransitionNotAllowed) as refused:
        services.request_withdraw(rfa=rfa, actor=cast.observer, reason="")
    assert refused.value.code != "reason_required"

    services.request_withdraw(
        rfa=rfa, actor=cast.requester, reason="civilian_means", comment="A commercial carrier flies."
    )
    fresh = AssistanceRequest.objects.get(pk=rfa.pk)
    assert (fresh.status, fresh.withdrawal_reason) == (S.WITHDRAWN, "civilian_means")
    event = AuditEvent.objects.get(verb="request.withdraw")
    assert (event.data["reason"], event.comment) == ("civilian_means", "A commercial carrier flies.")
