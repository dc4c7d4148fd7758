from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.vcf", views.export_vcard, name="export-vcard"),
    path("new/", views.contact_create, name="create"),
    path("<int:pk>/", views.card, name="card"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
    path("<int:pk>/verify/", views.contact_verify, name="verify"),
    path("<int:pk>/request-confirmation/", views.contact_request_confirmation, name="request-confirmation"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("platforms/", views.platforms, name="platforms"),
    path("platforms/new/", views.platform_create, name="platform-create"),
    path("platforms/<int:pk>/", views.platform_detail, name="platform"),
    path("platforms/<int:pk>/edit/", views.platform_edit, name="platform-edit"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import-preview"),
    path("access-log/", views.access_log, name="access-log"),
]
