from django.urls import path

from .views import DashboardView

urlpatterns = [
    path("operations/<id:operation_pk>/dashboard/", DashboardView.as_view(), name="api-report-dashboard"),
]
