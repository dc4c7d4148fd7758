"""The technical admin reads the library of guidelines and their criteria; officers keep them through the
guidelines pages (guidelines/services.py), which version criteria and audit every change."""

from django.contrib import admin
from django.db import models

from cmcoord.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Criterion, CriterionVersion, Guideline, OperationGuideline


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ["number", "code", "contexts", "order", "current"]


class CriterionVersionInline(ReadOnlyInline):
    model = CriterionVersion
    fields = ["version", "title", "text", "created_by", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Guideline)
class GuidelineAdmin(ReadOnlyAdmin):
    inlines = [CriterionInline]
    list_display = ["short_name", "title", "issuer", "year", "scope", "contexts", "operation", "version"]
    list_filter = ["scope", "contexts"]
    search_fields = ["short_name", "title", "issuer"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    inlines = [CriterionVersionInline]
    list_display = ["guideline", "number", "code", "contexts", "order"]
    list_select_related = ["guideline"]


@admin.register(CriterionVersion)
class CriterionVersionAdmin(ReadOnlyAdmin):
    list_display = ["criterion", "version", "title", "created_by", "created_at"]


@admin.register(OperationGuideline)
class OperationGuidelineAdmin(ReadOnlyAdmin):
    list_display = ["operation", "guideline", "added_by", "added_at"]
    list_filter = ["operation"]
