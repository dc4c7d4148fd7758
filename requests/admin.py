from django.contrib import admin

from .models import AssessmentAnswer, AssistanceRequest, RequestAttachment, RequestComment, RequestLeg


class LegInline(admin.TabularInline):
    model = RequestLeg
    extra = 0


class AnswerInline(admin.TabularInline):
    model = AssessmentAnswer
    extra = 0
    readonly_fields = ["criterion_version", "criterion_code", "answer", "justification", "answered_by"]
    can_delete = False


@admin.register(AssistanceRequest)
class AssistanceRequestAdmin(admin.ModelAdmin):
    """Read the record; the status moves only through the services (the pages and the API)."""

    list_display = ["reference", "title", "status", "organization", "capability", "priority", "required_by"]
    list_filter = ["operation", "status", "capability", "priority"]
    search_fields = ["reference", "title", "description"]
    readonly_fields = [
        "reference",
        "number",
        "status",
        "operation",
        "organization",
        "created_by",
        "created_at",
    ]
    inlines = [LegInline, AnswerInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RequestComment)
class RequestCommentAdmin(admin.ModelAdmin):
    list_display = ["request", "author", "created_at"]
    readonly_fields = ["request", "author", "text", "created_at"]


@admin.register(RequestAttachment)
class RequestAttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "request", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["request", "file", "name", "size", "uploaded_by", "uploaded_at"]
