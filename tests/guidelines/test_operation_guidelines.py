"""The officers' page: which guidelines are in force for their operation, and its country guidelines."""

import pytest
from django.urls import reverse

from cmcoord.models import AuditEvent
from guidelines.models import Guideline, OperationGuideline
from guidelines.selectors import criteria_for_operation

from .conftest import get

NOT_OFFICERS = ["requester", "hct_member", "hc", "observer", "liaison", "outsider", "other_officer"]


def page_url(cast):
    return reverse("guidelines:operation", args=[cast.operation.pk])


def toggle_url(cast):
    return reverse("guidelines:operation-toggle", args=[cast.operation.pk])


def add_url(cast):
    return reverse("guidelines:country-add", args=[cast.operation.pk])


def form_data(**extra):
    return {
        "title": "Cabo Delgado civil-military guidance",
        "short_name": "Cabo Delgado guidance",
        "issuer": "HCT Mozambique",
        "year": "2026",
        "contexts": "both",
        "version": "1",
        "summary": "How the HCT engages with the forces in Cabo Delgado.",
        "url": "",
        "in_force": "on",
        **extra,
    }


def test_the_officer_sees_what_is_in_force_and_the_criteria_it_gives(cast, client_for):
    response = client_for(cast.officer).get(page_url(cast))
    html = response.content.decode()

    assert response.status_code == 200
    assert "In force (default)" in html
    assert "No comparable civilian alternative" in html
    assert {g.short_name for g in response.context["candidates"]} >= {"Oslo Guidelines", "APC-MADRO"}
    assert "IASC armed escorts" not in {g.short_name for g in response.context["candidates"]}


@pytest.mark.parametrize("who", NOT_OFFICERS)
def test_only_the_operations_officers_manage_its_guidelines(cast, client_for, who, pdf):
    client = client_for(getattr(cast, who))
    madro = get("APC-MADRO")

    assert client.get(page_url(cast)).status_code == 404
    assert client.get(add_url(cast)).status_code == 404
    assert client.post(toggle_url(cast), {"guideline": madro.pk, "action": "add"}).status_code == 404
    assert client.post(add_url(cast), {**form_data(), "document": pdf()}).status_code == 404
    assert not OperationGuideline.objects.exists()
    assert not Guideline.objects.filter(scope="country").exists()
    assert not AuditEvent.objects.filter(verb__startswith="guideline.").exists()


def test_marking_a_guideline_in_force_on_the_page_changes_the_assessment(cast, client_for):
    client = client_for(cast.officer)
    madro = get("APC-MADRO")

    response = client.post(toggle_url(cast), {"guideline": madro.pk, "action": "add"}, follow=True)

    assert "APC-MADRO is now in force" in response.content.decode()
    assert "apc_coordination_mechanism" in [v.criterion.code for v in criteria_for_operation(cast.operation)]

    client.post(toggle_url(cast), {"guideline": madro.pk, "action": "remove"})
    assert len(criteria_for_operation(cast.operation)) == 6


def test_a_refused_marking_shows_why_and_changes_nothing(cast, client_for):
    response = client_for(cast.officer).post(
        toggle_url(cast), {"guideline": get("IASC armed escorts").pk, "action": "add"}, follow=True
    )

    assert "not to this operation&#x27;s context" in response.content.decode()
    assert not OperationGuideline.objects.exists()


def test_an_officer_cannot_mark_a_guideline_they_may_not_read(cast, client_for):
    hidden = Guideline.objects.create(
        title="Haiti HCT note",
        short_name="HTI note",
        issuer="HCT Haiti",
        year=2026,
        scope="country",
        operation=cast.other_operation,
        contexts="both",
    )
    response = client_for(cast.officer).post(toggle_url(cast), {"guideline": hidden.pk, "action": "add"})

    assert response.status_code == 404
    assert not OperationGuideline.objects.exists()


def test_the_officer_adds_an_hct_internal_country_guideline_with_its_document(cast, client_for, pdf):
    response = client_for(cast.officer).post(add_url(cast), {**form_data(), "document": pdf("cabo.pdf")})

    guideline = Guideline.objects.get(short_name="Cabo Delgado guidance")
    assert response.status_code == 302 and response["Location"] == guideline.get_absolute_url()
    assert (guideline.scope, guideline.operation, guideline.is_public) == ("country", cast.operation, False)
    assert guideline.document.name.endswith(".pdf")
    assert guideline.operations_in_force.filter(operation=cast.operation).exists()
    assert AuditEvent.objects.filter(
        verb="guideline.add", actor=cast.officer, to_state="hct_internal"
    ).exists()
    assert client_for(cast.hct_member).get(guideline.get_document_url()).status_code == 200
    assert client_for(cast.liaison).get(guideline.get_document_url()).status_code == 404


def test_a_public_country_guideline_by_link_is_readable_by_the_military(cast, client_for):
    client_for(cast.officer).post(add_url(cast), form_data(url="https://example.org/moz.pdf", is_public="on"))

    guideline = Guideline.objects.get(short_name="Cabo Delgado guidance")
    assert guideline.is_public and not guideline.document
    assert client_for(cast.liaison).get(guideline.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("upload", "field", "message"),
    [
        (("notes.exe", b"MZ\x90\x00"), "document", "Upload a PDF, DOCX or ODT document."),
        (("fake.pdf", b"<html>not a pdf</html>"), "document", "This file is not a real PDF document."),
        (
            ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)),
            "document",
            "The document is too large: at most 10 MB.",
        ),
        (None, "__all__", "Upload the document or give a link to it."),
    ],
)
def test_a_bad_upload_is_refused_next_to_the_field_and_keeps_what_was_typed(
    cast, client_for, pdf, upload, field, message
):
    data = form_data()
    if upload:
        data["document"] = pdf(*upload)

    response = client_for(cast.officer).post(add_url(cast), data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert 'value="Cabo Delgado civil-military guidance"' in response.content.decode()
    assert not Guideline.objects.filter(scope="country").exists()
    assert not AuditEvent.objects.exists()


def test_a_guideline_for_another_context_cannot_be_added_in_force(cast, client_for):
    response = client_for(cast.officer).post(
        add_url(cast), form_data(contexts="complex_emergency", url="https://example.org/x.pdf")
    )

    assert "cannot be in force here" in str(response.context["form"].errors["contexts"])
    assert not Guideline.objects.filter(scope="country").exists()


def test_a_country_guideline_added_not_in_force_stays_out_of_force(cast, client_for):
    data = form_data(url="https://example.org/x.pdf")
    del data["in_force"]
    client_for(cast.officer).post(add_url(cast), data)

    guideline = Guideline.objects.get(short_name="Cabo Delgado guidance")
    in_force = set(OperationGuideline.objects.values_list("guideline__short_name", flat=True))
    assert in_force == {"Oslo Guidelines", "UN-CMCoord Field Handbook"}
    assert not guideline.operations_in_force.exists()
