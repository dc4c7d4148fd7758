from django.urls import path

from . import views

app_name = "deconfliction"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("new/<str:kind>/", views.notification_create, name="create"),
    path("<id:pk>/", views.notification_detail, name="detail"),
    path("<id:pk>/edit/", views.notification_edit, name="edit"),
    path("<id:pk>/transmit/", views.notification_transmit, name="transmit"),
    path("<id:pk>/withdraw/", views.notification_withdraw, name="withdraw"),
    path("<id:pk>/record.csv", views.notification_record, name="record"),
    path("received/<id:pk>/", views.received_detail, name="received"),
    path("received/<id:pk>/acknowledge/", views.received_acknowledge, name="acknowledge"),
    path("received/<id:pk>/concern/", views.received_concern, name="concern"),
    path("received/export.<str:fmt>", views.received_export, name="received_export"),
]
