from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("export.<str:fmt>", views.request_export, name="export"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/edit/", views.request_edit, name="edit"),
    path("<int:pk>/assessment/", views.request_assess, name="assess"),
    path("<int:pk>/print/", views.request_print, name="print"),
    path("<int:pk>/action/", views.request_action, name="action"),
    path("<int:pk>/copy/", views.request_copy, name="copy"),
    path("<int:pk>/comments/", views.request_comment, name="comment"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
