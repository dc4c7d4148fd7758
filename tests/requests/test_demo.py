from django.core.management import call_command

from requests.models import AssistanceRequest


def test_the_demo_has_requests_in_various_states_and_is_idempotent(db):
    call_command("seed_demo")
    call_command("seed_demo")
    statuses = set(AssistanceRequest.objects.values_list("status", flat=True))
    assert AssistanceRequest.objects.count() == 8  # six of the requests demo, two of the HCT and tasks demo
    assert {"with_hct", "submitted", "draft", "returned", "withdrawn", "cancelled", "tasked"} == statuses
    assert not AssistanceRequest.objects.filter(status="with_hct", put_to_hct_at__isnull=True).exists()
