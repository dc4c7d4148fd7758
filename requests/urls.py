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

from . import hct_views, task_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/hct/", hct_views.hct_put, name="hct_put"),
    path("<int:pk>/decision/", hct_views.hct_decide, name="decide"),
    path("<int:pk>/task/", task_views.task_create, name="task_create"),
    path("hct/", hct_views.hct_waiting, name="hct_waiting"),
    path("hct/<int:pk>/", hct_views.hct_respond, name="hct_respond"),
    path("tasks/", task_views.task_list, name="tasks"),
    path("tasks/<int:pk>/", task_views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/<str:action>/", task_views.task_action, name="task_action"),
]
