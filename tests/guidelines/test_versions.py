"""Superseded versions stay readable and marked; criteria keep every earlier wording."""

import pytest
from django.urls import reverse

from cmcoord.exceptions import DomainError
from cmcoord.models import AuditEvent
from guidelines.models import Guideline, OperationGuideline
from guidelines.selectors import criteria_for_operation
from guidelines.services import criterion_reword, guideline_mark_in_force, guideline_publish_version

from .conftest import get


def test_publishing_a_new_version_supersedes_the_old_which_stays_readable(cast, client_for):
    oslo = get("Oslo Guidelines")
    old_versions = list(criteria_for_operation(cast.operation))

    new = guideline_publish_version(guideline=oslo, actor=cast.officer, version="2.0", year=2027)

    oslo.refresh_from_db()
    assert oslo.is_superseded and oslo.superseded_by == new and new.supersedes == oslo
    assert (new.title, new.is_public, new.precedence) == (oslo.title, True, oslo.precedence)
    current = criteria_for_operation(cast.operation)
    assert [v.title for v in current] == [v.title for v in old_versions]
    assert {v.criterion.guideline for v in current} == {new}
    assert all(v.criterion.current_id == v.pk for v in old_versions)  # the old rows are untouched
    event = AuditEvent.objects.get(verb="guideline.publish_version")
    assert (event.actor, event.from_state, event.to_state) == (cast.officer, "1.1", "2.0")
    page = client_for(cast.liaison).get(oslo.get_absolute_url()).content.decode()
    assert "Superseded" in page and "No comparable civilian alternative" in page


def test_operations_with_the_old_version_in_force_get_the_new(cast):
    madro = get("APC-MADRO")
    guideline_mark_in_force(operation=cast.operation, guideline=madro, actor=cast.officer)

    new = guideline_publish_version(guideline=madro, actor=None, version="9.0", year=2027)

    assert OperationGuideline.objects.filter(operation=cast.operation, guideline=new).exists()
    assert not OperationGuideline.objects.filter(guideline=madro).exists()
    assert "apc_coordination_mechanism" in [v.criterion.code for v in criteria_for_operation(cast.operation)]


def test_a_superseded_version_cannot_be_superseded_again(cast):
    old = Guideline.objects.get(short_name="UN-CMCoord Field Handbook", version="1.0")

    with pytest.raises(DomainError) as refused:
        guideline_publish_version(guideline=old, actor=None, version="3.0", year=2027)

    assert refused.value.code == "superseded"
    assert Guideline.objects.filter(short_name="UN-CMCoord Field Handbook").count() == 2


def test_the_officer_publishes_a_new_version_of_a_country_guideline_on_its_page(
    cast, client_for, internal, pdf
):
    client = client_for(cast.officer)
    url = reverse("guidelines:publish-version", args=[internal.pk])

    same = client.post(url, {"version": internal.version, "year": 2027})
    response = client.post(url, {"version": "2", "year": 2027, "document": pdf("v2.pdf")})

    assert "this is the current one" in str(same.context["form"].errors["version"])
    new = Guideline.objects.get(supersedes=internal)
    assert response["Location"] == new.get_absolute_url()
    assert (new.is_public, new.operation, new.version) == (False, cast.operation, "2")
    assert new.document.name != internal.document.name


@pytest.mark.parametrize("who", ["requester", "hct_member", "hc", "observer", "liaison", "other_officer"])
def test_only_the_operations_officers_publish_a_country_guidelines_new_version(
    cast, client_for, internal, who
):
    url = reverse("guidelines:publish-version", args=[internal.pk])

    assert client_for(getattr(cast, who)).post(url, {"version": "2", "year": 2027}).status_code == 404
    assert not Guideline.objects.filter(supersedes=internal).exists()


def test_a_global_guidelines_new_version_is_for_staff_only(cast, client_for):
    url = reverse("guidelines:publish-version", args=[get("Oslo Guidelines").pk])

    assert client_for(cast.officer).get(url).status_code == 404
    cast.officer.is_staff = True
    cast.officer.save()
    assert client_for(cast.officer).get(url).status_code == 200


def test_rewording_a_criterion_keeps_the_old_wording_readable_on_the_page_and_in_the_api(
    cast, client_for, api_for
):
    first = criteria_for_operation(cast.operation)[0]
    new = criterion_reword(
        criterion=first.criterion, title="No civilian alternative at all", text="Reworded.", actor=None
    )

    page = client_for(cast.liaison).get(first.criterion.guideline.get_absolute_url()).content.decode()
    api = api_for(cast.liaison).get(f"/api/v1/guidelines/{first.criterion.guideline_id}/").json()

    assert "No civilian alternative at all" in page
    assert (
        f'id="criterion-{first.criterion.code}-v1"' in page and "No comparable civilian alternative" in page
    )
    assert first.get_absolute_url().endswith(f"#criterion-{first.criterion.code}-v1")
    assert new.get_absolute_url().endswith("-v2")
    criterion = next(c for c in api["criteria"] if c["code"] == first.criterion.code)
    assert criterion["current"]["title"] == "No civilian alternative at all"
    assert [v["title"] for v in criterion["earlier"]] == ["No comparable civilian alternative"]
