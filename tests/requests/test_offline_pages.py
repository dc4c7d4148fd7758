"""Offline reading, server side: the pages the service worker saves ahead for each reader, the headers that
let it keep a page (and for whom), the worker's own answer, and the logout that clears the device."""

import pytest
from django.urls import reverse

from cmcoord.offline import reader_key
from contacts.models import Contact
from tests.contacts.conftest import make_contact

from .hct_helpers import tasked


@pytest.fixture
def field(cast, make_request):
    """A task for SANDF, one for FADM, a contact shared with everyone and one for humanitarians only."""
    _, sandf_task = tasked(cast, make_request, title="Airlift to Buzi")
    _, fadm_task = tasked(cast, make_request, title="Bridge at Nhamatanda", force=cast.other_force)
    shared = make_contact(
        cast.operation, cast.wfp, "Paula Sitoe", sharing=Contact.Sharing.EVERYONE, actor=cast.officer
    )
    private = make_contact(
        cast.operation, cast.wfp, "Quentin Muianga", sharing=Contact.Sharing.HUMANITARIAN, actor=cast.officer
    )
    return sandf_task, fadm_task, shared, private


def test_the_liaison_officer_saves_their_forces_current_tasks_contacts_and_guidelines(
    cast, field, client_for
):
    sandf_task, fadm_task, _, _ = field
    response = client_for(cast.liaison).get(reverse("offline-manifest"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    data = response.json()
    assert data["user"] == reader_key(cast.liaison)
    pages = data["pages"]
    assert pages[0] == "/offline/"
    assert "/requests/tasks/" in pages
    assert sandf_task.get_absolute_url() in pages
    assert fadm_task.get_absolute_url() not in pages
    assert "/contacts/" in pages and "/guidelines/" in pages
    assert any(p.startswith("/guidelines/") and p != "/guidelines/" for p in pages)
    assert not any(p.startswith("/api/") for p in pages)
    assert not any(p.startswith(f"/requests/{sandf_task.request.pk}/") for p in pages)
    assert data["static"] and all(p.startswith("/static/") for p in data["static"])


@pytest.mark.parametrize("who", ["requester", "hct_member", "hc", "observer"])
def test_a_humanitarian_without_the_task_list_saves_no_task_page(cast, field, client_for, who):
    pages = client_for(getattr(cast, who)).get(reverse("offline-manifest")).json()["pages"]
    if who == "observer":
        assert "/requests/tasks/" in pages
    else:
        assert not any("/tasks/" in p for p in pages)
    assert "/contacts/" in pages


def test_the_manifest_is_for_signed_in_readers_and_keys_differ_per_reader(cast, client):
    assert client.get(reverse("offline-manifest")).status_code == 404
    assert reader_key(cast.liaison) != reader_key(cast.liaison_other_force)


def test_only_a_signed_in_readers_registered_pages_are_marked_for_keeping(cast, field, client_for):
    sandf_task, fadm_task, shared, private = field
    liaison = client_for(cast.liaison)
    key = reader_key(cast.liaison)
    for url in ["/requests/tasks/", sandf_task.get_absolute_url(), "/contacts/", shared.get_absolute_url()]:
        response = liaison.get(url)
        assert response.status_code == 200, url
        assert response["X-Offline-User"] == key
        assert response["X-Offline"] == "page", url
    # a page not registered (home, notifications), a 404 and a POST answer are never marked
    for url in ["/", "/notifications/"]:
        response = liaison.get(url)
        assert response["X-Offline-User"] == key and "X-Offline" not in response, url
    for url in [fadm_task.get_absolute_url(), private.get_absolute_url()]:
        response = liaison.get(url)
        assert response.status_code == 404 and "X-Offline" not in response, url
    response = liaison.post(reverse("requests:task_action", args=[sandf_task.pk, "progress"]), {})
    assert "X-Offline" not in response
    # the API is never marked
    assert "X-Offline" not in liaison.get("/api/v1/tasks/")


def test_a_signed_out_page_tells_the_worker_to_drop_everything(client):
    response = client.get(reverse("login"))
    assert response["X-Offline-User"] == "-"
    assert "X-Offline" not in response


def test_the_worker_is_served_from_the_root_with_its_configuration(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert body.startswith("self.CMCOORD_OFFLINE = {")
    assert '"logoutUrl": "/accounts/logout/"' in body
    assert 'addEventListener("fetch"' in body


def test_logout_tells_the_browser_to_clear_the_sites_caches_and_storage(cast, client_for):
    client = client_for(cast.liaison)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/requests/tasks/").status_code == 302  # signed out


def test_every_page_registers_the_worker_with_an_external_script_and_the_saved_notice(cast, client_for):
    html = client_for(cast.liaison).get("/requests/tasks/").content.decode()
    assert 'data-offline-worker="/sw.js"' in html
    assert f'data-offline-reader="{reader_key(cast.liaison)}"' in html
    assert "data-saved-copy hidden" in html and "<time data-saved-at></time>" in html
    assert "/static/js/offline.js" in html
    assert "<script>" not in html  # no inline script: a strict CSP is coming


def test_a_page_read_ahead_sets_no_cookie_and_is_logged_as_saved_not_seen(cast, field, client_for):
    """The worker's reads ahead carry X-Offline-Sync: their answers never touch the browser's cookies (a
    read sent with a session that just ended would delete the next reader's session cookie), and the
    contacts they fetch are logged as saved on the device, apart from what the reader opened."""
    from contacts.models import ContactAccessLog

    _, _, shared, _ = field
    client = client_for(cast.liaison)
    client.cookies.pop("csrftoken", None)
    opened = client.get(reverse("contacts:directory"))
    assert opened.status_code == 200 and "csrftoken" in opened.cookies  # an opened page sets its cookies
    client.cookies.pop("csrftoken", None)
    ahead = client.get(reverse("contacts:directory"), HTTP_X_OFFLINE_SYNC="1")
    assert ahead.status_code == 200 and shared.name in ahead.content.decode()
    assert not ahead.cookies  # neither the CSRF cookie nor the session's
    client.get(reverse("contacts:card", args=[shared.pk]), HTTP_X_OFFLINE_SYNC="1")
    hows = list(
        ContactAccessLog.objects.filter(user=cast.liaison).order_by("pk").values_list("how", flat=True)
    )
    assert hows == ["list", "offline", "offline"]

    # a read ahead sent with an ended session does not delete the cookie of the session that followed
    stale = client_for(cast.liaison)
    stale.logout()
    stale.cookies["sessionid"] = "ended-session-key"
    answer = stale.get(reverse("contacts:directory"), HTTP_X_OFFLINE_SYNC="1")
    assert answer.status_code == 302 and "sessionid" not in answer.cookies
    without_header = stale.get(reverse("contacts:directory"))
    assert without_header.cookies["sessionid"].value == ""  # what Django does to an opened page
