from django.urls import path

from . import views

app_name = "deconfliction"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("new/<str:kind>/", views.notification_create, name="create"),
    path("<int:pk>/", views.notification_detail, name="detail"),
    path("<int:pk>/edit/", views.notification_edit, name="edit"),
    path("<int:pk>/transmit/", views.notification_transmit, name="transmit"),
    path("<int:pk>/withdraw/", views.notification_withdraw, name="withdraw"),
    path("<int:pk>/record.csv", views.notification_record, name="record"),
    path("received/<int:pk>/", views.received_detail, name="received"),
    path("received/<int:pk>/acknowledge/", views.received_acknowledge, name="acknowledge"),
    path("received/<int:pk>/concern/", views.received_concern, name="concern"),
    path("received/export.<str:fmt>", views.received_export, name="received_export"),
]
