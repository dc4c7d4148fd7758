"""The technical admin reads the directory; officers change it through its pages, which audit every change."""

from django.contrib import admin

from cmcoord.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    ConfirmationRequest,
    Contact,
    ContactAccessLog,
    ContactEmail,
    ContactPhone,
    CoordinationPlatform,
    ImportBatch,
)


class EmailInline(ReadOnlyInline):
    model = ContactEmail


class PhoneInline(ReadOnlyInline):
    model = ContactPhone


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    """Read only for support staff: officers keep the directory (sharing levels too) through its pages, which
    audit every change."""

    list_display = ("name", "organization", "operation", "sharing", "last_verified")
    list_filter = ("operation", "sharing", "organization__type")
    list_select_related = ("organization", "operation")
    search_fields = ("name", "title", "organization__name", "organization__acronym", "emails__email")
    inlines = [EmailInline, PhoneInline]
    raw_id_fields = ("user",)


@admin.register(CoordinationPlatform)
class PlatformAdmin(ReadOnlyAdmin):
    """Officers keep the platforms and who sits on them through the directory's pages (audited)."""

    list_display = ("name", "kind", "operation", "meeting_schedule")
    list_filter = ("operation", "kind")
    filter_horizontal = ("members",)


@admin.register(ContactAccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "operation", "how", "contact_count")
    list_filter = ("operation", "how")


@admin.register(ConfirmationRequest)
class ConfirmationRequestAdmin(ReadOnlyAdmin):
    """A request to confirm one's details is sent and answered through the service, never edited here."""

    list_display = ("contact", "requested_by", "requested_at", "confirmed_at")


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    """An import is previewed and applied through the service, which audits it; staff only read it."""

    list_display = ("pk", "filename", "operation", "created_by", "created_at", "status")
    list_filter = ("status",)
