from django.core.management import call_command

from cmcoord.models import Membership, Operation, Role, User


def test_seed_demo_creates_one_account_per_role_and_can_run_twice(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    out = capsys.readouterr().out
    operation = Operation.objects.get(code="MOZ")
    roles = set(Membership.objects.filter(operation=operation).values_list("role", flat=True))
    assert roles == set(Role.values)
    assert "cmcoord-demo-2026" in out
    for username in ("officer", "requester", "hct", "hc", "liaison", "observer"):
        assert User.objects.get(username=username).check_password("cmcoord-demo-2026")
    assert Membership.objects.filter(operation=operation).count() == 8
    military = Membership.objects.filter(
        operation=operation, user__organization__type__in=["foreign_military", "national_armed_forces"]
    )
    assert set(military.values_list("role", flat=True)) == {Role.MILITARY_LIAISON}
