"""The library page, the guideline page and the document download, for every role of the cast."""

import pytest
from django.urls import reverse

from cmcoord import registry

from .conftest import PDF, get

HUMANITARIANS = ["officer", "requester", "hct_member", "hc", "observer"]
EVERYONE = [*HUMANITARIANS, "liaison"]
LIBRARY = "/guidelines/"


@pytest.mark.parametrize("who", EVERYONE)
def test_every_role_sees_the_guidelines_nav_item_and_the_global_library(cast, client_for, who):
    user = getattr(cast, who)
    response = client_for(user).get(LIBRARY)

    assert response.status_code == 200
    assert "Guidelines" in [i.label for i in registry.nav_items(user, cast.operation, "any")]
    assert f'href="{LIBRARY}"' in response.content.decode()
    names = {g.short_name for g in response.context["page"]}
    assert {"Oslo Guidelines", "MCDA Guidelines", "IASC armed escorts", "UN-CMCoord Field Handbook"} <= names


@pytest.mark.parametrize("who", HUMANITARIANS)
def test_humanitarian_members_find_their_hct_internal_guideline(cast, client_for, internal, who):
    client = client_for(getattr(cast, who))

    listed = client.get(LIBRARY)
    searched = client.get(LIBRARY, {"q": "Cabo Delgado"})

    assert "MOZ CMCoord guidance" in listed.content.decode()
    assert [g.short_name for g in searched.context["page"]] == ["MOZ CMCoord guidance"]
    assert client.get(internal.get_document_url()).status_code == 200


def test_a_military_user_never_sees_an_hct_internal_guideline_anywhere(
    cast, client_for, internal, public_country
):
    client = client_for(cast.liaison)

    listed = client.get(LIBRARY).content.decode()
    searched = client.get(LIBRARY, {"q": "Cabo Delgado"})

    assert "MOZ CMCoord guidance" not in listed and "Cabo Delgado" not in listed
    assert "MOZ public guidelines" in listed
    assert list(searched.context["page"]) == []
    assert client.get(internal.get_absolute_url()).status_code == 404
    assert client.get(internal.get_document_url()).status_code == 404
    assert client.get(public_country.get_document_url()).status_code == 200


def test_another_operations_user_and_an_outsider_see_no_country_guideline(
    cast, client_for, internal, public_country
):
    for user in (cast.other_officer, cast.outsider):
        client = client_for(user)
        for guideline in (internal, public_country):
            assert client.get(guideline.get_absolute_url()).status_code == 404
            assert client.get(guideline.get_document_url()).status_code == 404
        assert "MOZ" not in client.get(LIBRARY).content.decode()
    assert list(client_for(cast.outsider).get(LIBRARY).context["page"]) == []


def test_the_document_download_is_the_uploaded_file_as_an_attachment(cast, client_for, internal):
    response = client_for(cast.hct_member).get(internal.get_document_url())

    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_a_guideline_without_a_document_has_no_download(cast, client_for):
    oslo = get("Oslo Guidelines")
    assert client_for(cast.officer).get(reverse("guidelines:document", args=[oslo.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, cast):
    assert client.get(LIBRARY).status_code == 302
    assert client.get(get("Oslo Guidelines").get_absolute_url()).status_code == 302


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"scope": "regional"}, {"APC-MADRO"}),
        (
            {"context": "complex_emergency", "issuer": "Inter-Agency Standing Committee (IASC)"},
            {"IASC armed escorts"},
        ),
        (
            {"context": "natural_disaster", "scope": "global"},
            {"Oslo Guidelines", "UN-CMCoord Field Handbook"},
        ),
        ({"scope": "country"}, {"MOZ CMCoord guidance"}),
    ],
)
def test_the_library_filters(cast, client_for, internal, params, expected):
    response = client_for(cast.officer).get(LIBRARY, params)

    assert {g.short_name for g in response.context["page"]} == expected


def test_superseded_versions_are_listed_only_when_asked_and_marked(cast, client_for):
    client = client_for(cast.observer)

    default = [g.version for g in client.get(LIBRARY, {"q": "handbook"}).context["page"]]
    shown = client.get(LIBRARY, {"q": "handbook", "superseded": "on"}).content.decode()

    assert default == ["2.0"]
    assert "Superseded by version 2.0" in shown


def test_an_unknown_filter_value_is_ignored_with_a_message_next_to_it(cast, client_for):
    response = client_for(cast.officer).get(LIBRARY, {"issuer": "Nobody", "q": "oslo"})

    assert response.status_code == 200
    assert response.context["form"].errors["issuer"]
    assert 'id="id_issuer_error"' in response.content.decode()
    assert [g.short_name for g in response.context["page"]][0] == "Oslo Guidelines"


def test_search_results_mark_the_matches_and_escape_the_query(cast, client_for):
    client = client_for(cast.officer)
    script = client.get(LIBRARY, {"q": '<script>x</script> "oslo'})
    html = client.get(LIBRARY, {"q": '"convoy'}).content.decode()

    assert script.status_code == 200
    assert "<script>x</script>" not in script.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in script.content.decode()
    assert "<mark>Convoys</mark>" in html


def test_the_guideline_page_shows_criteria_versions_and_the_marking_for_officers(cast, client_for):
    handbook = get("UN-CMCoord Field Handbook")
    madro = get("APC-MADRO")

    page = client_for(cast.officer).get(handbook.get_absolute_url()).content.decode()
    old = client_for(cast.liaison).get(handbook.supersedes.get_absolute_url()).content.decode()
    madro_page = client_for(cast.officer).get(madro.get_absolute_url()).content.decode()
    madro_for_hc = client_for(cast.hc).get(madro.get_absolute_url()).content.decode()

    assert "sets no criteria of its own" in page
    assert "version 1.0 (2015)" in page and "Current" in page
    assert "Superseded" in old and "The current version is" in old and "version 2.0 (2018)" in old
    assert "Mark in force for Cyclone response" in madro_page
    assert "Coordinated through the agreed civil-military mechanism" in madro_page
    assert "Mark in force" not in madro_for_hc
