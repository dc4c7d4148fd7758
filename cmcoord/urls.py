from django.contrib import admin
from django.urls import include, path

from accounts.views import ThrottledPasswordResetView

from . import notification_views, offline, views
from .api.views import DocsView, SchemaView

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set-language"),
    path("operations/switch/", views.switch_operation, name="operation-switch"),
    path("operations/<id:pk>/", views.operation_detail, name="operation-detail"),
    path("operations/", include("operations.urls")),
    path("notifications/", notification_views.inbox, name="notifications"),
    path("notifications/<id:pk>/read/", notification_views.mark_read, name="notification-read"),
    path("notifications/read-all/", notification_views.mark_all_read, name="notifications-read-all"),
    path("notifications/preferences/", notification_views.preferences, name="notification-preferences"),
    path(
        "accounts/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/logout/", offline.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("offline/", offline.offline_page, name="offline-page"),
    path("offline/manifest.json", offline.manifest, name="offline-manifest"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("cmcoord.api.urls")),
    # The schema and its docs are for signed-in users only (the docs' script is served from our origin).
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        DocsView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path("requests/", include("requests.urls")),
    path("contacts/", include("contacts.urls")),
    path("guidelines/", include("guidelines.urls")),
    path("maps/", include("maps.urls")),
    path("capabilities/", include("capabilities.urls")),
    path("deconfliction/", include("deconfliction.urls")),
    path("reports/", include("reports.urls")),
]

handler400 = "cmcoord.views.bad_request"
handler403 = "cmcoord.views.permission_denied"
handler404 = "cmcoord.views.page_not_found"
handler500 = "cmcoord.views.server_error"
