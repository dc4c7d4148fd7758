from django.core.management import call_command

from deconfliction.models import HumanitarianNotification, Transmission


def test_the_demo_has_sites_and_a_transmitted_convoy_and_can_run_twice(db):
    call_command("seed_demo")
    call_command("seed_demo")

    found = HumanitarianNotification.objects.filter(operation__code="MOZ")
    assert found.filter(kind="site").count() == 3
    convoy = found.get(kind="movement")
    assert convoy.status == "transmitted"
    assert set(Transmission.objects.filter(notification=convoy).values_list("party__acronym", "status")) == {
        ("SANDF", "acknowledged"),
        ("FADM", "awaiting"),
    }
