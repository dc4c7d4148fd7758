"""Organisations of an operation: add an existing one, create one (a new force), edit, deactivate."""

import pytest
from django.urls import reverse

from cmcoord.exceptions import DomainError
from cmcoord.models import AuditEvent, Membership, Organization, Role
from operations import services
from operations.models import Invitation
from tests.factories import OrganizationFactory


def test_an_officer_adds_an_existing_organisation(cast, client_for):
    iom = OrganizationFactory(
        name="International Organization for Migration", acronym="IOM", type="un_agency"
    )
    url = reverse("operations:organizations", args=[cast.operation.pk])
    response = client_for(cast.officer).post(url, {"organization": iom.pk})
    assert response.status_code == 302
    assert cast.operation.organizations.filter(pk=iom.pk).exists()
    assert AuditEvent.objects.filter(verb="operation.organization_add", object_id=str(iom.pk)).exists()
    # a second time: it is not offered any more, and the service refuses with a code
    with pytest.raises(Exception) as again:
        services.organization_add(operation=cast.operation, organization=iom, actor=cast.officer)
    assert again.value.error_dict["organization"][0].code == "already_in"


def test_an_officer_creates_a_newly_arrived_force_through_the_api(cast, api_for):
    url = f"/api/v1/operations/{cast.operation.pk}/organizations/"
    response = api_for(cast.officer).post(
        url,
        {"name": "Malawi Defence Force", "acronym": "MDF", "type": "foreign_military", "country": "Malawi"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["community"] == "military"
    mdf = Organization.objects.get(acronym="MDF")
    assert cast.operation.organizations.filter(pk=mdf.pk).exists()
    duplicate = api_for(cast.officer).post(
        url, {"name": "malawi defence force", "type": "ingo"}, format="json"
    )
    assert duplicate.status_code == 400 and "name" in duplicate.json()["fields"]
    listed = api_for(cast.officer).get(url).json()["results"]
    assert "MDF" in [o["acronym"] for o in listed]


def test_an_organisation_cannot_change_community_on_edit(cast, client_for):
    url = reverse("operations:organization-edit", args=[cast.operation.pk, cast.force.pk])
    data = {"name": "SANDF", "acronym": "SANDF", "type": "ingo", "country": ""}
    response = client_for(cast.officer).post(url, data)
    assert (
        response.status_code == 400
        and "cannot change between humanitarian and military" in response.content.decode()
    )
    cast.force.refresh_from_db()
    assert cast.force.type == "foreign_military"
    ok = client_for(cast.officer).post(url, {**data, "type": "peacekeeping", "country": "South Africa"})
    assert ok.status_code == 302
    cast.force.refresh_from_db()
    assert (cast.force.type, cast.force.country) == ("peacekeeping", "South Africa")
    assert AuditEvent.objects.filter(verb="organization.update").count() == 1


def test_deactivating_an_organisation_takes_its_peoples_roles_and_deletes_nothing(cast, client_for, manager):
    Invitation.objects.create(
        operation=cast.operation,
        email="x@wfp.example",
        role="requester",
        organization=cast.wfp,
        token_hash="a" * 64,
        invited_by=cast.officer,
        expires_at="2026-12-31T00:00Z",
    )
    url = reverse("operations:organization-deactivate", args=[cast.operation.pk, cast.wfp.pk])
    page = client_for(cast.officer).get(url).content.decode()
    assert "requester" in page.lower()
    response = client_for(cast.officer).post(url, {"reason": "WFP left the response"})
    assert response.status_code == 302
    assert not cast.operation.organizations.filter(pk=cast.wfp.pk).exists()
    assert not Membership.objects.filter(operation=cast.operation, user__organization=cast.wfp).exists()
    assert Organization.objects.filter(pk=cast.wfp.pk).exists()
    cast.requester.refresh_from_db()
    assert cast.requester.is_active
    assert Invitation.objects.get().status == "withdrawn"
    event = AuditEvent.objects.get(verb="operation.organization_deactivate")
    assert sorted(event.data["users"]) == sorted(
        [cast.requester.pk, cast.requester_same_org.pk, cast.hct_member2.pk]
    )
    assert AuditEvent.objects.filter(verb="membership.remove").count() == 3


def test_the_organisation_of_the_last_officers_cannot_be_deactivated(cast):
    with pytest.raises(DomainError) as refused:
        services.organization_deactivate(operation=cast.operation, organization=cast.ocha, actor=cast.officer)
    assert refused.value.code == "last_officer"
    assert Membership.objects.filter(operation=cast.operation, role=Role.CMCOORD_OFFICER).exists()
    assert cast.operation.organizations.filter(pk=cast.ocha.pk).exists()
