"""Who hears of what in requests: for each event the right people, once, and nobody else; the military only of
their own force's tasks, with only the shareable facts; reminders once however often they run.

Delivery runs in-process here (eager); tests/requests/test_notifications_worker.py runs an approval through a
real Celery worker and Redis.
"""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import Notification
from guidelines.selectors import criteria_for_operation
from requests import selectors
from requests.models import AssistanceRequest
from requests.services import hct as decisions
from requests.services import meetings, tasking
from requests.services import rfa as services
from requests.tasks import (
    adopt_written_procedures,
    expire_approvals,
    remind_expiring_approvals,
    remind_meetings,
    remind_overdue_tasks,
    remind_unacknowledged_approvals,
    remind_written_deadlines,
)

from .conftest import LEG, request_data
from .hct_helpers import approved, proposal, tasked, written

S = AssistanceRequest.Status
OFFICERS = {"officer"}
WFP_REQUESTERS = {"requester", "requester_wfp2"}
HCT_AND_HC = {"hct", "hct2", "hc"}
MILITARY = {"liaison", "liaison_fadm"}


def told(kind: str) -> set[str]:
    """Usernames of the recipients of `kind`, asserting each was told once."""
    names = list(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))
    assert len(names) == len(set(names)), f"someone was told twice of {kind}: {sorted(names)}"
    return set(names)


def text_of(kind: str, username: str) -> str:
    row = Notification.objects.get(kind=kind, recipient__username=username)
    return "\n".join([row.subject, row.body_text, row.body_html])


def by_requester(cast, **fields) -> AssistanceRequest:
    """A draft logged by WFP's requester (the request's requester user)."""
    return services.request_create(
        operation=cast.operation,
        actor=cast.requester,
        organization=cast.wfp,
        data=request_data(**fields),
        legs=[LEG],
    )


def answer_all(rfa, actor, justification):
    services.assessment_save(
        rfa=rfa,
        actor=actor,
        answers=[
            {"criterion_version": v, "answer": "met", "justification": justification}
            for v in criteria_for_operation(rfa.operation)
        ],
    )


# Request moves.


def test_a_submitted_request_tells_the_officers_and_nobody_else(cast):
    rfa = by_requester(cast)

    services.request_submit(rfa=rfa, actor=cast.requester)

    assert told("request.submitted") == OFFICERS
    assert Notification.objects.count() == 1
    text = text_of("request.submitted", "officer")
    assert rfa.reference in text and "WFP submitted the request" in text


def test_a_returned_request_tells_its_requester_and_their_organisations_requesters(cast):
    rfa = by_requester(cast)
    services.request_submit(rfa=rfa, actor=cast.requester)

    services.request_return_to_requester(rfa=rfa, actor=cast.officer, comment="Give the cargo volume.")

    assert told("request.returned") == WFP_REQUESTERS
    assert "Give the cargo volume." in text_of("request.returned", "requester_wfp2")
    assert Notification.objects.exclude(kind__in=["request.submitted", "request.returned"]).count() == 0


def test_a_request_put_to_the_hct_by_written_procedure_tells_the_hct_and_hc_with_the_deadline(
    cast, make_request
):
    rfa, referral = written(cast, make_request, hours=48)

    assert told("request.put_to_hct") == HCT_AND_HC
    deadline = timezone.localtime(referral.deadline)
    for name in HCT_AND_HC:
        text = text_of("request.put_to_hct", name)
        assert f"{deadline:%H:%M}" in text and str(deadline.year) in text
        assert "Unarmed personnel only" in text
    row = Notification.objects.get(kind="request.put_to_hct", recipient__username="hct")
    assert row.subject.startswith("For the HCT by written procedure until")
    assert row.link == f"/requests/{rfa.pk}/"


def test_a_request_put_to_an_hct_meeting_tells_the_hct_and_hc(cast, make_request):
    rfa = make_request(status=S.UNDER_REVIEW, answered=True, hct=False)

    services.request_put_to_hct(rfa=rfa, actor=cast.officer)

    assert told("request.put_to_hct") == HCT_AND_HC
    assert "for decision at an HCT meeting" in text_of("request.put_to_hct", "hc")


def test_an_objection_tells_the_hc_and_the_officers_with_the_comment(cast, make_request):
    rfa, referral = written(cast, make_request)

    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="agree")
    assert told("hct.objection") == set()
    decisions.hct_respond(
        referral=referral, actor=cast.hct_member2, position="object", comment="Direct assistance risk."
    )

    assert told("hct.objection") == {"hc", "officer"}
    assert "Direct assistance risk." in text_of("hct.objection", "hc")


@pytest.mark.parametrize(
    "outcome, label",
    [
        ("approved", "Approved"),
        ("approved_with_conditions", "Approved with conditions"),
        ("rejected", "Rejected"),
        ("deferred", "Deferred"),
    ],
)
def test_a_decision_tells_the_requesters_the_officers_the_hct_and_hc(cast, make_request, outcome, label):
    rfa = by_requester(cast)
    answer_all(rfa, cast.requester, "Checked.")
    services.request_submit(rfa=rfa, actor=cast.requester)
    services.request_start_review(rfa=rfa, actor=cast.officer)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    today = timezone.localdate()

    decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome=outcome,
        conditions=["Unarmed personnel only"] if outcome == "approved_with_conditions" else [],
        valid_from=today,
        valid_until=today + datetime.timedelta(days=10),
        rationale="The HCT weighed it.",
    )

    # the HC recorded it: everyone but the HC, who acted, is told
    assert told("request.decided") == WFP_REQUESTERS | OFFICERS | (HCT_AND_HC - {"hc"})
    row = Notification.objects.get(kind="request.decided", recipient__username="requester")
    assert row.subject == f"Decision on {rfa.reference}: {label}"


def test_a_proposal_adopted_by_silence_tells_the_same_people_once(cast, make_request):
    rfa, referral = written(cast, make_request, hours=24)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25), tick=False):
        assert adopt_written_procedures() == 1
        assert adopt_written_procedures() == 0

    # make_request logged it as the officer: the officer is its requester user too.
    # adopted by silence: nobody acted, so the HC is told too
    assert told("request.decided") == WFP_REQUESTERS | OFFICERS | HCT_AND_HC
    row = Notification.objects.get(kind="request.decided", recipient__username="hct")
    assert row.subject.endswith("Approved with conditions (adopted by silence)")
    assert "No HCT member objected by the deadline" in row.body_text


def test_the_military_hears_of_no_request_nor_hct_event_and_of_their_own_forces_task_only(cast, make_request):
    # A whole life: submitted, returned, submitted again, reviewed, written procedure with an objection,
    # a decision at the meeting, a task to SANDF, declined, tasked to FADM, accepted, completed.
    rfa = by_requester(cast)
    answer_all(rfa, cast.requester, "Checked.")
    services.request_submit(rfa=rfa, actor=cast.requester)
    services.request_return_to_requester(rfa=rfa, actor=cast.officer, comment="More, please.")
    services.request_submit(rfa=rfa, actor=cast.requester)
    services.request_start_review(rfa=rfa, actor=cast.officer)
    services.request_put_to_hct(
        rfa=rfa,
        actor=cast.officer,
        procedure="written",
        deadline=timezone.now() + datetime.timedelta(hours=48),
        proposal=proposal(),
    )
    referral = selectors.running_referral(rfa)
    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="object", comment="Meet.")
    today = timezone.localdate()
    decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=10),
    )
    task = tasking.task_create(rfa=rfa, actor=cast.officer, force=cast.force, poc=cast.requester)
    tasking.task_decline(task=task, actor=cast.liaison, reason="No helicopter free.")
    assert Notification.objects.filter(recipient__username__in=MILITARY).count() == 1
    second = tasking.task_create(rfa=rfa, actor=cast.officer, force=cast.other_force, poc=cast.requester)
    tasking.task_accept(task=second, actor=cast.liaison_other_force, conditions_confirmed=True)
    tasking.task_complete(task=second, actor=cast.liaison_other_force, completed_on=today, delivered="Food.")

    military = Notification.objects.filter(recipient__username__in=MILITARY)
    assert sorted(military.values_list("recipient__username", "kind")) == [
        ("liaison", "task.tasked"),
        ("liaison_fadm", "task.tasked"),
    ]
    assert military.get(recipient__username="liaison").link == f"/requests/tasks/{task.pk}/"
    assert military.get(recipient__username="liaison_fadm").link == f"/requests/tasks/{second.pk}/"
    # Nor the observer, the outsider or the other operation's officer: nothing concerned them.
    assert not Notification.objects.filter(
        recipient__username__in=["observer", "outsider", "haiti_officer", "requester_msf"]
    ).exists()


SENTINELS = {
    "assessment": "SENTINEL-ASSESSMENT-7f3",
    "comment": "SENTINEL-COMMENT-2b9",
    "hct_response": "SENTINEL-HCT-RESPONSE-c41",
    "proposal": "SENTINEL-PROPOSAL-88d",
    "rationale": "SENTINEL-RATIONALE-e05",
    "exit_plan": "SENTINEL-EXIT-PLAN-a12",
    "site_contact": "SENTINEL-SITE-CONTACT-91",
}


def test_a_task_tells_only_that_forces_liaison_officers_with_only_the_shareable_facts(cast):
    rfa = by_requester(
        cast,
        description="Buzi is cut off by floodwater.",
        exit_plan=SENTINELS["exit_plan"],
        site_contact=SENTINELS["site_contact"],
    )
    answer_all(rfa, cast.requester, SENTINELS["assessment"])
    services.comment_add(rfa=rfa, actor=cast.requester, text=SENTINELS["comment"])
    services.request_submit(rfa=rfa, actor=cast.requester)
    services.request_start_review(rfa=rfa, actor=cast.officer)
    services.request_put_to_hct(
        rfa=rfa,
        actor=cast.officer,
        procedure="written",
        deadline=timezone.now() + datetime.timedelta(hours=48),
        proposal=proposal(text=SENTINELS["proposal"]),
    )
    referral = selectors.running_referral(rfa)
    decisions.hct_respond(
        referral=referral, actor=cast.hct_member, position="agree", comment=SENTINELS["hct_response"]
    )
    today = timezone.localdate()
    decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved_with_conditions",
        conditions=["Unarmed personnel only"],
        valid_from=today,
        valid_until=today + datetime.timedelta(days=10),
        rationale=SENTINELS["rationale"],
    )

    task = tasking.task_create(
        rfa=rfa, actor=cast.officer, force=cast.force, poc=cast.hct_member2, poc_phone="+258 84 555"
    )

    assert told("task.tasked") == {"liaison"}
    text = text_of("task.tasked", "liaison")
    for what, sentinel in SENTINELS.items():
        assert sentinel not in text, f"the force was told the {what}"
    # What the force needs is there: the task, places, window, load, conditions and the point of contact.
    for needed in [
        rfa.reference,
        "Buzi is cut off by floodwater.",
        "Beira airport",
        "-19.79639",
        "Unarmed personnel only",
        "High-energy biscuits",
        "12000",
        cast.hct_member2.get_full_name(),
        "+258 84 555",
        "Life-saving",
    ]:
        assert needed in text, needed
    assert Notification.objects.get(kind="task.tasked").link == f"/requests/tasks/{task.pk}/"
    # The humanitarian notifications did carry the deliberations: the sentinels were really there to leak.
    assert SENTINELS["rationale"] in text_of("request.decided", "requester")


def test_a_cancelled_request_tells_the_tasked_force_to_stand_down_without_the_internal_reason(
    cast, make_request
):
    rfa, task = tasked(cast, make_request)
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    reason = "Internal-sentinel: the HCT fears for access in Buzi"

    services.request_cancel(rfa=rfa, actor=cast.officer, comment=reason)

    assert told("task.cancelled") == {"liaison"}
    text = text_of("task.cancelled", "liaison")
    assert "Stand down" in text
    assert rfa.reference in text
    assert reason not in text
    assert not Notification.objects.filter(kind="task.cancelled", recipient__username="liaison_fadm").exists()


@pytest.mark.parametrize("step", ["accept", "decline", "complete"])
def test_a_forces_answer_tells_the_officers_and_the_requesters(cast, make_request, step):
    rfa, task = tasked(cast, make_request)
    before = set(Notification.objects.values_list("pk", flat=True))

    if step == "accept":
        tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    elif step == "decline":
        tasking.task_decline(task=task, actor=cast.liaison, reason="No aircraft free this week.")
    else:
        tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
        Notification.objects.all().delete()
        before = set()
        tasking.task_complete(
            task=task, actor=cast.liaison, completed_on=timezone.localdate(), delivered="12 t of food."
        )

    kind = {"accept": "task.accepted", "decline": "task.declined", "complete": "task.completed"}[step]
    new = Notification.objects.exclude(pk__in=before)
    assert set(new.values_list("kind", flat=True)) == {kind}
    assert told(kind) == OFFICERS | WFP_REQUESTERS
    text = text_of(kind, "requester")
    assert "SANDF" in text
    if step == "decline":
        assert "No aircraft free this week." in text
    if step == "complete":
        assert "12 t of food." in text


def test_a_refused_move_tells_nobody(cast):
    rfa = by_requester(cast)
    services.request_submit(rfa=rfa, actor=cast.requester)
    Notification.objects.all().delete()

    with pytest.raises(TransitionNotAllowed):
        services.request_start_review(rfa=rfa, actor=cast.requester)

    assert not Notification.objects.exists()


def test_a_rolled_back_action_writes_and_sends_nothing(cast, django_capture_on_commit_callbacks):
    rfa = by_requester(cast)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.request_submit(rfa=rfa, actor=cast.requester)
        assert told("request.submitted") == OFFICERS  # written inside the transaction…
        raise RuntimeError("the rest of the action failed")

    # …and gone with it: no row, nothing enqueued, no email.
    assert not Notification.objects.exists()
    assert callbacks == []
    assert mail.outbox == []
    rfa.refresh_from_db()
    assert rfa.status == S.DRAFT


# Reminders, with time moved; each run twice.


def test_the_written_procedure_reminder_tells_the_members_yet_to_respond_once(cast, make_request):
    rfa, referral = written(cast, make_request, hours=48)
    decisions.hct_respond(referral=referral, actor=cast.hct_member2, position="agree")

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=12), tick=False):
        assert remind_written_deadlines() == 0  # 36 hours to go: not yet
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=30), tick=False):
        assert remind_written_deadlines() == 1
        remind_written_deadlines()

    assert told("reminder.written_deadline") == {"hct"}
    text = text_of("reminder.written_deadline", "hct")
    assert "You have not yet responded" in text and rfa.reference in text


def test_the_written_procedure_reminder_is_not_sent_once_the_procedure_closed(cast, make_request):
    rfa, referral = written(cast, make_request, hours=48)
    decisions.hct_respond(referral=referral, actor=cast.hct_member2, position="object", comment="No.")

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=30), tick=False):
        remind_written_deadlines()

    assert told("reminder.written_deadline") == set()


def test_the_approval_expiry_reminder_tells_the_officers_once_within_48_hours(cast, make_request):
    approved(cast, make_request, days=10)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=7), tick=False):
        assert remind_expiring_approvals() == 0  # valid three more days
    with time_machine.travel(timezone.now() + datetime.timedelta(days=9), tick=False):
        assert remind_expiring_approvals() == 1
        remind_expiring_approvals()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=10), tick=False):
        remind_expiring_approvals()

    assert told("reminder.approval_expiring") == OFFICERS
    valid_until = timezone.localdate() + datetime.timedelta(days=10)
    assert f"{valid_until:%B} {valid_until.year}" in text_of("reminder.approval_expiring", "officer")


def test_the_overdue_task_reminder_tells_the_officers_and_that_forces_liaison_officers_once(
    cast, make_request
):
    rfa, task = tasked(cast, make_request)  # latest acceptable: in five days
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=5), tick=False):
        assert remind_overdue_tasks() == 0  # the latest acceptable day itself is not overdue
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6), tick=False):
        assert remind_overdue_tasks() == 2
        assert remind_overdue_tasks() == 2  # the same rows, found again: nobody told twice
    assert told("reminder.task_overdue") == OFFICERS | {"liaison"}
    text = text_of("reminder.task_overdue", "liaison")
    assert rfa.reference in text and "Met every criterion." not in text


def test_a_completed_task_is_never_overdue(cast, make_request):
    rfa, task = tasked(cast, make_request)
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    tasking.task_complete(task=task, actor=cast.liaison, completed_on=timezone.localdate(), delivered="Done.")

    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=False):
        assert remind_overdue_tasks() == 0

    assert told("reminder.task_overdue") == set()


# Languages and preferences.


def test_each_recipient_reads_the_decision_in_their_language(cast, make_request):
    cast.hct_member.language = "fr"
    cast.hct_member.save(update_fields=["language"])

    rfa = approved(cast, make_request)

    french = Notification.objects.get(kind="request.decided", recipient=cast.hct_member)
    assert french.language == "fr"
    assert french.subject == f"Décision sur {rfa.reference} : Approuvée sous conditions"
    assert "La HCT a statué sur la demande" in french.body_text
    assert "Unarmed personnel only" in french.body_text
    assert '<html lang="fr" dir="ltr">' in french.body_html
    english = Notification.objects.get(kind="request.decided", recipient=cast.hct_member2)
    assert english.subject == f"Decision on {rfa.reference}: Approved with conditions"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_kind_renders_in_both_languages(cast, make_request, language):
    from django.contrib.auth import get_user_model

    get_user_model().objects.update(language=language)
    rfa, task = tasked(cast, make_request)
    tasking.task_decline(task=task, actor=cast.liaison, reason="No aircraft.")
    other_rfa, referral = written(cast, make_request, hours=20)
    decisions.hct_respond(referral=referral, actor=cast.hct_member, position="object", comment="No.")
    third, third_referral = written(cast, make_request, hours=20)
    remind_written_deadlines()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=9), tick=False):
        remind_expiring_approvals()
    second = tasking.task_create(rfa=rfa, actor=cast.officer, force=cast.other_force, poc=cast.requester)
    tasking.task_accept(task=second, actor=cast.liaison_other_force, conditions_confirmed=True)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6), tick=False):
        remind_overdue_tasks()
        tasking.task_complete(
            task=second, actor=cast.liaison_other_force, completed_on=timezone.localdate(), delivered="Done."
        )
    fourth, _ = tasked(cast, make_request)
    services.request_cancel(rfa=fourth, actor=cast.officer, comment="Roads open again.")
    draft = by_requester(cast)
    services.request_submit(rfa=draft, actor=cast.requester)
    services.request_return_to_requester(rfa=draft, actor=cast.officer, comment="More.")
    # Issue 13: progress, an expiry, a running task flagged, its approval renewed, a withdrawal.
    fifth, fifth_task = tasked(cast, make_request, days=2)
    tasking.task_accept(task=fifth_task, actor=cast.liaison, conditions_confirmed=True)
    tasking.task_report_progress(task=fifth_task, actor=cast.liaison, text="Loading at Beira.")
    approved(cast, make_request, days=2)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4), tick=False):
        expire_approvals()
        today = timezone.localdate()
        decisions.decision_record(
            rfa=fifth,
            actor=cast.hc,
            outcome="approved",
            valid_from=today,
            valid_until=today + datetime.timedelta(days=5),
            rationale="Renewed.",
        )
    # the force has not acknowledged the renewal after TASK_ACK_REMINDER_HOURS (12 by default)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4, hours=13), tick=False):
        remind_unacknowledged_approvals()
    withdrawn = by_requester(cast)
    services.request_submit(rfa=withdrawn, actor=cast.requester)
    services.request_withdraw(
        rfa=withdrawn, actor=cast.requester, reason="not_needed", comment="No longer needed."
    )
    # Issue 16: an HCT meeting scheduled (the invitation), its reminder, its cancellation.
    soon = meetings.meeting_schedule(
        operation=cast.operation,
        actor=cast.officer,
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        place="OCHA Beira",
    )
    remind_meetings()
    meetings.meeting_cancel(meeting=soon, actor=cast.officer, reason="The HC is travelling.")

    from requests.notifications import KINDS

    rows = Notification.objects.all()
    assert set(rows.values_list("kind", flat=True)) == set(KINDS)
    for row in rows:
        assert row.language == language
        assert row.subject and "{{" not in row.body_text and "{%" not in row.body_html, row.kind
        assert f'<html lang="{language}" dir="ltr">' in row.body_html


def test_nobody_is_told_of_their_own_action_in_the_app_or_by_email(cast, make_request, mailoutbox):
    """The officer who submits a request for an organisation is one of the officers told of submissions, and
    the HC who records a decision is one of those told of decisions: neither hears of their own action."""
    rfa = make_request(answered=True)
    services.request_submit(rfa=rfa, actor=cast.officer)
    services.request_start_review(rfa=rfa, actor=cast.officer)
    services.request_put_to_hct(rfa=rfa, actor=cast.officer)
    today = timezone.localdate()
    decisions.decision_record(
        rfa=rfa,
        actor=cast.hc,
        outcome="approved",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=5),
        rationale="",
    )
    assert not Notification.objects.filter(recipient=cast.officer, kind="request.submitted").exists()
    assert not Notification.objects.filter(recipient=cast.hc, kind="request.decided").exists()
    assert Notification.objects.filter(recipient=cast.hct_member, kind="request.decided").exists()
    assert not any(cast.officer.email in m.to and "submitted" in m.subject.lower() for m in mailoutbox)
    assert not any(cast.hc.email in m.to for m in mailoutbox)
