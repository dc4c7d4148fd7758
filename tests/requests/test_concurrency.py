"""Two people at once: references stay gap-free and unique; one move wins, the other is told."""

import threading

import pytest
from django.db import connection

from cmcoord.exceptions import ConcurrentChange, TransitionNotAllowed
from cmcoord.models import AuditEvent
from requests.models import AssistanceRequest
from requests.services import rfa as services

from .conftest import LEG, request_data

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(*jobs):
    """Run the jobs in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_references_created_at_once_are_unique_and_gap_free(cast):
    # given eight people creating requests in the same operation at the same moment
    def create():
        return services.request_create(
            operation=cast.operation,
            actor=cast.officer,
            organization=cast.wfp,
            data=request_data(),
            legs=[LEG],
        ).reference

    # when they all save
    results = run_at_once(*[create] * 8)

    # then every one got a reference, 1..8, no gap, no duplicate
    assert all(isinstance(r, str) for r in results), results
    year = AssistanceRequest.objects.first().created_at.year
    assert sorted(results) == [f"MOZ-{year}-{n:04d}" for n in range(1, 9)]


def test_a_failed_creation_gives_its_number_back(cast):
    first = services.request_create(
        operation=cast.operation, actor=cast.officer, organization=cast.wfp, data=request_data(), legs=[LEG]
    )
    with pytest.raises(Exception):
        services.request_create(
            operation=cast.operation, actor=cast.officer, organization=cast.wfp, data=request_data(), legs=[]
        )
    second = services.request_create(
        operation=cast.operation, actor=cast.officer, organization=cast.wfp, data=request_data(), legs=[LEG]
    )
    assert (first.number, second.number) == (1, 2)
    assert second.reference.endswith("-0002")


def test_two_officers_acting_at_once_one_wins_the_other_is_told(cast, make_request):
    # given a submitted request, and two officers who both saw it "submitted"
    rfa = make_request(status=AssistanceRequest.Status.SUBMITTED)
    second_officer = cast.other_officer
    from cmcoord.models import Role
    from tests.factories import MembershipFactory

    MembershipFactory(user=second_officer, operation=cast.operation, role=Role.CMCOORD_OFFICER)

    # when one starts the review while the other returns it to the requester, at the same moment
    results = run_at_once(
        lambda: services.request_start_review(
            rfa=AssistanceRequest.objects.get(pk=rfa.pk), actor=cast.officer, expected_status="submitted"
        ),
        lambda: services.request_return_to_requester(
            rfa=AssistanceRequest.objects.get(pk=rfa.pk),
            actor=second_officer,
            comment="Which civilian carriers were asked?",
            expected_status="submitted",
        ),
    )

    # then exactly one succeeded, the other was refused, and exactly one move is on record
    winners = [r for r in results if isinstance(r, AssistanceRequest)]
    losers = [r for r in results if isinstance(r, ConcurrentChange | TransitionNotAllowed)]
    assert (len(winners), len(losers)) == (1, 1), results
    final = AssistanceRequest.objects.get(pk=rfa.pk).status
    assert final == winners[0].status
    moves = AuditEvent.objects.filter(verb__in=["request.start_review", "request.return_to_requester"])
    assert moves.count() == 1
    assert moves.get().to_state == final


def test_the_same_action_twice_at_once_happens_once(cast, make_request):
    rfa = make_request(status=AssistanceRequest.Status.DRAFT)
    results = run_at_once(
        lambda: services.request_submit(rfa=AssistanceRequest.objects.get(pk=rfa.pk), actor=cast.requester),
        lambda: services.request_submit(
            rfa=AssistanceRequest.objects.get(pk=rfa.pk), actor=cast.requester_same_org
        ),
    )
    assert sum(isinstance(r, AssistanceRequest) for r in results) == 1, results
    assert sum(isinstance(r, TransitionNotAllowed) for r in results) == 1, results
    assert AuditEvent.objects.filter(verb="request.submit").count() == 1
