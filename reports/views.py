"""Pages of the reports: the dashboard, the daily report, the task order. Who may read them is asked of
permissions.py, the figures of selectors.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cmcoord.exceptions import DomainError
from cmcoord.views import current_operation_or_none
from requests import permissions as request_permissions

from . import permissions, selectors, services
from .forms import DailyReportSettingForm, PeriodForm
from .models import DEFAULT_HOUR


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
    context = {
        "operation": operation,
        "report": report,
        "can_set": permissions.can_set_daily_report(request.user, operation),
    }
    return render(request, "reports/daily.html", context)


@login_required
def daily_settings(request):
    """When, and to whom, the daily report is emailed: the operation's officers."""
    operation = current_operation_or_none(request)
    if not permissions.can_set_daily_report(request.user, operation):
        raise Http404("No settings here.")
    setting = selectors.daily_report_setting(operation)
    initial = {
        "enabled": setting.enabled if setting else True,
        "hour": setting.hour if setting else DEFAULT_HOUR,
        "recipients": list(setting.recipients.all()) if setting else [],
    }
    form = DailyReportSettingForm(
        request.POST or None, initial=initial, readers=selectors.report_readers(operation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.daily_report_settings_save(
                operation=operation,
                actor=request.user,
                enabled=form.cleaned_data["enabled"],
                hour=form.cleaned_data["hour"],
                recipients=list(form.cleaned_data["recipients"]),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The settings of the daily report are saved."))
            return redirect("reports:daily-settings")
    return render(request, "reports/daily_settings.html", {"operation": operation, "form": form})


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
