"""Exports for token clients: the request list (CSV, XLSX, in the background over the threshold) and the
directory (CSV, vCard), with the pages' filters and visibility."""

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.services import token_create
from contacts.models import Contact, ContactAccessLog
from requests import tasks
from requests.models import AssistanceRequest, ExportJob
from tests.contacts.conftest import make_contact

pytestmark = pytest.mark.django_db
S = AssistanceRequest.Status


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def token_client(user) -> APIClient:
    _, raw = token_create(user=user, name="dashboard")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.fixture
def listed(cast, make_request):
    return [
        make_request(status=S.SUBMITTED, title="Airlift of biscuits to Buzi"),
        make_request(status=S.SUBMITTED, org=cast.unicef, title="Water to Dondo"),
        make_request(status=S.SUBMITTED, operation=cast.other_operation, title="Haiti airlift"),
    ]


def test_a_token_client_exports_the_request_list_as_csv_with_the_filters(cast, listed):
    client = token_client(cast.officer)
    response = client.get(f"/api/v1/requests/export/csv/?operation={cast.operation.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = body(response).decode()
    assert "Airlift of biscuits to Buzi" in text and "Water to Dondo" in text and "Haiti" not in text
    filtered = body(
        client.get(f"/api/v1/requests/export/csv/?operation={cast.operation.pk}&q=Dondo")
    ).decode()
    assert "Water to Dondo" in filtered and "Airlift of biscuits" not in filtered


def test_a_requester_exports_only_their_organisations_requests_as_xlsx(cast, listed):
    response = token_client(cast.requester).get(
        f"/api/v1/requests/export/xlsx/?operation={cast.operation.pk}"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    titles = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "Airlift of biscuits to Buzi" in titles and "Water to Dondo" not in titles


@pytest.mark.parametrize("who", ["liaison", "outsider", "other_officer"])
def test_no_export_for_those_who_may_not_list_the_requests(cast, listed, api_for, who):
    response = api_for(getattr(cast, who)).get(f"/api/v1/requests/export/csv/?operation={cast.operation.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert ExportJob.objects.count() == 0


def test_a_bad_filter_or_format_is_refused(cast, listed, api_for):
    client = api_for(cast.officer)
    bad = client.get(f"/api/v1/requests/export/csv/?operation={cast.operation.pk}&priority=whenever")
    assert bad.status_code == 400
    assert list(bad.json()["fields"]) == ["priority"]
    assert client.get(f"/api/v1/requests/export/pdf/?operation={cast.operation.pk}").status_code == 404


def test_a_large_export_runs_in_the_background_and_is_downloaded_by_its_owner(
    cast, listed, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_BACKGROUND_ROWS = 1
    client = token_client(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/api/v1/requests/export/csv/?operation={cast.operation.pk}&q=Dondo")
    assert response.status_code == 200  # one row matches: not over the threshold
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/api/v1/requests/export/csv/?operation={cast.operation.pk}")
    assert response.status_code == 202
    job = ExportJob.objects.get(pk=response.json()["id"])
    if job.status != ExportJob.Status.READY:
        tasks.make_export(job.pk)
    status = client.get(f"/api/v1/request-exports/{job.pk}/").json()
    assert status["status"] == "ready"
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert "Water to Dondo" in body(download).decode()
    # nobody else sees or downloads it
    assert token_client(cast.hc).get(f"/api/v1/request-exports/{job.pk}/").status_code == 404
    assert token_client(cast.hc).get(status["download_url"]).status_code == 404


# The directory.


@pytest.fixture
def people(cast):
    return [
        make_contact(
            cast.operation,
            cast.wfp,
            "Eve Everyone",
            sharing=Contact.Sharing.EVERYONE,
            actor=cast.officer,
            notes="NOTE-PRIVATE",
        ),
        make_contact(
            cast.operation,
            cast.unicef,
            "Hugo Humanitarian",
            sharing=Contact.Sharing.HUMANITARIAN,
            actor=cast.officer,
        ),
    ]


def test_a_token_client_exports_the_directory(cast, people):
    client = token_client(cast.officer)
    csv = client.get(f"/api/v1/contacts/export/csv/?operation={cast.operation.pk}")
    assert csv.status_code == 200
    assert "NOTE-PRIVATE" in csv.content.decode() and "Hugo Humanitarian" in csv.content.decode()
    vcard = client.get(f"/api/v1/contacts/export/vcf/?operation={cast.operation.pk}&q=Hugo")
    assert vcard["Content-Type"].startswith("text/vcard")
    assert "Hugo Humanitarian" in vcard.content.decode() and "Eve Everyone" not in vcard.content.decode()


def test_a_military_export_has_the_work_fields_and_is_logged(cast, people):
    response = token_client(cast.liaison).get(f"/api/v1/contacts/export/csv/?operation={cast.operation.pk}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Eve Everyone" in text and "NOTE-PRIVATE" not in text and "Hugo" not in text
    log = ContactAccessLog.objects.get()
    assert (log.user, log.how, log.detail) == (cast.liaison, "export", "csv")


@pytest.mark.parametrize("who", ["outsider", "other_officer"])
def test_no_directory_export_outside_the_operation(cast, people, api_for, who):
    response = api_for(getattr(cast, who)).get(f"/api/v1/contacts/export/csv/?operation={cast.operation.pk}")
    assert response.status_code == 404
    bad = api_for(cast.officer).get(
        f"/api/v1/contacts/export/csv/?operation={cast.operation.pk}&organization=x"
    )
    assert bad.status_code == 400
