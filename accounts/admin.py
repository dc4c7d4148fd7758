"""The admin shows that a person has recovery codes, never the codes (django-otp stores them as typed)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice

if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)


@admin.register(StaticDevice)
class RecoveryCodesAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = ["user", "name"]
    raw_id_fields: list = []

    def has_add_permission(self, request) -> bool:
        return False
