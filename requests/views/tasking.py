"""Pages of the tasks of the military. A task page shows only what may be shared with the force (DOMAIN.md
"Tasking the military"), whoever looks at it; the humanitarian side of a request stays on the request page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cmcoord import registry
from cmcoord.exceptions import DomainError
from cmcoord.forms import errors_to_form
from cmcoord.views import current_operation_or_none

from .. import permissions, selectors
from ..forms.tasking import AcceptForm, AcknowledgeForm, CompleteForm, DeclineForm, ProgressForm, TaskForm
from ..services import tasking

PAGE_SIZE = 25


@login_required
def task_create(request, pk: int):
    """The officer tasks an approved request to one force, naming the humanitarian point of contact."""
    rfa = permissions.get_request_for_user(request.user, pk)
    if not permissions.can_task(request.user, rfa):
        messages.error(request, _("This request cannot be tasked now."))
        return redirect(rfa)
    form = TaskForm(
        request.POST or None, operation=rfa.operation, initial={"force": request.GET.get("force")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = tasking.task_create(
                rfa=rfa,
                actor=request.user,
                force=form.cleaned_data["force"],
                poc=form.cleaned_data["poc"],
                poc_phone=form.cleaned_data["poc_phone"],
                expected_status=rfa.status,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(rfa)
        else:
            messages.success(
                request,
                _("Tasked to %(force)s; its liaison officers see it now.") % {"force": task.force.short_name},
            )
            registry.run_after("requests:task_create", request, task)
            return redirect(rfa)
    return render(
        request,
        "requests/task_form.html",
        {
            "rfa": rfa,
            "form": form,
            "previous": selectors.tasks_for_request(rfa),
            "sections": registry.sections("requests:task_create", request, rfa),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def task_list(request):
    """The force's tasks (liaison officers), or all of the operation's (officers, observers)."""
    operation = current_operation_or_none(request)
    if not permissions.can_list_tasks(request.user, operation):
        raise Http404("No tasks here.")
    page = Paginator(selectors.tasks_for_user(request.user, operation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "requests/task_list.html", {"operation": operation, "page": page})


def _forms(task, user, data=None, which=None):
    """The action forms the force's liaison officer may use on the task now (bound for the one posted)."""
    if not permissions.is_force_liaison(user, task):
        return {}
    forms = {}
    status = task.Status
    # No work under an expired approval (the page says why and whom to call); a renewed or amended approval
    # is acknowledged before the next report.
    expired = selectors.approval_expired_for(task) is not None
    if task.status == status.TASKED:
        if not expired:
            forms["accept"] = AcceptForm(data if which == "accept" else None, prefix="accept")
        forms["decline"] = DeclineForm(data if which == "decline" else None, prefix="decline")
    if task.status in (status.ACCEPTED, status.IN_PROGRESS) and not expired:
        if selectors.acknowledgement_due(task) is not None:
            forms["acknowledge"] = AcknowledgeForm(data if which == "acknowledge" else None, prefix="ack")
        else:
            forms["progress"] = ProgressForm(data if which == "progress" else None, prefix="progress")
            forms["complete"] = CompleteForm(data if which == "complete" else None, prefix="complete")
    return forms


@login_required
def task_detail(request, pk: int):
    """A task: the shareable facts, the approval's conditions, the point of contact, reports and actions."""
    task = permissions.get_task_for_user(request.user, pk)
    return _render_detail(request, selectors.task_detail(task), _forms(task, request.user))


def _render_detail(request, page: selectors.TaskPage, forms, status=200):
    task = page.task
    return render(
        request,
        "requests/task_detail.html",
        {
            "task": task,
            "page": page,
            "forms": forms,
            "can_accept": permissions.is_force_liaison(request.user, task)
            and task.status == task.Status.TASKED,
            "is_humanitarian": permissions.can_see_decisions(request.user, task.request),
            # Breadcrumbs lead only to pages the reader may open (a requester has no task list).
            "can_list_tasks": permissions.can_list_tasks(request.user, task.request.operation),
        },
        status=status,
    )


@login_required
@require_POST
def task_action(request, pk: int, action: str):
    """Accept, decline (with a reason), report progress or report completion."""
    task = permissions.get_task_for_user(request.user, pk)
    if action not in ("accept", "decline", "progress", "complete", "acknowledge"):
        raise Http404("No such action.")
    forms = _forms(task, request.user, request.POST, action)
    form = forms.get(action)
    try:
        if form is None:
            raise DomainError(_("This step cannot be taken on the task now."), code="not_allowed_in_state")
        elif not form.is_valid():
            return _render_detail(request, selectors.task_detail(task), forms, status=400)
        elif action == "accept":
            tasking.task_accept(
                task=task,
                actor=request.user,
                conditions_confirmed=form.cleaned_data["conditions_confirmed"],
                expected_status=request.POST.get("expected_status"),
            )
            messages.success(request, _("Task accepted."))
        elif action == "acknowledge":
            tasking.task_acknowledge(task=task, actor=request.user, decision_pk=form.cleaned_data["decision"])
            messages.success(
                request, _("Acknowledged: the new conditions and validity are recorded as read.")
            )
        elif action == "decline":
            tasking.task_decline(task=task, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Task declined; the CMCoord officers are told why."))
        elif action == "progress":
            tasking.task_report_progress(task=task, actor=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Progress reported."))
        else:
            tasking.task_complete(
                task=task,
                actor=request.user,
                completed_on=form.cleaned_data["completed_on"],
                delivered=form.cleaned_data["delivered"],
                notes=form.cleaned_data["notes"],
            )
            messages.success(request, _("Completion reported. Thank you."))
    except ValidationError as error:
        errors_to_form(form, error)
        return _render_detail(request, selectors.task_detail(task), forms, status=400)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(task)
