"""Pages of the reports: the dashboard, the daily report, the task order. Who may read them is asked of
permissions.py, the figures of selectors.py."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from cmcoord.views import current_operation_or_none
from requests import permissions as request_permissions

from . import permissions, selectors
from .forms import PeriodForm


@login_required
def dashboard(request):
    """The operation's figures for a period: officers, the HC, the HCT and observers."""
    operation = current_operation_or_none(request)
    if not permissions.can_view_dashboard(request.user, operation):
        raise Http404("No dashboard here.")
    form = PeriodForm(request.GET or None)
    board = selectors.dashboard(operation, form.period())
    context = {
        "operation": operation,
        "form": form,
        "board": board,
        "status_chart": selectors.bar_chart(board.by_status),
        "capability_chart": selectors.bar_chart(board.by_capability),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def daily(request):
    """The daily CMCoord report: the humanitarian version, or a force's military version."""
    operation = current_operation_or_none(request)
    if not permissions.can_view_daily(request.user, operation):
        raise Http404("No report here.")
    if permissions.reads_military_version(request.user, operation):
        tasks = request_permissions.visible_tasks(request.user, operation)
        report = selectors.military_daily_report(operation, request.user.organization, tasks)
    else:
        report = selectors.daily_report(operation)
    return render(request, "reports/daily.html", {"operation": operation, "report": report})


@login_required
def task_order(request, pk: int):
    """The printable order of a task for its force: only what the force may see, with the conditions of the
    approval and the point of contact."""
    task = permissions.get_task_order_for_user(request.user, pk)
    legs = list(task.request.legs.all())
    decision = selectors.standing_decision(task.request)
    return render(
        request,
        "reports/task_order.html",
        {"task": task, "rfa": task.request, "legs": legs, "decision": decision},
    )
