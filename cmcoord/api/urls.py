from django.urls import include, path

from accounts.api import LogoutEverywhereView, TokenDetailView, TokenListView, TokenView

from .routers import IdRouter
from .views import MeView, NotificationPreferencesView, NotificationViewSet

# A router without a browsable root or ".json" twins of the paths, which the schema would not describe;
# its detail routes take an id (cmcoord.converters).
router = IdRouter()
router.register("notifications", NotificationViewSet, basename="api-notification")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path(
        "notification-preferences/",
        NotificationPreferencesView.as_view(),
        name="api-notification-preferences",
    ),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-token-list"),
    path("auth/tokens/<id:pk>/", TokenDetailView.as_view(), name="api-token-detail"),
    path("auth/logout-everywhere/", LogoutEverywhereView.as_view(), name="api-logout-everywhere"),
    path("", include("requests.api.urls")),
    path("", include("contacts.api.urls")),
    path("", include("guidelines.api.urls")),
    path("", include("maps.api.urls")),
    # /operations/: the core's read-only list and detail, extended by the operations app (open, edit, close…).
    path("", include("operations.api.urls")),
    path("", include("capabilities.api.urls")),
    path("", include("deconfliction.api.urls")),
    path("", include("reports.api.urls")),
    path("", include(router.urls)),
]
