"""The demo has an operations manager: printed with the other accounts, holding no role in the operation."""

from django.core.management import call_command
from django.urls import reverse

from cmcoord.models import Membership, User
from tests.conftest import mfa_verified_login


def test_seed_demo_prints_an_operations_manager_who_opens_operations(db, capsys, client):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "opsmanager" in out and "Operations manager" in out
    manager = User.objects.get(username="opsmanager")
    assert manager.is_operations_manager and not manager.is_staff
    assert manager.check_password("cmcoord-demo-2026")
    assert not Membership.objects.filter(user=manager).exists()
    mfa_verified_login(client, manager)  # an operations manager signs in with a second factor
    assert client.get(reverse("operations:create")).status_code == 200
    assert client.get(reverse("operations:list")).status_code == 200
