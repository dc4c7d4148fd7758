from django.urls import path

from . import views

app_name = "guidelines"

urlpatterns = [
    path("", views.library, name="library"),
    path("<int:pk>/", views.guideline_detail, name="detail"),
    path("<int:pk>/document/", views.guideline_document, name="document"),
    path("<int:pk>/new-version/", views.publish_version, name="publish-version"),
    path("<int:pk>/criteria/new/", views.criterion_add, name="criterion-add"),
    path("criteria/<int:pk>/reword/", views.criterion_reword, name="criterion-reword"),
    path("operations/<int:operation_pk>/", views.operation_guidelines, name="operation"),
    path(
        "operations/<int:operation_pk>/in-force/", views.operation_guideline_toggle, name="operation-toggle"
    ),
    path("operations/<int:operation_pk>/add/", views.country_guideline_add, name="country-add"),
]
