"""Offline reading for the field: the service worker, the list of pages it saves ahead for its reader, and the
headers that tell it which pages it may keep and for whom.

The worker (static/js/sw.js) keeps only GET pages of a signed-in reader whose view an app registered
(registry.register_offline), in a cache named after an opaque key of that reader; it drops every cache when
it sees a signed-out page, another reader or a logout, and the logout answer tells the browser to clear the
site's caches and storage too (Clear-Site-Data). It never touches the API, uploads or POSTs.
"""

import json

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import registry
from .permissions import role_in

USER_HEADER = "X-Offline-User"
PAGE_HEADER = "X-Offline"
# Sent by the worker on the pages it reads ahead: the reader did not open them.
SYNC_HEADER = "X-Offline-Sync"
# The worker re-reads the saved pages at most this often (a satellite link is slow and paid by the megabyte).
SYNC_INTERVAL_SECONDS = 15 * 60


def reader_key(user) -> str:
    """An opaque, stable key of a signed-in reader: names their cache on the device without revealing who."""
    return salted_hmac("cmcoord.offline.reader", f"{user.pk}:{user.password}").hexdigest()[:24]


def _worker_source() -> str:
    path = finders.find("js/sw.js")
    if path:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    with staticfiles_storage.open("js/sw.js") as handle:  # a built image without the source folder
        return handle.read().decode("utf-8")


@require_GET
def service_worker(request):
    """The service worker, from the site's root so that its scope covers every page."""
    config = {
        "manifestUrl": reverse("offline-manifest"),
        "offlineUrl": reverse("offline-page"),
        "logoutUrl": reverse("logout"),
        "staticUrl": settings.STATIC_URL
        if settings.STATIC_URL.startswith("/")
        else "/" + settings.STATIC_URL,
        "apiPrefixes": ["/api/"],
        "userHeader": USER_HEADER,
        "pageHeader": PAGE_HEADER,
        "syncHeader": SYNC_HEADER,
        "syncIntervalSeconds": SYNC_INTERVAL_SECONDS,
    }
    body = f"self.CMCOORD_OFFLINE = {json.dumps(config)};\n{_worker_source()}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def _pages_for(request) -> list[registry.OfflinePage]:
    from .views import current_operation_or_none

    operation = current_operation_or_none(request)
    role = role_in(request.user, operation) if operation else None
    if role is None:
        return []
    return registry.offline_pages(request.user, operation, role)


@never_cache
@require_GET
def manifest(request):
    """What the worker saves ahead for this reader: their pages (permissions applied) and the static files."""
    if not request.user.is_authenticated:
        raise Http404("Sign in first.")
    pages = _pages_for(request)
    urls = [reverse("offline-page")] + [page.url for page in pages]
    return JsonResponse(
        {
            "user": reader_key(request.user),
            "pages": list(dict.fromkeys(urls)),
            "static": [static("css/site.css"), static("js/offline.js")],
        }
    )


@login_required
def offline_page(request):
    """Shown by the worker for a page not saved on this device: the pages that are."""
    return render(request, "cmcoord/offline.html", {"pages": _pages_for(request)})


class LogoutView(auth_views.LogoutView):
    """Django's logout, telling the browser to drop this site's caches and storage (the saved pages)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


def is_background_sync(request) -> bool:
    """A page the worker reads ahead for its reader, not one the reader opened (access logs say so)."""
    return request.headers.get(SYNC_HEADER) == "1"


class BackgroundSyncMiddleware:
    """The worker's reads ahead never set or delete a cookie. One sent with a session that has just ended
    (another reader signed in on the device meanwhile) would otherwise delete the new session's cookie,
    signing the new reader out. Placed above the session and CSRF middleware, so it sees their cookies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_background_sync(request):
            response.cookies.clear()
        return response


class OfflineHeadersMiddleware:
    """Names the reader of every HTML page for the worker, and marks the pages it may keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            response[USER_HEADER] = "-"
            return response
        response[USER_HEADER] = reader_key(user)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.view_name in registry.offline_views()
        ):
            response[PAGE_HEADER] = "page"
        return response
