from django.urls import path

from . import views

app_name = "guidelines"

urlpatterns = [
    path("<int:pk>/", views.guideline_detail, name="detail"),
]
