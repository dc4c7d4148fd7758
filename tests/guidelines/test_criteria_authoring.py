"""Criteria authoring and guidelines management, on the pages and through the API: officers write their
operation's country guidelines and criteria; operations managers (and staff) the global and regional ones.
Anyone else gets 404 and nothing changes; rewording writes the next version."""

import pytest
from django.urls import reverse

from cmcoord.models import AuditEvent, Operation
from guidelines.models import Criterion, CriterionVersion, Guideline, OperationGuideline
from guidelines.selectors import criteria_for_operation
from tests.factories import UserFactory

from .conftest import get

pytestmark = pytest.mark.django_db

OTHERS = ["requester", "hct_member", "hc", "liaison", "observer", "outsider", "other_officer"]


@pytest.fixture
def manager(cast):
    """An operations manager at OCHA headquarters: no role in any operation."""
    return UserFactory(username="manager", organization=cast.ocha, is_operations_manager=True)


@pytest.fixture
def country(cast):
    """A public country guideline of the cast's operation, in force there, without criteria yet."""
    guideline = Guideline.objects.create(
        title="Mozambique country guidelines",
        short_name="MOZ guidelines",
        issuer="HCT Mozambique",
        year=2026,
        scope=Guideline.Scope.COUNTRY,
        operation=cast.operation,
        contexts="both",
        url="https://example.org/moz.pdf",
        is_public=True,
    )
    OperationGuideline.objects.create(operation=cast.operation, guideline=get("Oslo Guidelines"))
    OperationGuideline.objects.create(operation=cast.operation, guideline=guideline)
    return guideline


def state():
    return (
        Guideline.objects.count(),
        Criterion.objects.count(),
        CriterionVersion.objects.count(),
        OperationGuideline.objects.count(),
        AuditEvent.objects.count(),
    )


CRITERION = {
    "code": "no_armed_escort_for_distributions",
    "number": "4.2",
    "title": "No armed escort at distributions",
    "text": "No armed military escort at a food distribution site.",
    "contexts": "both",
}


# Pages.


def test_the_officer_adds_and_rewords_a_country_criterion_on_the_pages(cast, country, client_for):
    client = client_for(cast.officer)
    page = client.get(country.get_absolute_url()).content.decode()
    assert reverse("guidelines:criterion-add", args=[country.pk]) in page

    response = client.post(reverse("guidelines:criterion-add", args=[country.pk]), CRITERION)
    criterion = Criterion.objects.get(guideline=country)
    assert response.status_code == 302
    assert (criterion.number, criterion.current.version, criterion.current.title) == (
        "4.2",
        1,
        "No armed escort at distributions",
    )
    url = reverse("guidelines:criterion-reword", args=[criterion.pk])
    assert "No armed escort at distributions" in client.get(url).content.decode()
    response = client.post(url, {"title": "No armed escort", "text": "Never at a distribution site."})
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.current.version, criterion.current.title) == (2, "No armed escort")
    assert [v.version for v in criterion.versions.all()] == [1, 2]
    assert AuditEvent.objects.filter(verb__in=["criterion.add", "criterion.reword"]).count() == 2


def test_a_duplicate_code_or_the_same_wording_is_shown_on_the_form(cast, country, client_for):
    client = client_for(cast.officer)
    client.post(reverse("guidelines:criterion-add", args=[country.pk]), CRITERION)
    before = state()
    again = client.post(reverse("guidelines:criterion-add", args=[country.pk]), CRITERION)
    assert again.status_code == 200
    assert "already has a criterion with this code" in again.content.decode()
    criterion = Criterion.objects.get(guideline=country)
    same = client.post(
        reverse("guidelines:criterion-reword", args=[criterion.pk]),
        {"title": CRITERION["title"], "text": CRITERION["text"]},
    )
    assert same.status_code == 200
    assert "nothing changed" in same.content.decode()
    assert state() == before


@pytest.mark.parametrize("who", OTHERS)
def test_no_one_else_writes_a_country_criterion_on_the_pages(cast, country, client_for, who):
    client = client_for(getattr(cast, who))
    before = state()
    assert client.get(reverse("guidelines:criterion-add", args=[country.pk])).status_code == 404
    assert client.post(reverse("guidelines:criterion-add", args=[country.pk]), CRITERION).status_code == 404
    assert "criteria/new" not in client.get(country.get_absolute_url()).content.decode()
    assert state() == before


def test_the_operations_manager_publishes_a_global_version_and_writes_its_criteria_on_the_pages(
    cast, manager, client_for
):
    oslo = get("Oslo Guidelines")
    client = client_for(manager)
    # an operations manager without a role reads the global library and publishes its versions
    assert client.get(oslo.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("guidelines:publish-version", args=[oslo.pk]), {"version": "2.0", "year": 2027}
    )
    new = Guideline.objects.get(supersedes=oslo)
    assert response.status_code == 302
    assert new.criteria.count() == oslo.criteria.count()
    added = client.post(reverse("guidelines:criterion-add", args=[new.pk]), {**CRITERION, "code": "oslo_new"})
    assert added.status_code == 302
    assert new.criteria.filter(code="oslo_new").exists()
    # the superseded version is on record as it was
    assert client.get(reverse("guidelines:criterion-add", args=[oslo.pk])).status_code == 404


def test_the_officer_may_not_write_global_criteria(cast, client_for):
    oslo = get("Oslo Guidelines")
    criterion = oslo.criteria.first()
    client = client_for(cast.officer)
    assert client.get(reverse("guidelines:criterion-add", args=[oslo.pk])).status_code == 404
    assert client.get(reverse("guidelines:criterion-reword", args=[criterion.pk])).status_code == 404


# API: criteria.


def test_the_officer_adds_and_rewords_a_country_criterion_through_the_api(cast, country, api_for):
    client = api_for(cast.officer)
    created = client.post("/api/v1/criteria/", {**CRITERION, "guideline": country.pk}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["guideline"], data["code"], data["current"]["version"], data["earlier"]) == (
        country.pk,
        CRITERION["code"],
        1,
        [],
    )
    reworded = client.post(
        f"/api/v1/criteria/{data['id']}/reword/",
        {"title": "No armed escort", "text": "Never."},
        format="json",
    )
    assert reworded.status_code == 200
    assert reworded.json()["current"]["version"] == 2
    assert [v["title"] for v in reworded.json()["earlier"]] == ["No armed escort at distributions"]
    again = client.post(
        f"/api/v1/criteria/{data['id']}/reword/",
        {"title": "No armed escort", "text": "Never."},
        format="json",
    )
    assert again.status_code == 409
    assert again.json()["code"] == "unchanged"
    duplicate = client.post("/api/v1/criteria/", {**CRITERION, "guideline": country.pk}, format="json")
    assert duplicate.status_code == 400
    assert list(duplicate.json()["fields"]) == ["code"]


@pytest.mark.parametrize("who", OTHERS)
def test_no_one_else_writes_a_country_criterion_through_the_api(cast, country, api_for, who):
    criterion = (
        api_for(cast.officer)
        .post("/api/v1/criteria/", {**CRITERION, "guideline": country.pk}, format="json")
        .json()
    )
    client = api_for(getattr(cast, who))
    before = state()
    assert (
        client.post("/api/v1/criteria/", {**CRITERION, "guideline": country.pk}, format="json").status_code
        == 404
    )
    response = client.post(
        f"/api/v1/criteria/{criterion['id']}/reword/", {"title": "T", "text": "X"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert state() == before


def test_a_closed_operation_takes_no_criterion(cast, country, api_for):
    Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.CLOSED)
    before = state()
    response = api_for(cast.officer).post(
        "/api/v1/criteria/", {**CRITERION, "guideline": country.pk}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "operation_closed"
    assert state() == before


def test_the_operations_manager_rewords_a_global_criterion_and_officers_may_not(cast, manager, api_for):
    oslo = get("Oslo Guidelines")
    criterion = oslo.criteria.order_by("order").first()
    assert (
        api_for(cast.officer)
        .post(f"/api/v1/criteria/{criterion.pk}/reword/", {"title": "T", "text": "X"}, format="json")
        .status_code
        == 404
    )
    response = api_for(manager).post(
        f"/api/v1/criteria/{criterion.pk}/reword/", {"title": "Reworded", "text": "New text."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["current"]["title"] == "Reworded"


def test_criteria_list_by_guideline_and_by_operation(cast, country, api_for, django_assert_num_queries):
    client = api_for(cast.officer)
    client.post("/api/v1/criteria/", {**CRITERION, "guideline": country.pk}, format="json")
    by_guideline = client.get(f"/api/v1/criteria/?guideline={country.pk}")
    assert [c["code"] for c in by_guideline.json()["results"]] == [CRITERION["code"]]
    by_operation = client.get(f"/api/v1/criteria/?operation={cast.operation.pk}").json()["results"]
    assert CRITERION["code"] in [c["code"] for c in by_operation]
    assert [c["current"]["id"] for c in by_operation] == [
        v.pk for v in criteria_for_operation(cast.operation)
    ]
    assert client.get("/api/v1/criteria/").status_code == 400
    assert api_for(cast.outsider).get(f"/api/v1/criteria/?operation={cast.operation.pk}").status_code == 404
    one = by_operation[0]["id"]
    assert client.get(f"/api/v1/criteria/{one}/").json()["id"] == one
    assert api_for(cast.outsider).get(f"/api/v1/criteria/{one}/").status_code == 404


def test_the_criteria_list_takes_constant_queries(cast, country, api_for, django_assert_num_queries):
    client = api_for(cast.officer)

    def add(code):
        client.post("/api/v1/criteria/", {**CRITERION, "code": code, "guideline": country.pk}, format="json")
        pk = country.criteria.get(code=code).pk
        client.post(f"/api/v1/criteria/{pk}/reword/", {"title": "T", "text": code}, format="json")

    add("first")
    with django_assert_num_queries(4):
        assert client.get(f"/api/v1/criteria/?guideline={country.pk}").json()["count"] == 1
    for n in range(5):
        add(f"c{n}")
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/criteria/?guideline={country.pk}")
    assert response.json()["count"] == 6
    assert all(len(c["earlier"]) == 1 for c in response.json()["results"])


# API: guidelines management.

COUNTRY = {
    "title": "HCT guidance on armed escorts in Cabo Delgado",
    "short_name": "MOZ escorts",
    "issuer": "HCT Mozambique",
    "year": 2026,
    "contexts": "both",
    "url": "https://example.org/escorts.pdf",
}


def test_the_officer_adds_a_country_guideline_through_the_api(cast, api_for):
    response = api_for(cast.officer).post(
        "/api/v1/guidelines/", {**COUNTRY, "operation": cast.operation.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    guideline = Guideline.objects.get(pk=response.json()["id"])
    assert (guideline.scope, guideline.operation, guideline.is_public) == ("country", cast.operation, False)
    assert OperationGuideline.objects.filter(operation=cast.operation, guideline=guideline).exists()


@pytest.mark.parametrize("who", OTHERS)
def test_no_one_else_adds_a_country_guideline(cast, api_for, who):
    before = state()
    response = api_for(getattr(cast, who)).post(
        "/api/v1/guidelines/", {**COUNTRY, "operation": cast.operation.pk}, format="json"
    )
    assert response.status_code == 404
    assert state() == before


def test_a_country_guideline_out_of_the_operations_context_is_a_400(cast, api_for):
    before = state()
    response = api_for(cast.officer).post(
        "/api/v1/guidelines/",
        {**COUNTRY, "contexts": "complex_emergency", "operation": cast.operation.pk},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["contexts"]
    assert state() == before


def test_the_officer_puts_guidelines_in_and_out_of_force(cast, api_for):
    escorts = get("APC-MADRO")
    client = api_for(cast.officer)
    listed = client.get(f"/api/v1/guidelines/in-force/?operation={cast.operation.pk}")
    assert listed.status_code == 200
    before = [g["id"] for g in listed.json()["guidelines"]]
    marked = client.post(
        f"/api/v1/guidelines/{escorts.pk}/in-force/", {"operation": cast.operation.pk}, format="json"
    )
    assert marked.status_code == 200
    assert sorted(g["id"] for g in marked.json()["guidelines"]) == sorted([*before, escorts.pk])
    out = client.post(
        f"/api/v1/guidelines/{escorts.pk}/out-of-force/", {"operation": cast.operation.pk}, format="json"
    )
    assert sorted(g["id"] for g in out.json()["guidelines"]) == sorted(before)
    again = client.post(
        f"/api/v1/guidelines/{escorts.pk}/out-of-force/", {"operation": cast.operation.pk}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "not_in_force"


@pytest.mark.parametrize("who", OTHERS)
def test_no_one_else_puts_guidelines_in_force(cast, api_for, who):
    escorts = get("APC-MADRO")
    client = api_for(getattr(cast, who))
    before = state()
    response = client.post(
        f"/api/v1/guidelines/{escorts.pk}/in-force/", {"operation": cast.operation.pk}, format="json"
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/guidelines/in-force/?operation={cast.operation.pk}").status_code == 404
    assert state() == before


def test_a_guideline_for_another_context_cannot_be_in_force(cast, api_for):
    mcda = get("MCDA Guidelines")
    before = state()
    response = api_for(cast.officer).post(
        f"/api/v1/guidelines/{mcda.pk}/in-force/", {"operation": cast.operation.pk}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "context_mismatch"
    assert state() == before


def test_publishing_versions_through_the_api(cast, manager, country, api_for):
    oslo = get("Oslo Guidelines")
    # the officer publishes their country guideline's versions, not the global ones
    officer = api_for(cast.officer)
    assert (
        officer.post(
            f"/api/v1/guidelines/{oslo.pk}/publish-version/", {"version": "2", "year": 2027}, format="json"
        ).status_code
        == 404
    )
    country_v2 = officer.post(
        f"/api/v1/guidelines/{country.pk}/publish-version/", {"version": "2", "year": 2027}, format="json"
    )
    assert country_v2.status_code == 201, country_v2.json()
    assert country_v2.json()["supersedes"] == country.pk
    # the operations manager publishes the global one's
    manager_client = api_for(manager)
    response = manager_client.post(
        f"/api/v1/guidelines/{oslo.pk}/publish-version/", {"version": "2.0", "year": 2027}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["criteria"]) == oslo.criteria.count()
    again = manager_client.post(
        f"/api/v1/guidelines/{oslo.pk}/publish-version/", {"version": "3.0", "year": 2028}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "superseded"
    same = manager_client.post(
        f"/api/v1/guidelines/{response.json()['id']}/publish-version/",
        {"version": "2.0", "year": 2027},
        format="json",
    )
    assert same.status_code == 400
    assert list(same.json()["fields"]) == ["version"]


@pytest.mark.parametrize("who", OTHERS)
def test_no_one_else_publishes_a_version(cast, country, api_for, who):
    before = state()
    client = api_for(getattr(cast, who))
    for guideline in (get("Oslo Guidelines"), country):
        response = client.post(
            f"/api/v1/guidelines/{guideline.pk}/publish-version/",
            {"version": "9", "year": 2027},
            format="json",
        )
        assert response.status_code == 404
    assert state() == before
