from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("", views.operation_list, name="list"),
    path("new/", views.operation_create, name="create"),
    path("current/", views.operation_current, name="current"),
    path("invitations/<str:token>/", views.accept, name="accept"),
    path("<int:pk>/manage/", views.operation_detail, name="detail"),
    path("<int:pk>/edit/", views.operation_edit, name="edit"),
    path("<int:pk>/close/", views.operation_close, name="close"),
    path("<int:pk>/reopen/", views.operation_reopen, name="reopen"),
    path("<int:pk>/handover/", views.operation_handover, name="handover"),
    path("<int:pk>/organizations/", views.organizations, name="organizations"),
    path("<int:pk>/organizations/new/", views.organization_create, name="organization-create"),
    path("<int:pk>/organizations/<int:org_pk>/edit/", views.organization_edit, name="organization-edit"),
    path(
        "<int:pk>/organizations/<int:org_pk>/deactivate/",
        views.organization_deactivate,
        name="organization-deactivate",
    ),
    path("<int:pk>/people/", views.people, name="people"),
    path("<int:pk>/people/invite/", views.invite, name="invite"),
    path("<int:pk>/invitations/<int:inv_pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path(
        "<int:pk>/invitations/<int:inv_pk>/withdraw/", views.invitation_withdraw, name="invitation-withdraw"
    ),
    path("<int:pk>/memberships/<int:membership_pk>/", views.membership_role, name="membership"),
    path("<int:pk>/people/<int:user_pk>/active/", views.user_active, name="user-active"),
    path("<int:pk>/record/", views.record, name="record"),
    path("<int:pk>/record.csv", views.record_csv, name="record-csv"),
]
