from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("", views.operation_list, name="list"),
    path("new/", views.operation_create, name="create"),
    path("current/", views.operation_current, name="current"),
    path("invitations/<str:token>/", views.accept, name="accept"),
    path("<id:pk>/manage/", views.operation_detail, name="detail"),
    path("<id:pk>/edit/", views.operation_edit, name="edit"),
    path("<id:pk>/close/", views.operation_close, name="close"),
    path("<id:pk>/reopen/", views.operation_reopen, name="reopen"),
    path("<id:pk>/handover/", views.operation_handover, name="handover"),
    path("<id:pk>/organizations/", views.organizations, name="organizations"),
    path("<id:pk>/organizations/new/", views.organization_create, name="organization-create"),
    path("<id:pk>/organizations/<id:org_pk>/edit/", views.organization_edit, name="organization-edit"),
    path(
        "<id:pk>/organizations/<id:org_pk>/deactivate/",
        views.organization_deactivate,
        name="organization-deactivate",
    ),
    path("<id:pk>/people/", views.people, name="people"),
    path("<id:pk>/people/invite/", views.invite, name="invite"),
    path("<id:pk>/invitations/<id:inv_pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path("<id:pk>/invitations/<id:inv_pk>/withdraw/", views.invitation_withdraw, name="invitation-withdraw"),
    path("<id:pk>/memberships/<id:membership_pk>/", views.membership_role, name="membership"),
    path("<id:pk>/people/<id:user_pk>/active/", views.user_active, name="user-active"),
    path("<id:pk>/record/", views.record, name="record"),
    path("<id:pk>/record.csv", views.record_csv, name="record-csv"),
]
