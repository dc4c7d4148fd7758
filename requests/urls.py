from django.urls import path

from .views import hct, meetings, rfa, tasking

app_name = "requests"

urlpatterns = [
    path("", rfa.request_list, name="list"),
    path("new/", rfa.request_create, name="create"),
    path("export.<str:fmt>", rfa.request_export, name="export"),
    path("exports/<int:pk>/", rfa.export_job, name="export_job"),
    path("exports/<int:pk>/download/", rfa.export_job_download, name="export_job_download"),
    path("<int:pk>/", rfa.request_detail, name="detail"),
    path("<int:pk>/edit/", rfa.request_edit, name="edit"),
    path("<int:pk>/assessment/", rfa.request_assess, name="assess"),
    path("<int:pk>/print/", rfa.request_print, name="print"),
    path("<int:pk>/action/", rfa.request_action, name="action"),
    path("<int:pk>/copy/", rfa.request_copy, name="copy"),
    path("<int:pk>/comments/", rfa.request_comment, name="comment"),
    path("<int:pk>/attachments/", rfa.attachment_upload, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/", rfa.attachment_download, name="attachment"),
    # The HCT decision and the tasks of the military.
    path("<int:pk>/hct/", hct.hct_put, name="hct_put"),
    path("<int:pk>/decision/", hct.hct_decide, name="decide"),
    path("<int:pk>/task/", tasking.task_create, name="task_create"),
    path("hct/", hct.hct_waiting, name="hct_waiting"),
    path("hct/<int:pk>/", hct.hct_respond, name="hct_respond"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/minutes/file/", meetings.meeting_minutes_file, name="meeting_minutes_file"),
    path("meetings/<int:pk>/agenda/", meetings.meeting_agenda_add, name="meeting_agenda_add"),
    path("tasks/", tasking.task_list, name="tasks"),
    path("tasks/<int:pk>/", tasking.task_detail, name="task_detail"),
    path("tasks/<int:pk>/<str:action>/", tasking.task_action, name="task_action"),
]
