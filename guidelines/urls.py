from django.urls import path

from . import views

app_name = "guidelines"

urlpatterns = [
    path("", views.library, name="library"),
    path("<id:pk>/", views.guideline_detail, name="detail"),
    path("<id:pk>/document/", views.guideline_document, name="document"),
    path("<id:pk>/new-version/", views.publish_version, name="publish-version"),
    path("<id:pk>/criteria/new/", views.criterion_add, name="criterion-add"),
    path("criteria/<id:pk>/reword/", views.criterion_reword, name="criterion-reword"),
    path("operations/<id:operation_pk>/", views.operation_guidelines, name="operation"),
    path("operations/<id:operation_pk>/in-force/", views.operation_guideline_toggle, name="operation-toggle"),
    path("operations/<id:operation_pk>/add/", views.country_guideline_add, name="country-add"),
]
