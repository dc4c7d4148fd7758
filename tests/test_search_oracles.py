"""No search oracle: a search, a filter or an export never matches a field its user may not read.

A sentinel word is planted in each field or object that some role may not read; each role then searches for
each sentinel it may not read on the page, the export and the API, and finds nothing. A positive control per
surface shows that the same search does find what the role may read (so "nothing" is not a broken search).
The fields a search matches are defined once per audience: contacts.permissions.SEARCH_FIELDS.
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Contact
from contacts.permissions import PERSONAL_FIELDS, SEARCH_FIELDS
from guidelines.models import Guideline
from requests.services import rfa as request_services
from tests.conftest import mfa_verified_login
from tests.contacts.conftest import make_contact
from tests.requests.conftest import LEG
from tests.requests.conftest import make_request as make_request_fixture

make_request = make_request_fixture

ROLES = (
    "officer",
    "requester",
    "requester_other_org",
    "hct_member",
    "hc",
    "liaison",
    "liaison_other_force",
    "observer",
    "outsider",
    "other_officer",
)
MILITARY = {"liaison", "liaison_other_force"}
OCHA_READERS = {"officer", "hc"}  # OCHA-only contacts: CMCoord officers, the HC, OCHA staff
MOZ_HUMANITARIAN = {"officer", "requester", "requester_other_org", "hct_member", "hc", "observer"}


@pytest.fixture
def planted(cast, make_request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    officer = cast.officer
    linked = cast.requester_same_org
    linked.username = "sentinelaccount"
    linked.save(update_fields=["username"])
    notes = make_contact(
        cast.operation,
        cast.wfp,
        "Nora Notes",
        sharing=Contact.Sharing.EVERYONE,
        actor=officer,
        notes="sentinelnotes",
        user=linked,
    )
    humanitarian = make_contact(
        cast.operation,
        cast.unicef,
        "Hana sentinelhumanitarian",
        sharing=Contact.Sharing.HUMANITARIAN,
        actor=officer,
    )
    ocha = make_contact(
        cast.operation, cast.ocha, "Otto sentinelocha", sharing=Contact.Sharing.OCHA, actor=officer
    )
    haiti = make_contact(
        cast.other_operation,
        cast.ocha,
        "Hector sentinelhaiti",
        sharing=Contact.Sharing.EVERYONE,
        actor=cast.other_officer,
    )
    # A misspelt place ("sentinelhaitiplaze") is looked for among the names of places: the words of two places
    # named only where some roles may not look (another operation, another organisation) are in the
    # description of WFP's request, which they may read.
    wfp_request = make_request(
        title="Airlift to Buzi",
        description="The roads to Sentinelhaitiplace and Sentinelunicefplace are cut.",
        legs=[{**LEG, "to_name": "Sentinelwfpplace"}],
        answered=True,
        status="submitted",
    )
    request_services.comment_add(rfa=wfp_request, actor=officer, text="sentinelcomment")
    unicef_request = make_request(
        title="Boat to sentinelunicef island",
        legs=[{**LEG, "to_name": "Sentinelunicefplace"}],
        org=cast.unicef,
        status="submitted",
    )
    make_request(
        title="Haiti lift", legs=[{**LEG, "to_name": "Sentinelhaitiplace"}], operation=cast.other_operation
    )
    internal = Guideline(
        title="Internal guidance",
        short_name="MOZ internal",
        issuer="HCT Mozambique",
        year=2026,
        scope=Guideline.Scope.COUNTRY,
        operation=cast.operation,
        contexts="both",
        version="1",
        summary="About sentinelguidance in Cabo Delgado.",
        is_public=False,
    )
    internal.document.save("i.pdf", SimpleUploadedFile("i.pdf", b"%PDF-1.4\n%%EOF\n"), save=True)
    return SimpleNamespace(
        notes=notes,
        humanitarian=humanitarian,
        ocha=ocha,
        haiti=haiti,
        wfp_request=wfp_request,
        unicef_request=unicef_request,
        internal=internal,
    )


def _body(response) -> str:
    """A page's or an export's text (the request exports are streamed)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def contact_sentinels(p, role) -> dict:
    """{word: contact} planted where the role may not read it."""
    hidden = {"sentinelaccount": p.notes, "sentinelhaiti": p.haiti}  # never searched / another operation
    if role in MILITARY:
        hidden |= {"sentinelnotes": p.notes, "sentinelhumanitarian": p.humanitarian}
    if role not in OCHA_READERS:
        hidden["sentinelocha"] = p.ocha
    if role not in MOZ_HUMANITARIAN | MILITARY:
        hidden |= {"sentinelnotes": p.notes, "sentinelhumanitarian": p.humanitarian}
    if role == "other_officer":
        hidden.pop("sentinelhaiti")
    return hidden


def contact_hits(client, word, contact) -> list[str]:
    """Where a search for `word` shows `contact`: page, CSV, vCard, API."""
    hits = []
    page = client.get("/contacts/", {"q": word})
    if page.status_code == 200 and f"/contacts/{contact.pk}/" in page.content.decode():
        hits.append("page")
    for fmt in ("csv", "vcf"):
        export = client.get(f"/contacts/export.{fmt}", {"q": word})
        if export.status_code == 200 and contact.name in _body(export):
            hits.append(fmt)
    api = client.get("/api/v1/contacts/", {"q": word})
    if api.status_code == 200 and contact.pk in [row["id"] for row in api.json()["results"]]:
        hits.append("api")
    return hits


def request_hits(client, word, rfa) -> list[str]:
    hits = []
    page = client.get("/requests/", {"q": word})
    if page.status_code == 200 and rfa.reference in page.content.decode():
        hits.append("page")
    export = client.get("/requests/export.csv", {"q": word})
    if export.status_code == 200 and rfa.reference in _body(export):
        hits.append("csv")
    api = client.get("/api/v1/requests/", {"q": word})
    if api.status_code == 200 and rfa.pk in [row["id"] for row in api.json()["results"]]:
        hits.append("api")
    return hits


def guideline_hits(client, word, guideline) -> list[str]:
    hits = []
    page = client.get("/guidelines/", {"q": word})
    if page.status_code == 200 and f"/guidelines/{guideline.pk}/" in page.content.decode():
        hits.append("page")
    api = client.get("/api/v1/guidelines/", {"q": word})
    if api.status_code == 200 and guideline.pk in [row["id"] for row in api.json()["results"]]:
        hits.append("api")
    return hits


@pytest.mark.parametrize("role", ROLES)
def test_no_search_finds_a_sentinel_in_what_the_role_may_not_read(role, cast, planted, client_for):
    from django.test import Client

    client = mfa_verified_login(Client(), getattr(cast, role))
    found = {}
    for word, contact in contact_sentinels(planted, role).items():
        if hits := contact_hits(client, word, contact):
            found[word] = hits
    # Request comments are never searched; a request of another organisation is not the requester's; nor
    # are the names of the places its legs give, or those of another operation's requests (misspelt).
    hidden_requests = {"sentinelcomment": planted.wfp_request, "sentinelhaitiplaze": planted.wfp_request}
    if role in {"requester", "requester_other_org"} | MILITARY or role in {"outsider", "other_officer"}:
        hidden_requests["sentinelunicef"] = planted.unicef_request
        hidden_requests["sentinelunicefplaze"] = planted.wfp_request
    for word, rfa in hidden_requests.items():
        if hits := request_hits(client, word, rfa):
            found[word] = hits
    internal_hidden = role in MILITARY | {"outsider", "other_officer"}
    if internal_hidden and (hits := guideline_hits(client, "sentinelguidance", planted.internal)):
        found["sentinelguidance"] = hits

    assert not found, f"As {role}, a search found what it may not read: {found}"


@pytest.mark.parametrize(
    ("role", "word", "kind"),
    [
        ("officer", "sentinelocha", "ocha"),
        ("officer", "sentinelnotes", "notes"),
        ("requester", "sentinelhumanitarian", "humanitarian"),
        ("liaison", "Nora", "notes"),
    ],
)
def test_the_same_searches_find_what_the_role_may_read(role, word, kind, cast, planted):
    from django.test import Client

    client = mfa_verified_login(Client(), getattr(cast, role))

    assert contact_hits(client, word, getattr(planted, kind)) == ["page", "csv", "vcf", "api"]


def test_the_officer_finds_requests_and_guidelines_by_what_they_read(cast, planted, client_for):
    client = client_for(cast.officer)

    assert request_hits(client, "sentinelunicef", planted.unicef_request) == ["page", "csv", "api"]
    # a misspelt place that a request the officer may read names finds what its name finds
    assert request_hits(client, "sentinelunicefplaze", planted.wfp_request) == ["page", "csv", "api"]
    assert request_hits(client, "sentinelunicefplaze", planted.unicef_request) == ["page", "csv", "api"]
    assert guideline_hits(client, "sentinelguidance", planted.internal) == ["page", "api"]


def test_the_requester_finds_by_a_misspelt_place_of_their_organisations_request(cast, planted, client_for):
    client = client_for(cast.requester)

    assert request_hits(client, "sentinelwfpplaze", planted.wfp_request) == ["page", "csv", "api"]


def test_search_fields_are_one_definition_per_audience():
    assert not set(SEARCH_FIELDS["work"]) & set(PERSONAL_FIELDS)
    assert set(SEARCH_FIELDS["personal"]) - set(SEARCH_FIELDS["work"]) <= set(PERSONAL_FIELDS)
