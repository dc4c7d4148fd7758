"""A background export through a real Celery worker and the real Redis of this machine (TEST_REDIS_URL): the
export link answers at once with the job's page, the worker (a thread of the test process, reading committed
rows, hence a transactional database) writes the file, and the page then offers it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from cmcoord.celery import app
from requests.models import AssistanceRequest, ExportJob

S = AssistanceRequest.Status


def wait_for(condition, timeout=60.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


@pytest.fixture
def worker(transactional_db):
    """A real worker (solo pool, in a thread) consuming the default queue; tasks are no longer eager."""
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as w:
        yield w


def test_a_real_worker_makes_the_file_and_the_page_offers_it(
    worker, cast, make_request, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_BACKGROUND_ROWS = 2
    for n in range(3):
        make_request(status=S.SUBMITTED, title=f"Airlift {n}")
    client = client_for(cast.officer)

    response = client.get(reverse("requests:export", args=["csv"]))

    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert wait_for(lambda: ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.READY).exists())
    page = client.get(response["Location"]).content.decode()
    assert "Your export is ready: 3 rows." in page
    download = client.get(reverse("requests:export_job_download", args=[job.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert sorted(line.split(",")[1] for line in text.splitlines()[1:]) == [
        "Airlift 0",
        "Airlift 1",
        "Airlift 2",
    ]
