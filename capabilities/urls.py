from django.urls import path

from . import views

app_name = "capabilities"

urlpatterns = [
    path("", views.registry_page, name="registry"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("new/", views.asset_create, name="create"),
    path("gaps/", views.gaps_page, name="gaps"),
    path("<id:pk>/", views.asset_detail, name="detail"),
    path("<id:pk>/edit/", views.asset_edit, name="edit"),
    path("<id:pk>/<str:action>/", views.asset_action, name="action"),
]
