from django.urls import path

from .views import hct, meetings, rfa, tasking

app_name = "requests"

urlpatterns = [
    path("", rfa.request_list, name="list"),
    path("new/", rfa.request_create, name="create"),
    path("export.<str:fmt>", rfa.request_export, name="export"),
    path("exports/<id:pk>/", rfa.export_job, name="export_job"),
    path("exports/<id:pk>/download/", rfa.export_job_download, name="export_job_download"),
    path("<id:pk>/", rfa.request_detail, name="detail"),
    path("<id:pk>/edit/", rfa.request_edit, name="edit"),
    path("<id:pk>/assessment/", rfa.request_assess, name="assess"),
    path("<id:pk>/print/", rfa.request_print, name="print"),
    path("<id:pk>/action/", rfa.request_action, name="action"),
    path("<id:pk>/copy/", rfa.request_copy, name="copy"),
    path("<id:pk>/comments/", rfa.request_comment, name="comment"),
    path("<id:pk>/attachments/", rfa.attachment_upload, name="attach"),
    path("<id:pk>/attachments/<id:attachment_pk>/", rfa.attachment_download, name="attachment"),
    # The HCT decision and the tasks of the military.
    path("<id:pk>/hct/", hct.hct_put, name="hct_put"),
    path("<id:pk>/decision/", hct.hct_decide, name="decide"),
    path("<id:pk>/task/", tasking.task_create, name="task_create"),
    path("hct/", hct.hct_waiting, name="hct_waiting"),
    path("hct/<id:pk>/", hct.hct_respond, name="hct_respond"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<id:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<id:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<id:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<id:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<id:pk>/minutes/file/", meetings.meeting_minutes_file, name="meeting_minutes_file"),
    path("meetings/<id:pk>/agenda/", meetings.meeting_agenda_add, name="meeting_agenda_add"),
    path("tasks/", tasking.task_list, name="tasks"),
    path("tasks/<id:pk>/", tasking.task_detail, name="task_detail"),
    path("tasks/<id:pk>/<str:action>/", tasking.task_action, name="task_action"),
]
