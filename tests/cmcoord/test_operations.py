import pytest
from django.urls import reverse

from cmcoord.middleware import SESSION_KEY
from cmcoord.models import Role
from tests.factories import MembershipFactory


def test_a_user_of_operation_a_gets_404_for_operation_b_page(cast, client_for):
    response = client_for(cast.officer).get(reverse("operation-detail", args=[cast.other_operation.pk]))
    assert response.status_code == 404


def test_a_user_of_operation_a_gets_404_for_operation_b_in_the_api(cast, api_for):
    api = api_for(cast.officer)
    response = api.get(f"/api/v1/operations/{cast.other_operation.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    listed = [op["id"] for op in api.get("/api/v1/operations/").json()["results"]]
    assert listed == [cast.operation.pk]


def test_cannot_switch_to_an_operation_without_a_role(cast, client_for):
    client = client_for(cast.officer)
    response = client.post(reverse("operation-switch"), {"operation": cast.other_operation.pk})
    assert response.status_code == 404
    assert client.session.get(SESSION_KEY) is None


def test_switching_operation_changes_the_home_page(cast, client_for):
    MembershipFactory(user=cast.officer, operation=cast.other_operation, role=Role.OBSERVER)
    client = client_for(cast.officer)

    response = client.post(reverse("operation-switch"), {"operation": cast.other_operation.pk, "next": "/"})

    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "<h1>Earthquake response — Haiti</h1>" in html
    assert "Observer" in html


def test_switch_ignores_an_offsite_next_url(cast, client_for):
    client = client_for(cast.officer)
    response = client.post(
        reverse("operation-switch"), {"operation": cast.operation.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize("attr", ["officer", "requester", "hct_member", "hc", "observer"])
def test_humanitarian_members_see_the_people_of_the_operation(cast, client_for, attr):
    html = (
        client_for(getattr(cast, attr))
        .get(reverse("operation-detail", args=[cast.operation.pk]))
        .content.decode()
    )
    assert "<h2>People</h2>" in html
    assert "SANDF" in html


def test_military_members_see_the_operation_but_not_its_people(cast, client_for):
    response = client_for(cast.liaison).get(reverse("operation-detail", args=[cast.operation.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>People</h2>" not in html
    assert cast.requester.last_name not in html
