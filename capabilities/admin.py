"""The technical admin reads the forces' declared assets and their assignments to tasks; they change only
through capabilities/services.py (audited)."""

from django.contrib import admin

from cmcoord.admin import ReadOnlyAdmin

from .models import Asset, Assignment


@admin.register(Asset)
class AssetAdmin(ReadOnlyAdmin):
    list_display = ["description", "force", "operation", "capability", "status", "on_behalf"]
    list_filter = ["operation", "capability", "status"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["asset", "task", "state", "committed_from", "committed_until"]
