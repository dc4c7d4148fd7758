from django.urls import path

from .views import DashboardView

urlpatterns = [
    path("operations/<int:operation_pk>/dashboard/", DashboardView.as_view(), name="api-report-dashboard"),
]
