"""Large exports in the background: over settings.EXPORT_BACKGROUND_ROWS the export link records a job, a
Celery task writes the file into MEDIA storage, the job's page shows its progress (refreshing itself without
JavaScript) and then the download; only the user who asked may see or download it; files expire."""

import datetime
import io
import os
import re

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cmcoord.models import AuditEvent, Membership
from requests import exports, tasks
from requests.models import AssistanceRequest, ExportJob
from requests.services import exports as export_services

S = AssistanceRequest.Status
J = ExportJob.Status


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def listed(cast, make_request):
    """Requests of WFP and of UNICEF, in several states, and one of another operation."""
    made = [
        make_request(status=S.SUBMITTED, title="Airlift of biscuits to Buzi"),
        make_request(status=S.SUBMITTED, org=cast.unicef, title="Water to Dondo"),
        make_request(status=S.UNDER_REVIEW, title="Road clearance to Nhamatanda"),
        make_request(status=S.DRAFT, title="Draft of WFP"),
        make_request(status=S.SUBMITTED, org=cast.requester_other_org.organization, title="Medical airlift"),
        make_request(status=S.SUBMITTED, operation=cast.other_operation, title="Haiti airlift"),
    ]
    return made


def background_export(client, fmt, query, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("requests:export", args=[fmt]) + query)
    assert response.status_code == 302
    job = ExportJob.objects.get(pk=int(re.search(r"/exports/(\d+)/", response["Location"]).group(1)))
    return response, job


@pytest.mark.parametrize(
    "role", ["officer", "requester", "requester_other_org", "hct_member", "hc", "observer"]
)
@pytest.mark.parametrize("query", ["", "?status=submitted"])
def test_the_background_file_holds_exactly_what_the_small_export_holds(
    role, query, cast, listed, media, settings, client_for, django_capture_on_commit_callbacks
):
    user = getattr(cast, role)
    client = client_for(user)
    small = body(client.get(reverse("requests:export", args=["csv"]) + query))
    settings.EXPORT_BACKGROUND_ROWS = -1  # every export in the background, an empty one too
    response, job = background_export(client, "csv", query, django_capture_on_commit_callbacks)
    assert (job.requested_by, job.operation, job.status) == (user, cast.operation, J.READY)
    assert job.rows_total == job.rows_done == small.decode("utf-8-sig").count("\n") - 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    download = client.get(reverse("requests:export_job_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert body(download) == small
    assert b"Haiti airlift" not in small
    if role == "officer":
        assert job.rows_total == (3 if query else 5)


def test_a_small_export_is_answered_at_once(cast, listed, media, client_for):
    response = client_for(cast.officer).get(reverse("requests:export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert not ExportJob.objects.exists()


def test_the_xlsx_is_made_in_the_background_too(
    cast, listed, media, settings, client_for, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    client = client_for(cast.officer)
    _response, job = background_export(client, "xlsx", "", django_capture_on_commit_callbacks)
    assert job.status == J.READY
    download = client.get(reverse("requests:export_job_download", args=[job.pk]))
    book = load_workbook(io.BytesIO(body(download)), read_only=True)
    titles = [row[1] for row in book["Requests"].iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(r.title for r in listed[:5])
    assert (
        AuditEvent.objects.filter(verb="export.started", object_id=str(job.pk), actor=cast.officer).count()
        == 1
    )


def test_the_same_list_asked_again_reuses_the_job(
    cast, listed, media, settings, client_for, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    client = client_for(cast.officer)
    _r, first = background_export(client, "csv", "", django_capture_on_commit_callbacks)
    _r, again = background_export(client, "csv", "", django_capture_on_commit_callbacks)
    _r, filtered = background_export(client, "csv", "?status=submitted", django_capture_on_commit_callbacks)
    assert first == again != filtered


def ready_job(cast, user=None, **fields):
    values = {
        "operation": cast.operation,
        "requested_by": user or cast.officer,
        "fmt": "csv",
        "status": J.READY,
        "rows_done": 2,
        "rows_total": 2,
        "finished_at": timezone.now(),
        "expires_at": timezone.now() + datetime.timedelta(hours=1),
    } | fields
    job = ExportJob.objects.create(**values)
    if values["status"] == J.READY:
        job.file.save("requests.csv", ContentFile(b"\xef\xbb\xbfReference\r\n"))
    return job


@pytest.mark.parametrize(
    "role",
    [
        "requester",
        "requester_other_org",
        "hct_member",
        "hc",
        "liaison",
        "liaison_other_force",
        "observer",
        "outsider",
        "other_officer",
    ],
)
def test_only_the_user_who_asked_sees_the_job_others_get_404(role, cast, media, client_for):
    job = ready_job(cast)
    client = client_for(getattr(cast, role))
    assert client.get(reverse("requests:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("requests:export_job_download", args=[job.pk])).status_code == 404
    assert (
        client_for(cast.officer).get(reverse("requests:export_job_download", args=[job.pk])).status_code
        == 200
    )


def test_a_user_who_lost_the_list_loses_the_download(cast, media, client_for):
    job = ready_job(cast, user=cast.requester)
    Membership.objects.filter(user=cast.requester, operation=cast.operation).delete()
    assert (
        client_for(cast.requester).get(reverse("requests:export_job_download", args=[job.pk])).status_code
        == 404
    )


def test_the_page_shows_progress_and_refreshes_itself_without_javascript(cast, media, client_for):
    job = ready_job(cast, status=J.QUEUED, rows_done=0, rows_total=None, finished_at=None)
    client = client_for(cast.officer)
    url = reverse("requests:export_job", args=[job.pk])
    html = client.get(url).content.decode()
    assert "Preparing your export…" in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "<script" not in html.split("</header>")[-1].split("<footer")[0]
    assert reverse("requests:export_job_download", args=[job.pk]) not in html
    assert client.get(reverse("requests:export_job_download", args=[job.pk])).status_code == 404

    ExportJob.objects.filter(pk=job.pk).update(status=J.RUNNING, rows_done=3000, rows_total=20000)
    html = client.get(url).content.decode()
    assert "Preparing your export… 3000 of 20000 rows" in html
    assert '<progress max="20000" value="3000">' in html
    assert 'http-equiv="refresh"' in html

    ExportJob.objects.filter(pk=job.pk).update(status=J.READY, rows_done=20000, finished_at=timezone.now())
    job.refresh_from_db()
    job.file.save("requests.csv", ContentFile(b"x"))
    html = client.get(url).content.decode()
    assert "Your export is ready: 20000 rows." in html
    assert reverse("requests:export_job_download", args=[job.pk]) in html
    assert 'http-equiv="refresh"' not in html


def test_the_page_speaks_the_users_language(cast, media, client_for):
    job = ready_job(cast, status=J.RUNNING, rows_done=1000, rows_total=9000, finished_at=None)
    cast.officer.language = "fr"
    cast.officer.save(update_fields=["language"])
    client = client_for(cast.officer)
    html = client.get(reverse("requests:export_job", args=[job.pk])).content.decode()
    assert "1000" in html and "9000" in html
    assert "Préparation de votre export… 1000 lignes sur 9000" in html


@pytest.mark.parametrize("status", [J.RUNNING, J.READY])
def test_the_job_page_runs_a_constant_number_of_queries(
    status, cast, media, client_for, django_assert_num_queries
):
    job = ready_job(cast, status=status)
    client = client_for(cast.officer)
    url = reverse("requests:export_job", args=[job.pk])
    client.get(url)
    # The session, the user, the job with its operation, the user's roles; then the layout's own: the current
    # operation and the operation switcher, the unread notifications, the user's organisation.
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


QUERIES = 8


def test_progress_is_recorded_after_every_chunk(
    cast, listed, media, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(exports, "CHUNK", 1)
    seen = []
    original = export_services.export_job_progress

    def spy(*, job_pk, done, total=None):
        original(job_pk=job_pk, done=done, total=total)
        seen.append(ExportJob.objects.values_list("rows_done", "rows_total", "status").get(pk=job_pk))

    monkeypatch.setattr(export_services, "export_job_progress", spy)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_services.export_job_start(
            actor=cast.officer, operation=cast.operation, fmt="csv", query=""
        )
    job.refresh_from_db()
    assert seen == [(n, 5, J.RUNNING) for n in (0, 1, 2, 3, 4, 5)]
    assert (job.status, job.rows_done, job.rows_total) == (J.READY, 5, 5)


def test_a_job_whose_user_lost_the_list_fails_without_a_file(
    cast, listed, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = export_services.export_job_start(
            actor=cast.requester, operation=cast.operation, fmt="csv", query=""
        )
    Membership.objects.filter(user=cast.requester, operation=cast.operation).delete()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.file.name) == (J.FAILED, "")
    assert not exports.run_job(job.pk)  # a second delivery does nothing


def test_expired_files_are_deleted_by_the_periodic_cleanup(
    cast, media, client_for, django_capture_on_commit_callbacks
):
    old = ready_job(cast, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    fresh = ready_job(cast)
    path = old.file.path
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_exports() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.file.name, fresh.status) == (J.EXPIRED, "", J.READY)
    assert not os.path.exists(path) and os.path.exists(fresh.file.path)
    client = client_for(cast.officer)
    assert "has expired" in client.get(reverse("requests:export_job", args=[old.pk])).content.decode()
    assert client.get(reverse("requests:export_job_download", args=[old.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_exports() == 0


def test_a_ready_file_past_its_expiry_is_not_served_before_the_cleanup(cast, media, client_for):
    job = ready_job(cast, expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert (
        client_for(cast.officer).get(reverse("requests:export_job_download", args=[job.pk])).status_code
        == 404
    )


def test_the_cleanup_runs_hourly_on_the_periodic_queue():
    entry = django_settings.CELERY_BEAT_SCHEDULE["requests-expire-exports"]
    assert entry["task"] == "requests.tasks.expire_exports"
    assert entry["options"]["queue"] == django_settings.PERIODIC_QUEUE
    assert entry["schedule"] == 3600.0


# A job whose message or worker was lost: the sweep queues it again, a few times, then fails it.


def _stalled(job, minutes=11):
    ExportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_a_job_whose_worker_died_is_made_again_by_the_sweep(
    cast, listed, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the message is sent, nobody runs it yet
        job = export_services.export_job_start(
            actor=cast.officer, operation=cast.operation, fmt="csv", query=""
        )
    assert export_services.export_job_claim(job_pk=job.pk) is not None  # a worker took it...
    export_services.export_job_progress(job_pk=job.pk, done=1, total=5)  # ...wrote a chunk, and died
    job.refresh_from_db()
    assert (job.status, job.attempts, job.rows_done) == (J.RUNNING, 1, 1)

    # alive ten minutes ago at most: left alone
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.recover_exports() == 0
    _stalled(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.recover_exports() == 1  # queued again and sent: the (eager) worker makes the file

    job.refresh_from_db()
    assert (job.status, job.attempts, job.rows_done) == (J.READY, 2, 5)
    assert job.file.name
    event = AuditEvent.objects.get(verb="export.stalled")
    assert (event.actor, event.from_state, event.to_state, event.data) == (
        None,
        J.RUNNING,
        J.QUEUED,
        {"attempts": 1},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.recover_exports() == 0  # a ready job is never touched


def test_a_job_whose_message_was_lost_is_sent_again(cast, listed, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost the message
        job = export_services.export_job_start(
            actor=cast.officer, operation=cast.operation, fmt="csv", query=""
        )
    _stalled(job)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.recover_exports() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (J.READY, 1)


def test_a_job_that_keeps_dying_fails_and_the_page_says_so(
    cast, listed, media, client_for, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=False):
        job = export_services.export_job_start(
            actor=cast.officer, operation=cast.operation, fmt="csv", query=""
        )
    for attempt in (1, 2):
        assert export_services.export_job_claim(job_pk=job.pk) is not None  # runs, dies
        _stalled(job)
        with django_capture_on_commit_callbacks(execute=False):
            assert tasks.recover_exports() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name) == (J.FAILED, 2, "")
    assert list(
        AuditEvent.objects.filter(verb="export.stalled").order_by("pk").values_list("to_state", flat=True)
    ) == [J.QUEUED, J.FAILED]
    page = client_for(cast.officer).get(reverse("requests:export_job", args=[job.pk]))
    text = page.content.decode()
    assert "The export failed" in text and "http-equiv" not in text  # no endless refresh
    # the user asks again: a new job, not the failed one
    with django_capture_on_commit_callbacks(execute=False):
        again = export_services.export_job_start(
            actor=cast.officer, operation=cast.operation, fmt="csv", query=""
        )
    assert again.pk != job.pk


def test_the_sweep_of_stalled_jobs_runs_every_five_minutes_on_the_periodic_queue():
    entry = django_settings.CELERY_BEAT_SCHEDULE["requests-recover-exports"]
    assert entry["task"] == "requests.tasks.recover_exports"
    assert entry["options"]["queue"] == django_settings.PERIODIC_QUEUE
    assert entry["schedule"] == 300.0
