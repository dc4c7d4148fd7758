"""Pages of HCT meetings: the list, scheduling and changing one, its page (agenda with each item's flagged
criteria and decision, attendance, minutes) and the forms the officers and the HC post from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cmcoord.exceptions import DomainError
from cmcoord.forms import errors_to_form
from cmcoord.views import current_operation_or_none

from .. import permissions, selectors
from ..forms.meetings import AgendaAddForm, AttendanceForm, CancelMeetingForm, MeetingForm, MinutesForm
from ..services import meetings as services


def _operation(request):
    operation = current_operation_or_none(request)
    if not permissions.can_list_meetings(request.user, operation):
        raise Http404("No meetings here.")
    return operation


@login_required
def meeting_list(request):
    """The operation's HCT meetings, the latest first (the HCT and its secretariat only)."""
    operation = _operation(request)
    return render(
        request,
        "requests/meeting_list.html",
        {
            "operation": operation,
            "meetings": list(selectors.meetings_for_user(request.user, operation)),
            "can_schedule": permissions.can_schedule_meeting(request.user, operation),
        },
    )


@login_required
def meeting_create(request):
    """An officer schedules an HCT meeting."""
    operation = _operation(request)
    if not permissions.can_schedule_meeting(request.user, operation):
        raise Http404("Nothing here.")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(operation=operation, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("requests:meetings")
        else:
            messages.success(request, _("The meeting is scheduled; the HCT members and the HC are invited."))
            return redirect(meeting)
    return render(
        request,
        "requests/meeting_form.html",
        {"form": form, "meeting": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting_edit(request, pk: int):
    """An officer changes the date, time or place of a scheduled meeting."""
    meeting = permissions.get_meeting_for_user(request.user, pk)
    if not permissions.can_edit_meeting(request.user, meeting):
        messages.error(request, _("This meeting cannot be changed now."))
        return redirect(meeting)
    form = MeetingForm(
        request.POST or None,
        initial={"starts_at": meeting.starts_at, "place": meeting.place, "call_link": meeting.call_link},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(meeting)
        else:
            messages.success(request, _("The meeting is changed; the HCT members and the HC are told."))
            return redirect(meeting)
    return render(
        request,
        "requests/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=400 if request.method == "POST" else 200,
    )


def _page(request, meeting, *, status=200, **forms):
    user = request.user
    agenda = selectors.agenda(meeting)
    can_add = permissions.can_add_to_agenda(user, meeting)
    candidates = selectors.agenda_candidates(meeting) if can_add else []
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "attendees": list(meeting.attendees.select_related("organization").order_by("last_name", "username")),
        "can_edit": permissions.can_edit_meeting(user, meeting),
        "can_decide": permissions.can_decide_at_meeting(user, meeting),
        "cancel_form": forms.get("cancel_form")
        or (CancelMeetingForm() if permissions.can_cancel_meeting(user, meeting) else None),
        "attendance_form": forms.get("attendance_form")
        or (
            AttendanceForm(operation=meeting.operation)
            if permissions.can_record_attendance(user, meeting)
            else None
        ),
        "minutes_form": forms.get("minutes_form")
        or (MinutesForm() if permissions.can_record_minutes(user, meeting) else None),
        "agenda_form": forms.get("agenda_form")
        or (AgendaAddForm(candidates=candidates) if candidates else None),
    }
    return render(request, "requests/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request, pk: int):
    """The meeting: when and where, its agenda (each request's flagged criteria, the officer's note, the
    decision taken there), who attended, the minutes."""
    meeting = permissions.get_meeting_for_user(request.user, pk)
    return _page(request, meeting)


def _post(request, meeting, form_name, form, call, success):
    """Validate a form of the meeting page, call one service, redirect; errors next to the fields."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(meeting)
        else:
            messages.success(request, success)
            return redirect(meeting)
    return _page(request, meeting, status=400, **{form_name: form})


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    meeting = permissions.get_meeting_for_user(request.user, pk)
    return _post(
        request,
        meeting,
        "cancel_form",
        CancelMeetingForm(request.POST),
        lambda data: services.meeting_cancel(meeting=meeting, actor=request.user, reason=data["reason"]),
        _("The meeting is cancelled; its agenda waits for another meeting."),
    )


@login_required
@require_POST
def meeting_attendance(request, pk: int):
    meeting = permissions.get_meeting_for_user(request.user, pk)
    return _post(
        request,
        meeting,
        "attendance_form",
        AttendanceForm(request.POST, operation=meeting.operation),
        lambda data: services.meeting_record_attendance(
            meeting=meeting, actor=request.user, attendees=data["attendees"]
        ),
        _("Attendance recorded: the meeting is held. Record a decision per request."),
    )


@login_required
@require_POST
def meeting_minutes(request, pk: int):
    meeting = permissions.get_meeting_for_user(request.user, pk)
    return _post(
        request,
        meeting,
        "minutes_form",
        MinutesForm(request.POST, request.FILES),
        lambda data: services.meeting_record_minutes(
            meeting=meeting, actor=request.user, minutes=data["minutes"], file=data["minutes_file"]
        ),
        _("The minutes are kept."),
    )


@login_required
@require_POST
def meeting_agenda_add(request, pk: int):
    meeting = permissions.get_meeting_for_user(request.user, pk)
    candidates = selectors.agenda_candidates(meeting)
    form = AgendaAddForm(request.POST, candidates=candidates)
    return _post(
        request,
        meeting,
        "agenda_form",
        form,
        lambda data: services.agenda_add(
            meeting=meeting, referral=form.candidates[data["referral"]], actor=request.user
        ),
        _("The request is on the agenda."),
    )


@login_required
def meeting_minutes_file(request, pk: int):
    """The minutes file, only to those who may see the meeting."""
    meeting = permissions.get_meeting_for_user(request.user, pk)
    if not meeting.minutes_file:
        raise Http404("No minutes file.")
    name = meeting.minutes_file.name.rsplit("/", 1)[-1]
    return FileResponse(meeting.minutes_file.open("rb"), as_attachment=True, filename=name)
