from django.contrib import admin

from .models import Asset, Assignment


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    """Read only: assets change through their services (audited), never here."""

    list_display = ["description", "force", "operation", "capability", "status", "on_behalf"]
    list_filter = ["operation", "capability", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["asset", "task", "state", "committed_from", "committed_until"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
