"""Pages of the guidelines library. Thin: permissions.py decides who sees what, services.py writes."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cmcoord.exceptions import DomainError
from cmcoord.forms import errors_to_form
from cmcoord.views import current_operation_or_none

from . import selectors, services
from .forms import (
    CountryGuidelineForm,
    CriterionForm,
    CriterionRewordForm,
    LibraryFilterForm,
    PublishVersionForm,
)
from .permissions import (
    can_manage_operation_guidelines,
    can_publish_version,
    can_write_criteria,
    get_criterion_to_write,
    get_guideline_for_user,
    get_guideline_to_write,
    get_operation_to_manage,
    visible_guidelines,
)

PAGE_SIZE = 25


@login_required
def library(request):
    """The library: filters, full-text search with the matches marked, and what is in force here."""
    form = LibraryFilterForm(request.GET or None, issuers=selectors.issuers(request.user))
    filters = form.filters()
    page = Paginator(selectors.library(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    marked = selectors.snippets(page, filters["q"]) if filters["q"] else {}
    operation = current_operation_or_none(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "guidelines/library.html",
        {
            "form": form,
            "page": page,
            "results": [(guideline, marked.get(guideline.pk)) for guideline in page],
            "q": filters["q"],
            "query_string": query.urlencode(),
            "operation": operation,
            "in_force": selectors.guideline_ids_in_force(operation),
            "can_manage": can_manage_operation_guidelines(request.user, operation),
        },
    )


@login_required
def guideline_detail(request, pk: int):
    """A guideline with its criteria (earlier wordings kept), its versions and its document."""
    guideline = get_guideline_for_user(request.user, pk)
    operation = current_operation_or_none(request)
    in_force = guideline.pk in selectors.guideline_ids_in_force(operation)
    can_mark = (
        not in_force
        and can_manage_operation_guidelines(request.user, operation)
        and selectors.guidelines_to_mark(request.user, operation).filter(pk=guideline.pk).exists()
    )
    return render(
        request,
        "guidelines/detail.html",
        {
            "guideline": guideline,
            "criteria": selectors.criteria_with_history(guideline),
            "versions": selectors.version_history(request.user, guideline),
            "operation": operation,
            "in_force": in_force,
            "can_mark": can_mark,
            "can_publish": can_publish_version(request.user, guideline) and not guideline.is_superseded,
            "can_write_criteria": can_write_criteria(request.user, guideline),
        },
    )


@login_required
def guideline_document(request, pk: int):
    """The uploaded document, for those who may read the guideline only (404 otherwise)."""
    guideline = get_guideline_for_user(request.user, pk)
    if not guideline.document:
        raise Http404("This guideline has no uploaded document.")
    try:
        handle = guideline.document.open("rb")
    except FileNotFoundError:
        raise Http404("The document file is missing.") from None
    return FileResponse(handle, as_attachment=True, filename=Path(guideline.document.name).name)


@login_required
def operation_guidelines(request, operation_pk: int):
    """For the operation's CMCoord officers: which guidelines are in force, and its country guidelines."""
    operation = get_operation_to_manage(request.user, operation_pk)
    in_force = selectors.guideline_ids_in_force(operation)
    return render(
        request,
        "guidelines/operation.html",
        {
            "operation": operation,
            "candidates": selectors.guidelines_to_mark(request.user, operation),
            "in_force": in_force,
            "explicit": operation.guidelines_in_force.exists(),
            "criteria": selectors.criteria_for_operation(operation),
        },
    )


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def operation_guideline_toggle(request, operation_pk: int):
    """Mark a guideline in force for the operation, or take it out of force."""
    operation = get_operation_to_manage(request.user, operation_pk)
    guideline = get_object_or_404(visible_guidelines(request.user), pk=request.POST.get("guideline") or 0)
    try:
        if request.POST.get("action") == "remove":
            services.guideline_unmark_in_force(operation=operation, guideline=guideline, actor=request.user)
            messages.success(
                request,
                _("%(name)s is no longer in force for %(operation)s.")
                % {"name": guideline.shown_name, "operation": operation},
            )
        else:
            services.guideline_mark_in_force(operation=operation, guideline=guideline, actor=request.user)
            messages.success(
                request,
                _("%(name)s is now in force for %(operation)s.")
                % {"name": guideline.shown_name, "operation": operation},
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_next_or(request, reverse("guidelines:operation", args=[operation.pk])))


@login_required
def country_guideline_add(request, operation_pk: int):
    """Add a country-specific guideline (HCT-internal or public) with its document or a link."""
    operation = get_operation_to_manage(request.user, operation_pk)
    form = CountryGuidelineForm(request.POST or None, request.FILES or None, operation=operation)
    if request.method == "POST" and form.is_valid():
        try:
            guideline = services.country_guideline_add(
                operation=operation, actor=request.user, **form.service_kwargs()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(name)s was added to the library of %(operation)s.")
                % {"name": guideline.shown_name, "operation": operation},
            )
            return redirect(guideline)
    return render(request, "guidelines/country_form.html", {"form": form, "operation": operation})


@login_required
def publish_version(request, pk: int):
    """Publish a new version that supersedes this one (country guidelines: their officers; others: staff)."""
    guideline = get_guideline_for_user(request.user, pk)
    if not can_publish_version(request.user, guideline) or guideline.is_superseded:
        raise Http404("No such guideline.")
    form = PublishVersionForm(request.POST or None, request.FILES or None, guideline=guideline)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.guideline_publish_version(
                guideline=guideline, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Version %(version)s of %(name)s is published.")
                % {"version": new.version, "name": new.shown_name},
            )
            return redirect(new)
    return render(request, "guidelines/publish_form.html", {"form": form, "guideline": guideline})


@login_required
def criterion_add(request, pk: int):
    """Add a criterion to a guideline (country guidelines: their officers; others: the library keepers)."""
    guideline = get_guideline_to_write(request.user, pk)
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            criterion = services.criterion_add(guideline=guideline, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The criterion %(number)s was added.") % {"number": criterion.number})
            return redirect(criterion)
    return render(
        request,
        "guidelines/criterion_form.html",
        {"form": form, "guideline": guideline, "heading": _("Add a criterion")},
    )


@login_required
def criterion_reword(request, pk: int):
    """Reword a criterion: its next version; assessments already made keep the wording they answered."""
    criterion = get_criterion_to_write(request.user, pk)
    initial = {"title": criterion.current.title, "text": criterion.current.text} if criterion.current else {}
    form = CriterionRewordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.criterion_reword(criterion=criterion, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The criterion %(number)s now reads as version %(version)s.")
                % {"number": criterion.number, "version": version.version},
            )
            return redirect(criterion)
    return render(
        request,
        "guidelines/criterion_form.html",
        {
            "form": form,
            "guideline": criterion.guideline,
            "criterion": criterion,
            "heading": _("Reword criterion %(number)s") % {"number": criterion.number},
        },
    )
