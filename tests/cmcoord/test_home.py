import pytest
from django.urls import reverse
from django.utils.html import escape

from cmcoord import registry
from cmcoord.models import Role
from cmcoord.views import ROLE_INTRO

ROLES = [Role.CMCOORD_OFFICER, Role.REQUESTER, Role.HCT_MEMBER, Role.HC, Role.MILITARY_LIAISON, Role.OBSERVER]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_home_page(cast, client_for, role):
    user = cast.by_role()[role]

    response = client_for(user).get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Cyclone response — Mozambique" in html
    assert str(Role(role).label) in html
    assert escape(str(ROLE_INTRO[role])) in html
    assert "Earthquake response — Haiti" not in html


def test_home_shows_the_panels_registered_for_the_role_only(cast, client_for):
    def provider(request, operation, role):
        if role == Role.HC:
            return registry.Panel(title="Decisions to record (test)", items=[{"label": "X", "url": "/x/"}])
        return None

    registry.register_panel(provider)
    try:
        assert "Decisions to record (test)" in client_for(cast.hc).get("/").content.decode()
        assert "Decisions to record (test)" not in client_for(cast.liaison).get("/").content.decode()
    finally:
        registry._panels.remove(provider)


def test_a_user_without_a_role_is_told_so(cast, client_for):
    html = client_for(cast.outsider).get("/").content.decode()
    assert "You do not hold a role in any operation" in html


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_operation_switcher_shows_only_with_more_than_one_operation(cast, client_for):
    from tests.factories import MembershipFactory

    assert '<label for="op-select">' not in client_for(cast.officer).get("/").content.decode()
    MembershipFactory(user=cast.officer, operation=cast.other_operation, role="cmcoord_officer")
    assert '<label for="op-select">' in client_for(cast.officer).get("/").content.decode()


def test_the_base_layout_is_accessible_and_has_no_external_assets(cast, client_for):
    html = client_for(cast.officer).get("/").content.decode()
    for landmark in ('role="banner"', "<main", 'aria-label="Main"', 'role="contentinfo"', 'href="#main"'):
        assert landmark in html
    assert 'name="viewport"' in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html
