from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .views import MeView, NotificationViewSet, OperationViewSet, TokenView

router = DefaultRouter()
router.register("operations", OperationViewSet, basename="api-operation")
router.register("notifications", NotificationViewSet, basename="api-notification")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("", include("requests.api.urls")),
    path("", include("contacts.api.urls")),
    path("", include("guidelines.api.urls")),
    path("", include("deconfliction.api.urls")),
    path("", include(router.urls)),
]
