"""Writes of HCT meetings: schedule, change, cancel, record the attendance, keep the minutes, put a running
HCT procedure on a meeting's agenda. Each is atomic, locks the meeting, checks the move against
requests/lifecycle.MEETING and writes its audit event in the same transaction. The decisions on the agenda are
recorded by services/hct.decision_record (append-only, audited), which reads the attendance from here.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.exceptions import TransitionNotAllowed
from cmcoord.models import Membership, Operation, Role, User
from cmcoord.permissions import role_in
from cmcoord.services import audit_record

from .. import lifecycle, notifications, permissions
from ..models import HctReferral, Meeting
from .base import move, require

HCT_ROLES = (Role.HCT_MEMBER, Role.HC)


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("operation").get(pk=meeting.pk)


def validate_arrangements(*, starts_at: datetime.datetime | None, place: str, call_link: str) -> None:
    """A meeting has a date and time, and a place or a call link (ValidationError by field)."""
    errors = {}
    if starts_at is None:
        errors["starts_at"] = _("Give the date and time of the meeting.")
    if not place.strip() and not call_link.strip():
        errors["place"] = _("Give a place or a call link.")
    if errors:
        raise ValidationError(errors)


def meeting_schedule(
    *,
    operation: Operation,
    actor: User,
    starts_at: datetime.datetime | None,
    place: str = "",
    call_link: str = "",
) -> Meeting:
    """An officer schedules an HCT meeting; the HCT members and the HC are invited (if it is still ahead)."""
    with transaction.atomic():
        require(
            permissions.can_schedule_meeting(actor, operation),
            _("Only a CMCoord officer of the operation schedules an HCT meeting."),
            "role_not_allowed",
        )
        validate_arrangements(starts_at=starts_at, place=place, call_link=call_link)
        assert starts_at is not None
        meeting = Meeting(
            operation=operation,
            starts_at=starts_at,
            place=place.strip(),
            call_link=call_link.strip(),
            created_by=actor,
        )
        meeting.full_clean(exclude=["operation", "created_by", "minutes_file"])
        meeting.save()
        event = audit_record(
            actor=actor,
            operation=operation,
            obj=meeting,
            verb="meeting.schedule",
            to_state=meeting.status,
            data=meeting.audit_data(),
        )
        if meeting.starts_at > timezone.now():
            notifications.meeting_invitation(meeting=meeting, event=event, changed=False)
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    actor: User,
    starts_at: datetime.datetime | None,
    place: str = "",
    call_link: str = "",
) -> Meeting:
    """An officer changes the date, time, place or call link of a scheduled meeting; the HCT is told anew."""
    with transaction.atomic():
        locked = _lock(meeting)
        require(
            permissions.can_edit_meeting(actor, locked),
            _("Only a CMCoord officer changes a scheduled HCT meeting."),
            "not_editable",
        )
        validate_arrangements(starts_at=starts_at, place=place, call_link=call_link)
        before = locked.audit_data()
        assert starts_at is not None
        locked.starts_at = starts_at
        locked.place = place.strip()
        locked.call_link = call_link.strip()
        locked.full_clean(exclude=["operation", "created_by", "minutes_file"])
        after = locked.audit_data()
        if after == before:
            return locked
        locked.updated_at = timezone.now()
        locked.save(update_fields=["starts_at", "place", "call_link", "updated_at"])
        event = audit_record(
            actor=actor,
            operation=locked.operation,
            obj=locked,
            verb="meeting.update",
            data={"before": before, "after": after},
        )
        if locked.starts_at > timezone.now():
            notifications.meeting_invitation(meeting=locked, event=event, changed=True)
    meeting.refresh_from_db()
    return locked


def meeting_cancel(*, meeting: Meeting, actor: User, reason: str) -> Meeting:
    """An officer cancels a scheduled meeting, saying why; its agenda waits for another meeting."""
    with transaction.atomic():
        locked = _lock(meeting)
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
        event = move(
            machine=lifecycle.MEETING,
            obj=locked,
            action="cancel",
            actor=actor,
            operation=locked.operation,
            verb="meeting.cancel",
            comment=reason.strip(),
            fields={"cancel_reason": reason.strip(), "updated_at": timezone.now()},
            data={"meeting": locked.pk},
        )
        notifications.meeting_cancelled(meeting=locked, event=event)
    meeting.refresh_from_db()
    return locked


def meeting_record_attendance(*, meeting: Meeting, actor: User, attendees: Iterable[User]) -> Meeting:
    """The HC records, once, which HCT members (and HC) attended; the meeting is then held and its agenda
    may be decided. Not before the meeting starts."""
    with transaction.atomic():
        locked = _lock(meeting)
        role = role_in(actor, locked.operation)
        if role != Role.HC:
            raise TransitionNotAllowed(
                _("Only the HC records the attendance of an HCT meeting."), code="role_not_allowed"
            )
        if locked.status == Meeting.Status.HELD:
            raise TransitionNotAllowed(
                _("The attendance of this meeting is already recorded."), code="attendance_recorded"
            )
        now = timezone.now()
        if locked.status == Meeting.Status.SCHEDULED and now < locked.starts_at:
            raise TransitionNotAllowed(
                _("The meeting has not started yet: record who attended once it starts."),
                code="meeting_not_started",
            )
        people = list(attendees)
        if not people:
            raise ValidationError({"attendees": _("Tick who attended.")})
        members = set(
            Membership.objects.filter(
                operation=locked.operation, role__in=HCT_ROLES, user__in=[p.pk for p in people]
            ).values_list("user_id", flat=True)
        )
        if any(p.pk not in members for p in people):
            raise ValidationError({"attendees": _("Those who attended must be HCT members or the HC.")})
        move(
            machine=lifecycle.MEETING,
            obj=locked,
            action="hold",
            actor=actor,
            operation=locked.operation,
            verb="meeting.attendance",
            fields={"attendance_recorded_at": now, "attendance_recorded_by": actor, "updated_at": now},
            data={"meeting": locked.pk, "attendees": sorted(p.pk for p in people)},
        )
        locked.attendees.set(people)
    meeting.refresh_from_db()
    return locked


def meeting_record_minutes(*, meeting: Meeting, actor: User, minutes: str = "", file=None) -> Meeting:
    """The officers or the HC keep the minutes of a meeting held: text, a file (checked like any
    attachment), or both. A new text or file replaces the last; the audit log keeps each change."""
    with transaction.atomic():
        locked = _lock(meeting)
        require(
            permissions.can_record_minutes(actor, locked),
            _("The minutes are kept by the officers and the HC, once the meeting is held."),
            "not_allowed_in_state" if locked.status != Meeting.Status.HELD else "role_not_allowed",
        )
        if not minutes.strip() and file is None:
            raise ValidationError({"minutes": _("Write the minutes or attach them as a file.")})
        fields = ["updated_at"]
        if minutes.strip():
            locked.minutes = minutes.strip()
            fields.append("minutes")
        if file is not None:
            locked.minutes_file = file
            fields.append("minutes_file")
        locked.full_clean(exclude=["operation", "created_by", "attendance_recorded_by"])
        locked.updated_at = timezone.now()
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            operation=locked.operation,
            obj=locked,
            verb="meeting.minutes",
            data={
                "meeting": locked.pk,
                "text": "minutes" in fields,
                "file": locked.minutes_file.name if file is not None else None,
            },
        )
    meeting.refresh_from_db()
    return locked


def agenda_add(*, meeting: Meeting, referral: HctReferral, actor: User) -> HctReferral:
    """An officer puts a running HCT procedure waiting for a meeting (put to a meeting without one yet, or a
    written procedure whose silence was broken, or on a cancelled meeting) on a scheduled meeting's agenda."""
    with transaction.atomic():
        locked = _lock(meeting)
        require(
            permissions.can_add_to_agenda(actor, locked),
            _("Only a CMCoord officer adds to the agenda of a scheduled HCT meeting."),
            "not_editable",
        )
        row = (
            HctReferral.objects.select_for_update(of=("self",))
            .select_related("request", "meeting")
            .get(pk=referral.pk)
        )
        waiting = (
            row.request.operation_id == locked.operation_id
            and (
                (row.procedure == HctReferral.Procedure.MEETING and row.state == HctReferral.State.OPEN)
                or row.state == HctReferral.State.OBJECTED
            )
            and (row.meeting is None or row.meeting.status == Meeting.Status.CANCELLED)
        )
        require(
            waiting,
            _("This request is not waiting for an HCT meeting (or is on another meeting's agenda)."),
            "not_waiting_for_meeting",
        )
        previous = row.meeting_id
        row.meeting = locked
        row.save(update_fields=["meeting"])
        audit_record(
            actor=actor,
            operation=locked.operation,
            obj=row.request,
            verb="hct.agenda",
            data={"referral": row.pk, "meeting": locked.pk, "previous_meeting": previous},
        )
    return row
