import pytest

from guidelines.models import Guideline


def oslo():
    return Guideline.objects.get(short_name="Oslo Guidelines")


@pytest.mark.parametrize("who", ["officer", "requester", "hct_member", "hc", "observer", "liaison"])
def test_every_role_reads_a_public_global_guideline(cast, client_for, who):
    response = client_for(getattr(cast, who)).get(oslo().get_absolute_url())
    assert response.status_code == 200
    assert "No comparable civilian alternative" in response.content.decode()


@pytest.mark.parametrize("who", ["officer", "requester", "hct_member", "hc", "observer"])
def test_humanitarian_members_read_their_hct_internal_guideline(cast, client_for, internal, who):
    assert client_for(getattr(cast, who)).get(internal.get_absolute_url()).status_code == 200


def test_military_users_get_404_for_an_hct_internal_guideline(cast, client_for, internal):
    assert client_for(cast.liaison).get(internal.get_absolute_url()).status_code == 404


def test_another_operations_country_guideline_is_404(cast, client_for, internal):
    assert client_for(cast.other_officer).get(internal.get_absolute_url()).status_code == 404
    assert client_for(cast.outsider).get(oslo().get_absolute_url()).status_code == 404
