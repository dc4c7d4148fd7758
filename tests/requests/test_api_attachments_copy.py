"""Attachments (multipart upload, download with a token) and "copy as new" through the API: the pages' rules,
the pages' upload checks, the one error shape; a refusal changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.services import token_create
from cmcoord.models import AuditEvent, Operation
from requests.models import AssistanceRequest, RequestAttachment

from .conftest import PDF, S

pytestmark = pytest.mark.django_db

UNSEEN = ["requester_other_org", "hct_member", "liaison", "outsider", "other_officer"]


def state():
    return (AssistanceRequest.objects.count(), RequestAttachment.objects.count(), AuditEvent.objects.count())


def pdf(name="manifest.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(client, rfa, file):
    return client.post(f"/api/v1/requests/{rfa.pk}/attachments/", {"file": file}, format="multipart")


@pytest.mark.parametrize("who", ["officer", "requester", "requester_same_org"])
def test_those_who_edit_the_request_attach_a_file(cast, make_request, api_for, who):
    rfa = make_request()
    response = upload(api_for(getattr(cast, who)), rfa, pdf())
    assert response.status_code == 201, response.json()
    attachment = RequestAttachment.objects.get(request=rfa)
    assert response.json()["id"] == attachment.pk
    assert response.json()["download_url"] == f"/api/v1/requests/{rfa.pk}/attachments/{attachment.pk}/"
    assert AuditEvent.objects.filter(verb="request.attach").count() == 1
    listed = api_for(cast.observer).get(f"/api/v1/requests/{rfa.pk}/attachments/")
    assert [a["name"] for a in listed.json()] == ["manifest.pdf"]


@pytest.mark.parametrize("who", UNSEEN)
def test_no_one_who_may_not_see_the_request_attaches_or_reads(cast, make_request, api_for, attach, who):
    rfa = make_request()
    attachment = attach(rfa)
    before = state()
    client = api_for(getattr(cast, who))
    assert upload(client, rfa, pdf()).status_code == 404
    assert client.get(f"/api/v1/requests/{rfa.pk}/attachments/").status_code == 404
    response = client.get(f"/api/v1/requests/{rfa.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert state() == before


def test_an_observer_or_a_closed_request_takes_no_file(cast, make_request, api_for):
    rfa = make_request()
    completed = make_request(status=S.COMPLETED)
    before = state()
    refused = upload(api_for(cast.observer), rfa, pdf())
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_editable"
    assert upload(api_for(cast.officer), completed, pdf()).status_code == 409
    assert state() == before


def test_a_closed_operation_takes_no_file(cast, make_request, api_for):
    rfa = make_request()
    Operation.objects.filter(pk=cast.operation.pk).update(status=Operation.Status.CLOSED)
    before = state()
    response = upload(api_for(cast.officer), rfa, pdf())
    assert response.status_code == 409
    assert response.json()["code"] == "operation_closed"
    assert state() == before


def test_the_page_upload_checks_apply(cast, make_request, api_for):
    rfa = make_request()
    client = api_for(cast.officer)
    before = state()
    fake = upload(client, rfa, pdf("virus.pdf", b"MZ\x90\x00 not a pdf"))
    assert fake.status_code == 400
    assert fake.json()["code"] == "invalid"
    assert list(fake.json()["fields"]) == ["file"]
    exe = upload(client, rfa, SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream"))
    assert exe.status_code == 400
    missing = client.post(f"/api/v1/requests/{rfa.pk}/attachments/", {}, format="multipart")
    assert missing.status_code == 400
    assert state() == before


def test_a_token_client_downloads_an_attachment(cast, make_request, attach):
    rfa = make_request()
    attachment = attach(rfa)
    _, raw = token_create(user=cast.requester, name="tracker")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    url = f"/api/v1/requests/{rfa.pk}/attachments/{attachment.pk}/"

    response = client.get(url, HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="manifest.pdf"' in response["Content-Disposition"]
    # an unknown attachment is a 404 in the one error shape, whatever the client accepts
    missing = client.get(
        f"/api/v1/requests/{rfa.pk}/attachments/{attachment.pk + 99}/", HTTP_ACCEPT="application/pdf"
    )
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"


# Copy as new.


@pytest.mark.parametrize("who", ["officer", "requester", "requester_same_org"])
def test_those_who_act_for_the_request_copy_it(cast, make_request, api_for, who):
    rfa = make_request(status=S.COMPLETED, answered=True)
    response = api_for(getattr(cast, who)).post(f"/api/v1/requests/{rfa.pk}/copy/")
    assert response.status_code == 201, response.json()
    copy = AssistanceRequest.objects.get(pk=response.json()["id"])
    assert (copy.status, copy.copied_from, copy.title) == (S.DRAFT, rfa, rfa.title)
    assert response.json()["status"] == "draft"
    assert AuditEvent.objects.filter(verb="request.copy", object_id=str(copy.pk)).count() == 1


@pytest.mark.parametrize("who", UNSEEN)
def test_no_one_who_may_not_see_the_request_copies_it(cast, make_request, api_for, who):
    rfa = make_request()
    before = state()
    assert api_for(getattr(cast, who)).post(f"/api/v1/requests/{rfa.pk}/copy/").status_code == 404
    assert state() == before


def test_an_observer_may_not_copy(cast, make_request, api_for):
    rfa = make_request()
    before = state()
    response = api_for(cast.observer).post(f"/api/v1/requests/{rfa.pk}/copy/")
    assert response.status_code == 409
    assert response.json()["code"] == "role_not_allowed"
    assert state() == before
