from django.core.management import call_command

from requests.models import AssistanceRequest


def test_the_demo_has_requests_in_various_states_and_is_idempotent(db):
    call_command("seed_demo")
    call_command("seed_demo")
    statuses = set(AssistanceRequest.objects.values_list("status", flat=True))
    assert AssistanceRequest.objects.count() == 6
    assert {"with_hct", "submitted", "draft", "returned", "withdrawn", "cancelled"} == statuses
    assert AssistanceRequest.objects.get(status="with_hct").put_to_hct_at is not None
