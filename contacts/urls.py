from django.urls import path

from . import views

app_name = "contacts"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.vcf", views.export_vcard, name="export-vcard"),
    path("new/", views.contact_create, name="create"),
    path("<id:pk>/", views.card, name="card"),
    path("<id:pk>/edit/", views.contact_edit, name="edit"),
    path("<id:pk>/verify/", views.contact_verify, name="verify"),
    path("<id:pk>/request-confirmation/", views.contact_request_confirmation, name="request-confirmation"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<id:pk>/", views.organization_detail, name="organization"),
    path("platforms/", views.platforms, name="platforms"),
    path("platforms/new/", views.platform_create, name="platform-create"),
    path("platforms/<id:pk>/", views.platform_detail, name="platform"),
    path("platforms/<id:pk>/edit/", views.platform_edit, name="platform-edit"),
    path("import/", views.import_upload, name="import"),
    path("import/<id:pk>/", views.import_preview, name="import-preview"),
    path("access-log/", views.access_log, name="access-log"),
]
