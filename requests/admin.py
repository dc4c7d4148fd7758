"""The technical admin reads the record of requests; it never writes it. Every change goes through the
services (the pages and the API), which check the lifecycle and write the audit log; decisions, HCT responses,
task reports and acknowledgements are append-only, and comments and attachments are never deleted here."""

from django.contrib import admin

from cmcoord.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    AssessmentAnswer,
    AssistanceRequest,
    ConditionsAcknowledgement,
    Decision,
    HctResponse,
    RequestAttachment,
    RequestComment,
    RequestLeg,
    Task,
    TaskReport,
)


class LegInline(ReadOnlyInline):
    model = RequestLeg


class AnswerInline(ReadOnlyInline):
    model = AssessmentAnswer


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(ReadOnlyAdmin):
    """Read the record; its facts, legs and status change only through the services."""

    list_display = ["reference", "title", "status", "organization", "capability", "priority", "required_by"]
    list_filter = ["operation", "status", "capability", "assistance_type", "priority"]
    search_fields = ["reference", "title", "description"]
    inlines = [LegInline, AnswerInline]


@admin.register(RequestComment)
class RequestCommentAdmin(ReadOnlyAdmin):
    list_display = ["request", "author", "created_at"]


@admin.register(RequestAttachment)
class RequestAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "request", "size", "uploaded_by", "uploaded_at"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = [
        "request",
        "outcome",
        "valid_from",
        "valid_until",
        "procedure",
        "decided_by",
        "created_at",
    ]
    list_filter = ["outcome", "procedure"]
    list_select_related = ["request", "decided_by"]


@admin.register(HctResponse)
class HctResponseAdmin(ReadOnlyAdmin):
    list_display = ["referral", "member", "position", "responded_at"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["request", "force", "status", "tasked_at", "approval_expired"]
    list_filter = ["status", "approval_expired"]


@admin.register(TaskReport)
class TaskReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "by", "at"]


@admin.register(ConditionsAcknowledgement)
class ConditionsAcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["task", "decision", "by", "at"]
