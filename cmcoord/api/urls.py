from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .views import MeView, NotificationViewSet, TokenView

router = DefaultRouter()
router.register("notifications", NotificationViewSet, basename="api-notification")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include("requests.api.urls")),
    path("", include("contacts.api.urls")),
    path("", include("guidelines.api.urls")),
    path("", include("maps.api.urls")),
    # /operations/: the core's read-only list and detail, extended by the operations app (open, edit, close…).
    path("", include("operations.api.urls")),
    path("", include(router.urls)),
]
