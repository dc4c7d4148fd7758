from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("mfa/setup/", views.mfa_setup, name="mfa-setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa-verify"),
    path("mfa/lost/", views.mfa_lost, name="mfa-lost"),
    path("mfa/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("security/recovery-codes/new/", views.recovery_codes_regenerate, name="recovery-codes-regenerate"),
    path("security/", views.security, name="security"),
    path("security/tokens/new/", views.token_create, name="token-create"),
    path("security/tokens/<id:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("security/logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("people/", views.people, name="people"),
    path("people/<id:pk>/unlock/", views.lockout_lift, name="lockout-lift"),
    path("people/<id:pk>/reset-mfa/", views.mfa_reset, name="mfa-reset"),
]
