from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from . import notifications
from .models import (
    AuditEvent,
    Membership,
    Notification,
    NotificationPreference,
    Operation,
    Organization,
    User,
)
from .services import membership_remove, membership_set


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Organisation", {"fields": ("organization", "title", "language")}),
        ("Running operations", {"fields": ("is_operations_manager",)}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Organisation", {"fields": ("organization", "email")}),)
    list_display = ("username", "first_name", "last_name", "email", "organization", "is_staff", "is_active")
    list_filter = ("organization__type", "is_staff", "is_operations_manager", "is_active")
    list_select_related = ("organization",)
    search_fields = ("username", "first_name", "last_name", "email", "organization__name")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "type", "country")
    list_filter = ("type",)
    search_fields = ("name", "acronym")


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "country", "context", "status", "start_date", "end_date")
    list_filter = ("status", "context")
    search_fields = ("name", "code", "country")
    filter_horizontal = ("organizations",)
    # Closing and reopening go through the service (audited, refused while tasks are open): not edited here.
    readonly_fields = ("status",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships are written through the service, so every change is validated and audited."""

    list_display = ("user", "operation", "role")
    list_filter = ("operation", "role")
    list_select_related = ("user", "operation")
    search_fields = ("user__username", "user__last_name")
    autocomplete_fields = ("user",)

    def save_model(self, request, obj, form, change):
        saved = membership_set(operation=obj.operation, user=obj.user, role=obj.role, actor=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        membership_remove(membership=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            membership_remove(membership=membership, actor=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin with no add, change or delete path: for append-only records."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """The rows of a record shown inside its read-only admin page: nothing added, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read only: the audit log has no add, change or delete path."""

    list_display = ("created_at", "operation", "actor", "verb", "object_repr", "from_state", "to_state")
    list_filter = ("verb", "operation")
    list_select_related = ("actor", "operation")
    search_fields = ("object_repr", "comment", "actor__username")
    date_hierarchy = "created_at"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox: read only; an operator retries failed or stuck emails through the service."""

    list_display = (
        "created_at",
        "recipient",
        "kind",
        "operation",
        "email_status",
        "attempts",
        "short_error",
        "next_attempt_at",
        "sent_at",
        "read_at",
    )
    list_filter = ("email_status", "kind", "operation", "language")
    list_select_related = ("recipient", "operation")
    search_fields = ("recipient__username", "recipient__email", "subject", "dedupe_key", "last_error")
    date_hierarchy = "created_at"
    actions = ["retry"]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:80]

    @admin.action(
        description=_("Send the selected emails again (failed, waiting to retry or stuck in queue)")
    )
    def retry(self, request, queryset):
        done = sum(
            notifications.notification_retry(notification=n, actor=request.user)
            for n in queryset.order_by("pk")
        )
        skipped = queryset.count() - done
        self.message_user(request, f"{done} notification(s) will be sent again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} notification(s) skipped: already sent, sending, or not emailed.",
                messages.WARNING,
            )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "channel")
    list_filter = ("kind", "channel")
    list_select_related = ("user",)
    search_fields = ("user__username",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
