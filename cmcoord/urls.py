from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import notification_views, offline, views

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set-language"),
    path("operations/switch/", views.switch_operation, name="operation-switch"),
    path("operations/<int:pk>/", views.operation_detail, name="operation-detail"),
    path("notifications/", notification_views.inbox, name="notifications"),
    path("notifications/<int:pk>/read/", notification_views.mark_read, name="notification-read"),
    path("notifications/read-all/", notification_views.mark_all_read, name="notifications-read-all"),
    path("notifications/preferences/", notification_views.preferences, name="notification-preferences"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
        ),
        name="password_reset",
    ),
    path("accounts/logout/", offline.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("offline/", offline.offline_page, name="offline-page"),
    path("offline/manifest.json", offline.manifest, name="offline-manifest"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("cmcoord.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("requests/", include("requests.urls")),
    path("contacts/", include("contacts.urls")),
    path("guidelines/", include("guidelines.urls")),
]

handler404 = "cmcoord.views.page_not_found"
handler500 = "cmcoord.views.server_error"
