from django.core.management import call_command

from requests.models import Decision, HctReferral, Task


def test_the_demo_has_a_written_procedure_and_a_task_of_sandf_once(db):
    call_command("seed_demo")
    call_command("seed_demo")
    referral = HctReferral.objects.get(procedure="written")
    assert referral.state == "open" and referral.request.status == "with_hct"
    task = Task.objects.get()
    assert task.force.acronym == "SANDF" and task.request.status == "tasked"
    assert Decision.objects.get(request=task.request).outcome == "approved_with_conditions"
