from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("daily/", views.daily, name="daily"),
    path("daily/settings/", views.daily_settings, name="daily-settings"),
    path("tasks/<id:pk>/order/", views.task_order, name="task-order"),
]
