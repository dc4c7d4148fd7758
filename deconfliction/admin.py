"""The technical admin reads the indelible record of humanitarian notifications; everything moves only through
deconfliction/services.py (the pages and the API), which audits it."""

from django.contrib import admin

from cmcoord.admin import ReadOnlyAdmin

from .models import (
    Acknowledgement,
    Concern,
    Dispatch,
    HumanitarianNotification,
    NotificationVersion,
    Transmission,
)


class TransmissionInline(admin.TabularInline):
    model = Transmission
    extra = 0
    fields = ["party", "status", "sent_at", "acknowledged_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HumanitarianNotification)
class HumanitarianNotificationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "status", "organization", "starts_at", "ends_at", "updated_at"]
    list_filter = ["operation", "kind", "status"]
    search_fields = ["reference"]
    inlines = [TransmissionInline]


@admin.register(NotificationVersion)
class NotificationVersionAdmin(ReadOnlyAdmin):
    pass


@admin.register(Transmission)
class TransmissionAdmin(ReadOnlyAdmin):
    list_display = ["notification", "party", "status", "sent_at", "acknowledged_at"]
    list_filter = ["status"]


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ["transmission", "reason", "sent_by", "sent_at"]
    list_filter = ["reason"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    pass


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    pass
