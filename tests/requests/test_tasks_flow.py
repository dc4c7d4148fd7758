"""Tasking: the grant goes to the tasked force only (guardian direct tables); the force's liaison officers
accept, decline, report progress and completion; every refused move changes nothing."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from guardian.models import GroupObjectPermission, UserObjectPermission

from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import AuditEvent, Role
from cmcoord.services import membership_remove, membership_set
from requests.models import AssistanceRequest, Task, TaskGroupObjectPermission, TaskReport
from requests.services import tasking
from tests.factories import UserFactory

from .hct_helpers import approved, tasked

S = AssistanceRequest.Status


def test_tasking_grants_the_task_to_that_force_only_in_the_direct_tables(cast, make_request):
    rfa, task = tasked(cast, make_request)
    assert rfa.status == S.TASKED and task.status == Task.Status.TASKED
    grants = TaskGroupObjectPermission.objects.filter(content_object=task)
    assert [g.group.name for g in grants] == [f"force:{cast.operation.pk}:{cast.force.pk}"]
    assert grants.get().permission.codename == "view_task"
    assert not GroupObjectPermission.objects.exists()
    assert not UserObjectPermission.objects.exists()
    # the point of contact is copied onto the task
    assert task.poc_name == cast.requester.get_full_name()
    assert task.poc_organization == str(cast.wfp) and task.poc_email == cast.requester.email
    # the request's timeline records it
    assert AuditEvent.objects.for_object(rfa).filter(verb="request.task").count() == 1


def test_a_liaison_officer_who_joins_later_sees_the_task_and_one_who_leaves_does_not(cast, make_request):
    from requests.permissions import visible_tasks

    rfa, task = tasked(cast, make_request)
    newcomer = UserFactory(username="newcomer", organization=cast.force)
    assert not visible_tasks(newcomer).exists()
    membership = membership_set(
        operation=cast.operation, user=newcomer, role=Role.MILITARY_LIAISON, actor=cast.officer
    )
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)
    assert list(visible_tasks(newcomer)) == [task]
    membership_remove(membership=membership, actor=cast.officer)
    newcomer = type(newcomer).objects.get(pk=newcomer.pk)
    assert not visible_tasks(newcomer).exists()
    assert (
        not Group.objects.get(name=f"force:{cast.operation.pk}:{cast.force.pk}")
        .user_set.filter(pk=newcomer.pk)
        .exists()
    )


def test_only_a_military_organisation_of_the_operation_and_a_humanitarian_poc(cast, make_request):
    from django.core.exceptions import ValidationError

    rfa = approved(cast, make_request)
    with pytest.raises(ValidationError) as error:
        tasking.task_create(rfa=rfa, actor=cast.officer, force=cast.wfp, poc=cast.liaison)
    assert set(error.value.message_dict) == {"force", "poc"}
    rfa.refresh_from_db()
    assert rfa.status == S.APPROVED and not Task.objects.exists()


def test_only_the_officer_tasks_and_only_an_approved_request(cast, make_request):
    rfa = approved(cast, make_request)
    for user in (cast.hc, cast.requester, cast.liaison, cast.observer, cast.hct_member):
        with pytest.raises(TransitionNotAllowed):
            tasking.task_create(rfa=rfa, actor=user, force=cast.force, poc=cast.requester)
    under_review = make_request(status=S.UNDER_REVIEW)
    with pytest.raises(TransitionNotAllowed):
        tasking.task_create(rfa=under_review, actor=cast.officer, force=cast.force, poc=cast.requester)
    assert not Task.objects.exists()


def test_accept_progress_and_complete_by_the_forces_liaison_officer(cast, make_request):
    rfa, task = tasked(cast, make_request)
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    rfa.refresh_from_db()
    assert rfa.status == S.ACCEPTED
    tasking.task_report_progress(task=task, actor=cast.liaison, text="Helicopter loaded at Beira.")
    rfa.refresh_from_db()
    task.refresh_from_db()
    assert rfa.status == S.IN_PROGRESS and task.status == Task.Status.IN_PROGRESS
    tasking.task_report_progress(task=task, actor=cast.liaison, text="First rotation done.")
    tasking.task_complete(
        task=task,
        actor=cast.liaison,
        completed_on=timezone.localdate(),
        delivered="12 t",
        notes="No incident",
    )
    rfa.refresh_from_db()
    task.refresh_from_db()
    assert rfa.status == S.COMPLETED and task.status == Task.Status.COMPLETED
    assert task.delivered == "12 t" and TaskReport.objects.filter(task=task).count() == 2
    verbs = list(AuditEvent.objects.for_object(rfa).values_list("verb", flat=True))
    for verb in ("request.task", "request.accept", "request.start", "task.report", "request.complete"):
        assert verb in verbs


def test_decline_then_the_officer_tasks_another_force(cast, make_request):
    rfa, task = tasked(cast, make_request)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        tasking.task_decline(task=task, actor=cast.liaison, reason="  ")
    tasking.task_decline(task=task, actor=cast.liaison, reason="No helicopter available this week.")
    rfa.refresh_from_db()
    task.refresh_from_db()
    assert rfa.status == S.DECLINED and task.decline_reason.startswith("No helicopter")
    second = tasking.task_create(rfa=rfa, actor=cast.officer, force=cast.other_force, poc=cast.officer)
    rfa.refresh_from_db()
    assert rfa.status == S.TASKED and second.force == cast.other_force
    assert Task.objects.filter(request=rfa).count() == 2


@pytest.mark.parametrize("who", ["liaison_other_force", "officer", "hc", "requester", "observer", "outsider"])
def test_refused_moves_change_nothing(cast, make_request, who):
    rfa, task = tasked(cast, make_request)
    actor = getattr(cast, who)
    before = AuditEvent.objects.count()
    for attempt in (
        lambda: tasking.task_accept(task=task, actor=actor, conditions_confirmed=True),
        lambda: tasking.task_decline(task=task, actor=actor, reason="No."),
        lambda: tasking.task_report_progress(task=task, actor=actor, text="x"),
        lambda: tasking.task_complete(
            task=task, actor=actor, completed_on=timezone.localdate(), delivered="x"
        ),
    ):
        with pytest.raises(TransitionNotAllowed):
            attempt()
    task.refresh_from_db()
    rfa.refresh_from_db()
    assert task.status == Task.Status.TASKED and rfa.status == S.TASKED
    assert AuditEvent.objects.count() == before and not TaskReport.objects.exists()


def test_the_force_cannot_complete_a_task_it_has_not_accepted(cast, make_request):
    rfa, task = tasked(cast, make_request)
    with pytest.raises(TransitionNotAllowed) as refused:
        tasking.task_complete(task=task, actor=cast.liaison, completed_on=timezone.localdate(), delivered="x")
    assert refused.value.code == "not_allowed_in_state"
    tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)
    with pytest.raises(TransitionNotAllowed):
        tasking.task_accept(task=task, actor=cast.liaison, conditions_confirmed=True)


def test_cancelling_the_request_cancels_its_task(cast, make_request):
    from requests.services import rfa as services

    rfa, task = tasked(cast, make_request)
    services.request_cancel(rfa=rfa, actor=cast.officer, comment="Road reopened.")
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED


def test_an_expired_approval_cannot_be_tasked(cast, make_request):
    import time_machine

    rfa = approved(cast, make_request, days=2)
    later = timezone.now() + datetime.timedelta(days=4)
    with time_machine.travel(later, tick=False), pytest.raises(TransitionNotAllowed) as refused:
        tasking.task_create(rfa=rfa, actor=cast.officer, force=cast.force, poc=cast.requester)
    assert refused.value.code == "approval_expired"
