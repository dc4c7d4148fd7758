from django.contrib import admin

from .models import Dispatch, HumanitarianNotification, Transmission


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read the record; everything moves only through the services (the pages and the API)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransmissionInline(admin.TabularInline):
    model = Transmission
    extra = 0
    fields = ["party", "status", "sent_at", "acknowledged_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HumanitarianNotification)
class HumanitarianNotificationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "status", "organization", "starts_at", "ends_at", "updated_at"]
    list_filter = ["operation", "kind", "status"]
    search_fields = ["reference"]
    inlines = [TransmissionInline]


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ["transmission", "reason", "sent_by", "sent_at"]
    list_filter = ["reason"]
