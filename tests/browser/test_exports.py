"""Browser, JavaScript off: the officer exports a list too long to answer at once; the link answers with the
job's page, which refreshes itself (meta refresh) from "Preparing… N of M rows" to the download. Screenshots:
the page while the file is made, and when it is ready."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from requests.models import AssistanceRequest, ExportJob
from tests.requests.conftest import make_request  # noqa: F401 - a fixture used here

from .conftest import login, screenshot

S = AssistanceRequest.Status


def test_the_export_page_refreshes_itself_to_the_download_without_javascript(
    cast,
    make_request,  # noqa: F811
    browser,
    live_server,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_BACKGROUND_ROWS = 1
    for n in range(2):
        make_request(status=S.SUBMITTED, title=f"Airlift {n}")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        login(page, "officer")
        # A job made by hand, still running, so that the page is seen before it is ready.
        job = ExportJob.objects.create(
            operation=cast.operation,
            requested_by=cast.officer,
            fmt="csv",
            status=ExportJob.Status.RUNNING,
            rows_done=1000,
            rows_total=20000,
            expires_at=timezone.now() + datetime.timedelta(hours=1),
        )
        page.goto(f"/requests/exports/{job.pk}/")
        assert page.locator("#export-progress").inner_text() == "Preparing your export… 1000 of 20000 rows"
        screenshot(page, "export-preparing")

        job.file.save("requests.csv", ContentFile(b"\xef\xbb\xbfReference\r\nMOZ-1\r\n"), save=False)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.READY, file=job.file.name, rows_done=20000, finished_at=timezone.now()
        )
        # No script runs: the page's own meta refresh brings the download link.
        page.get_by_role("link", name="Download").wait_for()
        assert page.locator("#export-progress").inner_text() == "Your export is ready: 20000 rows."
        screenshot(page, "export-ready")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download").click()
        assert download.value.suggested_filename.endswith(".csv")

        # The export link of the list, too long for an answer at once, leads to the job's page: the same list
        # exported again while its file is ready reuses it.
        page.goto("/requests/")
        page.get_by_role("link", name="CSV").click()
        page.wait_for_url(f"**/requests/exports/{job.pk}/")
        assert ExportJob.objects.filter(requested_by=cast.officer).count() == 1
        # Filtered, it is another list: a new job, made (in-process here) before the page answers.
        page.goto("/requests/?status=submitted")
        page.get_by_role("link", name="CSV").click()
        page.wait_for_url(lambda url: "/requests/exports/" in url and f"/exports/{job.pk}/" not in url)
        assert page.locator("#export-progress").inner_text() == "Your export is ready: 2 rows."
    finally:
        context.close()
