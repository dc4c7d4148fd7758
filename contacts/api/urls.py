from django.urls import path

from cmcoord.api.routers import IdRouter

from .views import (
    AccessLogViewSet,
    ContactImportViewSet,
    ContactViewSet,
    DirectoryExportView,
    OrganizationViewSet,
    PlatformViewSet,
)

router = IdRouter()
router.register("organizations", OrganizationViewSet, basename="api-organization")
router.register("contacts", ContactViewSet, basename="api-contact")
router.register("contact-imports", ContactImportViewSet, basename="api-contact-import")
router.register("contact-access-log", AccessLogViewSet, basename="api-contact-access-log")
router.register("platforms", PlatformViewSet, basename="api-platform")

urlpatterns = [
    path("contacts/export/<str:fmt>/", DirectoryExportView.as_view(), name="api-contact-export"),
    *router.urls,
]
