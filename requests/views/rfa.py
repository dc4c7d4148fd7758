"""Pages of requests for MCDA: thin views that validate a form, call one service and redirect."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cmcoord.exceptions import DomainError
from cmcoord.forms import errors_to_form
from cmcoord.paging import paginator_for
from cmcoord.views import current_operation_or_none

from .. import exports, lifecycle, permissions, selectors
from ..filters import RequestFilter
from ..forms.rfa import (
    ActionForm,
    AssessmentForm,
    AttachmentForm,
    CommentForm,
    RequestForm,
    leg_formset,
    legs_as_typed,
    legs_changed,
)
from ..services import exports as export_services
from ..services import rfa as services

PAGE_SIZE = 25
EXPORT_REFRESH_SECONDS = 3
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _operation(request):
    """The current operation, or 404 when the user has none or may not list its requests (military users)."""
    operation = current_operation_or_none(request)
    if not permissions.can_list(request.user, operation):
        raise Http404("No requests here.")
    return operation


def _filtered(request, operation) -> RequestFilter:
    return RequestFilter(
        request.GET or None,
        queryset=selectors.requests_for_user(request.user, operation),
        operation=operation,
    )


@login_required
def request_list(request):
    """The operation's requests the user may see, filtered, searched, sorted and paginated."""
    operation = _operation(request)
    filterset = _filtered(request, operation)
    rows = selectors.listed_requests(request.user, operation, filterset)
    # Unfiltered, the count is the planner's estimate once the list is big (no COUNT of 100,000 rows); a
    # search on PostgreSQL counts and pages its matches in one pass (cmcoord.paging).
    unfiltered = not (set(request.GET) - {"page", "sort"})
    paginator = paginator_for(rows, unfiltered=unfiltered)(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requests/list.html",
        {
            "operation": operation,
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_create": permissions.can_create(request.user, operation),
        },
    )


@login_required
def request_export(request, fmt: str):
    """The filtered list as CSV or XLSX (the same visibility as the page)."""
    operation = _operation(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format.")
    rows = _filtered(request, operation).qs
    # Over the threshold, in the background: the link answers with the job's page (bounded count: LIMIT).
    threshold = settings.EXPORT_BACKGROUND_ROWS
    if rows.order_by().values("pk")[: threshold + 1].count() > threshold:
        job = export_services.export_job_start(
            actor=request.user, operation=operation, fmt=fmt, query=request.GET.urlencode()
        )
        return redirect("requests:export_job", pk=job.pk)
    if fmt == "csv":
        return exports.csv_response(rows, operation)
    return exports.xlsx_response(rows, operation)


@login_required
def export_job(request, pk: int):
    """A background export: "Preparing… N of M rows", refreshing itself without JavaScript, then the link."""
    job = permissions.get_export_job_for_user(request.user, pk)
    return render(
        request,
        "requests/export_job.html",
        {
            "job": job,
            "operation": job.operation,
            "refresh": EXPORT_REFRESH_SECONDS if job.in_progress else None,
        },
    )


@login_required
def export_job_download(request, pk: int):
    """The file of a background export, for the user who asked, while it is ready and not expired."""
    job = permissions.get_export_job_for_user(request.user, pk)
    if job.status != job.Status.READY or not job.file or job.expires_at <= timezone.now():
        raise Http404("This export is not ready.")
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=exports.filename(job.operation, job.fmt),
        content_type=EXPORT_TYPES[job.fmt],
    )


def _render_form(request, *, form, legs, rfa=None, assessment=None, status=200):
    return render(
        request,
        "requests/form.html",
        {
            "form": form,
            "legs": legs,
            "rfa": rfa,
            "assessment": assessment,
            "operation": rfa.operation if rfa else _operation(request),
        },
        status=status,
    )


def _apply_errors(form, legs, error: ValidationError) -> None:
    skipped = errors_to_form(form, error, skip=("legs",))
    if "legs" in skipped:
        legs._non_form_errors = legs.error_class(skipped["legs"])


def _leg_step(data) -> tuple[bool, int | None] | None:
    """(leg added, index removed) when a leg button posted the page (no script), else None."""
    if "add_leg" in data:
        return True, None
    if "remove_leg" in data:
        try:
            return False, int(data["remove_leg"])
        except ValueError:
            return False, None
    return None


@login_required
def request_create(request):
    """Log a new request with its legs and its assessment on one page: save it as a draft, or submit it."""
    operation = _operation(request)
    if not permissions.can_create(request.user, operation):
        raise Http404("Your role cannot create requests.")
    organizations = permissions.organizations_for_create(request.user, operation)
    rows = selectors.new_assessment_rows(operation)
    if request.method == "POST":
        step = _leg_step(request.POST)
        if step is not None:
            # Without the page's script: show the form again, as typed, with a leg added or removed.
            typed = request.POST.dict()
            form = RequestForm(initial=typed, organizations=organizations)
            legs = leg_formset(rows=legs_changed(legs_as_typed(request.POST), add=step[0], remove=step[1]))
            assessment = AssessmentForm(initial=typed, rows=rows)
            return _render_form(request, form=form, legs=legs, assessment=assessment)
        form = RequestForm(request.POST, organizations=organizations)
        legs = leg_formset(data=request.POST)
        assessment = AssessmentForm(request.POST, rows=rows)
        if form.is_valid() and legs.is_valid() and assessment.is_valid():
            submit = "submit" in request.POST
            try:
                rfa = services.request_log(
                    operation=operation,
                    actor=request.user,
                    organization=form.cleaned_data["organization"],
                    data=form.cleaned_data,
                    legs=legs.legs(),
                    answers=assessment.answers(),
                    submit=submit,
                )
            except ValidationError as error:
                _apply_errors(form, legs, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if submit:
                    messages.success(
                        request,
                        _("Request %(reference)s submitted to the CMCoord officers.")
                        % {"reference": rfa.reference},
                    )
                else:
                    messages.success(
                        request, _("Request %(reference)s saved as a draft.") % {"reference": rfa.reference}
                    )
                return redirect(rfa)
        return _render_form(request, form=form, legs=legs, assessment=assessment, status=400)
    form = RequestForm(
        organizations=organizations, initial={"requesting_officer": request.user.get_full_name()}
    )
    return _render_form(request, form=form, legs=leg_formset(), assessment=AssessmentForm(rows=rows))


@login_required
def request_edit(request, pk: int):
    """Change a draft or returned request."""
    rfa = permissions.get_request_for_user(request.user, pk)
    if not permissions.can_edit(request.user, rfa):
        messages.error(request, _("This request cannot be edited now."))
        return redirect(rfa)
    if request.method == "POST":
        step = _leg_step(request.POST)
        if step is not None:
            form = RequestForm(instance=rfa, initial=request.POST.dict())
            legs = leg_formset(rows=legs_changed(legs_as_typed(request.POST), add=step[0], remove=step[1]))
            return _render_form(request, form=form, legs=legs, rfa=rfa)
        form = RequestForm(request.POST, instance=rfa)
        legs = leg_formset(data=request.POST)
        if form.is_valid() and legs.is_valid():
            try:
                services.request_update(rfa=rfa, actor=request.user, data=form.cleaned_data, legs=legs.legs())
            except ValidationError as error:
                _apply_errors(form, legs, error)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect(rfa)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(rfa)
        return _render_form(request, form=form, legs=legs, rfa=rfa, status=400)
    return _render_form(
        request, form=RequestForm(instance=rfa), legs=leg_formset(legs=rfa.legs.all()), rfa=rfa
    )


@login_required
def request_detail(request, pk: int):
    """A request: its facts, legs, assessment, attachments, timeline, comments and the actions offered."""
    rfa = permissions.get_request_for_user(request.user, pk)
    user = request.user
    rows = selectors.flagged_first(selectors.assessment_rows(rfa))
    can_read_comments = permissions.can_read_comments(user, rfa)
    actions = [
        (action, ActionForm(initial={"action": action.name, "expected_status": rfa.status}))
        for action in permissions.available_actions(user, rfa)
    ]
    return render(
        request,
        "requests/detail.html",
        {
            "rfa": rfa,
            "legs": rfa.legs.all(),
            "rows": rows,
            "flagged": [r for r in rows if r.flagged],
            "unanswered": [r for r in rows if r.answer is None],
            "attachments": rfa.attachments.select_related("uploaded_by"),
            "events": selectors.timeline_entries(request.user, rfa),
            "comments": selectors.comments_for(rfa) if can_read_comments else None,
            "comment_form": CommentForm() if permissions.can_comment(user, rfa) else None,
            "attachment_form": AttachmentForm() if permissions.can_attach(user, rfa) else None,
            "actions": actions,
            "can_edit": permissions.can_edit(user, rfa),
            "can_assess": permissions.can_assess(user, rfa),
            "can_copy": permissions.can_copy(user, rfa),
        },
    )


@login_required
def request_print(request, pk: int):
    """One request as a printable page (print or save as PDF from the browser)."""
    rfa = permissions.get_request_for_user(request.user, pk)
    humanitarian = permissions.can_see_decisions(request.user, rfa)
    return render(
        request,
        "requests/print.html",
        {
            "rfa": rfa,
            "legs": rfa.legs.all(),
            "rows": selectors.assessment_rows(rfa),
            # The decision in force, its conditions and the tasks: humanitarian readers only.
            "decision": selectors.current_decision(rfa) if humanitarian else None,
            "tasks": selectors.tasks_for_request(rfa) if humanitarian else [],
        },
    )


@login_required
def request_assess(request, pk: int):
    """Answer the last-resort criteria, one row per criterion."""
    rfa = permissions.get_request_for_user(request.user, pk)
    if not permissions.can_assess(request.user, rfa):
        messages.error(request, _("The assessment of this request cannot be changed now."))
        return redirect(rfa)
    rows = selectors.assessment_rows(rfa)
    form = AssessmentForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.assessment_save(rfa=rfa, actor=request.user, answers=form.answers())
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Assessment saved (%(count)d answer changed).",
                    "Assessment saved (%(count)d answers changed).",
                    changed,
                )
                % {"count": changed},
            )
        return redirect(rfa)
    return render(
        request,
        "requests/assess.html",
        {"rfa": rfa, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def request_action(request, pk: int):
    """Take one lifecycle action (submit, return, put to the HCT...), with its comment."""
    rfa = permissions.get_request_for_user(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That action is not known."))
        return redirect(rfa)
    action = form.cleaned_data["action"]
    try:
        services.request_act(
            action=action,
            rfa=rfa,
            actor=request.user,
            comment=form.cleaned_data["comment"],
            expected_status=form.cleaned_data["expected_status"] or None,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        rfa.refresh_from_db(fields=["status"])
        messages.success(
            request,
            _("%(action)s: done. The request is now “%(status)s”.")
            % {"action": lifecycle.ACTIONS[action].label, "status": rfa.get_status_display()},
        )
    return redirect(rfa)


@login_required
@require_POST
def request_copy(request, pk: int):
    """Copy as new: a new draft with the same facts and legs."""
    rfa = permissions.get_request_for_user(request.user, pk)
    try:
        copy = services.request_copy(rfa=rfa, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(rfa)
    messages.success(
        request,
        _("New draft %(copy)s, copied from %(source)s. Check the dates.")
        % {"copy": copy.reference, "source": rfa.reference},
    )
    return redirect(reverse("requests:edit", args=[copy.pk]))


@login_required
@require_POST
def request_comment(request, pk: int):
    """Post an internal comment (humanitarian users only)."""
    rfa = permissions.get_request_for_user(request.user, pk)
    if not permissions.can_comment(request.user, rfa):
        raise Http404("No such request.")
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(rfa=rfa, actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Comment posted."))
    else:
        messages.error(request, _("Write a comment before posting."))
    return redirect(reverse("requests:detail", args=[rfa.pk]) + "#comments")


@login_required
@require_POST
def attachment_upload(request, pk: int):
    """Attach a file to a request."""
    rfa = permissions.get_request_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.attachment_add(rfa=rfa, actor=request.user, file=form.cleaned_data["file"])
        except DomainError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("File attached."))
    else:
        messages.error(
            request,
            _("The file was not attached: %(errors)s") % {"errors": " ".join(form.errors.get("file", []))},
        )
    return redirect(reverse("requests:detail", args=[rfa.pk]) + "#attachments")


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    """An attachment, only to those who may see its request."""
    attachment = permissions.get_attachment_for_user(request.user, pk, attachment_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
