from django.urls import include, path
from rest_framework.routers import SimpleRouter

from accounts.api import LogoutEverywhereView, TokenDetailView, TokenListView, TokenView

from .views import MeView, NotificationViewSet

# A simple router: no browsable root and no ".json" twins of the paths, which the schema would not describe.
router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="api-notification")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-token-list"),
    path("auth/tokens/<int:pk>/", TokenDetailView.as_view(), name="api-token-detail"),
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
