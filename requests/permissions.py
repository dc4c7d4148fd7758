"""Who may see and do what with requests for MCDA: the one place pages, exports and the API ask.

- requester: their organisation's requests in the operation;
- CMCoord officer and observer: all of the operation's requests;
- HCT member and HC: the requests put to the HCT (they stay visible whatever happens next);
- military liaison officer: none (they see tasks, never requests, assessments or comments);
- anyone else, and every other operation: none. An invisible request is 404, never 403.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from cmcoord.models import HUMANITARIAN_ROLES, Operation, Organization, Role, User
from cmcoord.permissions import objects_granted, role_in, roles_by_operation

from . import lifecycle
from .models import (
    AssistanceRequest,
    Decision,
    ExportJob,
    Meeting,
    RequestAttachment,
    RequestLeg,
    RequestSearch,
    Task,
    TaskReport,
)

CREATORS = (Role.CMCOORD_OFFICER, Role.REQUESTER)

# DOMAIN.md "Tasking the military": what a force may see of its task, field by field — the ask (the task,
# places and coordinates, time window, load, priority), the conditions of the approval, the one humanitarian
# point of contact (as copied onto the task), and the task's own record. The task API's serializers, the
# notifications' context (notifications.shareable_task), the task page and the field-exhaustive test read it.
FORCE_VISIBLE: dict[type, tuple[str, ...]] = {
    AssistanceRequest: (
        "reference",
        "title",
        "capability",
        "assistance_type",
        "description",
        "required_by",
        "latest_acceptable",
        "duration_days",
        "passengers",
        "cargo_description",
        "cargo_weight_kg",
        "cargo_volume_m3",
        "dangerous_goods",
        "priority",
    ),
    RequestLeg: ("order", "from_name", "from_lat", "from_lon", "to_name", "to_lat", "to_lon"),
    Decision: ("conditions", "valid_from", "valid_until"),
    Task: (
        "status",
        "approval_expired",
        "force",
        "poc_name",
        "poc_organization",
        "poc_phone",
        "poc_email",
        "tasked_at",
        "accepted_at",
        "declined_at",
        "decline_reason",
        "completed_on",
        "delivered",
        "notes",
    ),
    TaskReport: ("at", "by", "text"),
}
COMMENTERS = (Role.CMCOORD_OFFICER, Role.REQUESTER, Role.HCT_MEMBER, Role.HC)


def visible_requests(user: User, operation: Operation | None = None) -> QuerySet[AssistanceRequest]:
    """The requests the user may see, in one operation or in all of theirs."""
    return AssistanceRequest.objects.filter(_visible(user, operation))


def visible_request_copies(user: User, operation: Operation | None = None) -> QuerySet[RequestSearch]:
    """The copies (models.search) of the requests the user may see: the same rule on the same column names."""
    return RequestSearch.objects.filter(_visible(user, operation))


def _visible(user: User, operation: Operation | None) -> Q:
    roles = roles_by_operation(user)
    if operation is not None:
        roles = {operation.pk: roles[operation.pk]} if operation.pk in roles else {}
    condition = Q(pk__in=[])
    for op_id, role in roles.items():
        if role in (Role.CMCOORD_OFFICER, Role.OBSERVER):
            condition |= Q(operation_id=op_id)
        elif role == Role.REQUESTER and user.organization_id:
            condition |= Q(operation_id=op_id, organization_id=user.organization_id)
        elif role in (Role.HCT_MEMBER, Role.HC):
            condition |= Q(operation_id=op_id, put_to_hct_at__isnull=False)
    return condition


def get_request_for_user(user: User, pk) -> AssistanceRequest:
    """The request, or 404 when the user may not see it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such request.") from None
    rfa = (
        visible_requests(user).select_related("operation", "organization", "created_by").filter(pk=pk).first()
    )
    if rfa is None:
        raise Http404("No such request.")
    return rfa


def get_attachment_for_user(user: User, request_pk, pk) -> RequestAttachment:
    """The attachment of a request the user may see, or 404."""
    rfa = get_request_for_user(user, request_pk)
    attachment = RequestAttachment.objects.filter(request=rfa, pk=pk).first()
    if attachment is None:
        raise Http404("No such attachment.")
    return attachment


def role_for(user: User, rfa: AssistanceRequest) -> str | None:
    return role_in(user, rfa.operation_id)


def can_list(user: User, operation: Operation | None) -> bool:
    """Humanitarian members see a list of requests; military users have none (404)."""
    return operation is not None and role_in(user, operation) in HUMANITARIAN_ROLES


def can_create(user: User, operation: Operation | None) -> bool:
    return operation is not None and role_in(user, operation) in CREATORS


def organizations_for_create(user: User, operation: Operation):
    """The organisations the user may request for: a requester their own; an officer any humanitarian one."""
    role = role_in(user, operation)
    if role == Role.REQUESTER and user.organization_id is not None:
        return Organization.objects.filter(pk=user.organization_id)
    if role == Role.CMCOORD_OFFICER:
        return operation.organizations.humanitarian().order_by("name")
    return Organization.objects.none()


def _acts_for_request(user: User, rfa: AssistanceRequest) -> bool:
    role = role_for(user, rfa)
    return role == Role.CMCOORD_OFFICER or (
        role == Role.REQUESTER and user.organization_id == rfa.organization_id
    )


def can_edit(user: User, rfa: AssistanceRequest) -> bool:
    """Officers and the organisation's requesters, while the request is a draft or returned."""
    return rfa.status in lifecycle.EDITABLE_STATES and _acts_for_request(user, rfa)


def can_assess(user: User, rfa: AssistanceRequest) -> bool:
    """The requester drafts the assessment; the officer completes it until it goes to the HCT."""
    if rfa.status not in lifecycle.ASSESSABLE_STATES:
        return False
    if role_for(user, rfa) == Role.CMCOORD_OFFICER:
        return True
    return rfa.status in lifecycle.EDITABLE_STATES and _acts_for_request(user, rfa)


def can_copy(user: User, rfa: AssistanceRequest) -> bool:
    return _acts_for_request(user, rfa)


def can_attach(user: User, rfa: AssistanceRequest) -> bool:
    if rfa.status not in lifecycle.OPEN_STATES:
        return False
    return role_for(user, rfa) == Role.CMCOORD_OFFICER or can_edit(user, rfa)


def can_read_comments(user: User, rfa: AssistanceRequest) -> bool:
    """Internal comments: every humanitarian user who may see the request (military users see none)."""
    return role_for(user, rfa) in (*COMMENTERS, Role.OBSERVER)


def can_comment(user: User, rfa: AssistanceRequest) -> bool:
    """Observers read; the others who may see the request may post."""
    return role_for(user, rfa) in COMMENTERS


def available_actions(user: User, rfa: AssistanceRequest) -> list[lifecycle.Action]:
    """The lifecycle actions offered to the user on this request's page, from the table."""
    return [
        a
        for a in lifecycle.available_actions(rfa=rfa, role=role_for(user, rfa), user=user)
        if a.on_request_page
    ]


# The HCT decision and the tasks of the military.

DECIDERS = (Role.HC, Role.CMCOORD_OFFICER)  # an officer records a decision only on the HC's behalf


def can_put_to_hct(user: User, rfa: AssistanceRequest) -> bool:
    """The officer chooses the procedure when a reviewed request goes to the HCT."""
    return lifecycle.target_for(rfa.status, "put_to_hct", role_for(user, rfa)) is not None


def can_open_referral(user: User, rfa: AssistanceRequest, running_referral) -> bool:
    """A new procedure for a request still with the HCT whose last one closed (after a deferral)."""
    return (
        rfa.status == AssistanceRequest.Status.WITH_HCT
        and running_referral is None
        and role_for(user, rfa) == Role.CMCOORD_OFFICER
    )


def can_decide(user: User, rfa: AssistanceRequest) -> bool:
    """The HC records decisions; an officer may record one on the HC's behalf."""
    role = role_for(user, rfa)
    return role in DECIDERS and any(
        lifecycle.target_for(rfa.status, action, role) for action in ("approve", "reject", "defer")
    )


def can_respond(user: User, referral) -> bool:
    """HCT members of the operation respond to a running written procedure, once each."""
    return (
        referral.procedure == referral.Procedure.WRITTEN
        and role_in(user, referral.request.operation_id) == Role.HCT_MEMBER
    )


# The HCT's deliberations (members' agree/object and their comments) stay within the HCT and its secretariat.
DELIBERATING_ROLES = (Role.CMCOORD_OFFICER, Role.HCT_MEMBER, Role.HC)
# Timeline events that are deliberation, hidden from everyone else.
DELIBERATION_VERBS = frozenset({"hct.agree", "hct.object", "hct.silence_broken"})


def can_see_decisions(user: User, rfa: AssistanceRequest) -> bool:
    """Decisions and tasks of a request: humanitarian users who may see the request (never the military)."""
    return role_for(user, rfa) in HUMANITARIAN_ROLES


def can_see_deliberations(user: User, rfa: AssistanceRequest) -> bool:
    """The one rule for the HCT's deliberations: the procedure put to the HCT (its proposal, proposed
    conditions and validity, deadline, justification) and the members' positions (who agreed or objected, and
    their comments). CMCoord officers, HCT members and the HC who may see the request read them; the requester
    and observers read the decision only (outcome, conditions, validity, rationale, guidelines relied on).
    The request page (templatetags/hct.py), the API (deliberation_requests, the same roles) and the emails
    (notifications.py) all ask here."""
    return role_for(user, rfa) in DELIBERATING_ROLES


def deliberation_requests(user: User) -> QuerySet[AssistanceRequest]:
    """Requests whose HCT deliberations the user may read: can_see_deliberations over a queryset (the API's
    procedures)."""
    ops = [op for op, role in roles_by_operation(user).items() if role in DELIBERATING_ROLES]
    return visible_requests(user).filter(operation_id__in=ops)


def can_task(user: User, rfa: AssistanceRequest) -> bool:
    return lifecycle.target_for(rfa.status, "task", role_for(user, rfa)) is not None


def visible_tasks(user: User, operation: Operation | None = None) -> QuerySet:
    """Tasks the user may see: a force's liaison officers those granted to their force (django-guardian);
    humanitarian users the tasks of the requests they may see."""
    roles = roles_by_operation(user)
    if operation is not None:
        roles = {operation.pk: roles[operation.pk]} if operation.pk in roles else {}
    military_ops = [op for op, role in roles.items() if role == Role.MILITARY_LIAISON]
    humanitarian_ops = [op for op, role in roles.items() if role in HUMANITARIAN_ROLES]
    if military_ops and user.organization_id:
        candidates = Task.objects.filter(
            request__operation_id__in=military_ops, force_id=user.organization_id
        )
        return objects_granted(user, "requests.view_task", candidates)
    if humanitarian_ops:
        requests = visible_requests(user).filter(operation_id__in=humanitarian_ops)
        return Task.objects.filter(request__in=requests)
    return Task.objects.none()


def get_task_for_user(user: User, pk):
    """The task, or 404 when the user may not see it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such task.") from None
    task = visible_tasks(user).select_related("request", "request__operation", "force").filter(pk=pk).first()
    if task is None:
        raise Http404("No such task.")
    return task


def is_force_liaison(user: User, task) -> bool:
    """A liaison officer of the task's force in its operation (who may accept, decline and report)."""
    return (
        role_in(user, task.request.operation_id) == Role.MILITARY_LIAISON
        and user.organization_id == task.force_id
    )


def can_list_tasks(user: User, operation: Operation | None) -> bool:
    """The task list: the military liaison officers and the CMCoord officers and observers."""
    return operation is not None and role_in(user, operation) in (
        Role.MILITARY_LIAISON,
        Role.CMCOORD_OFFICER,
        Role.OBSERVER,
    )


def get_export_job_for_user(user: User, pk) -> ExportJob:
    """A background export, for the one user who asked for it (and who may still list the requests of its
    operation); anyone else gets 404, whatever their role."""
    job = ExportJob.objects.select_related("operation").filter(pk=pk, requested_by_id=user.pk).first()
    if job is None or not can_list(user, job.operation):
        raise Http404("No such export.")
    return job


# HCT meetings: the HCT and its secretariat. Officers schedule, edit and cancel them; the HC records the
# attendance and the decisions; HCT members read. Requesters, observers and the military never see one (404).


def meeting_operations(user: User) -> list[int]:
    """The operations whose HCT meetings the user may see."""
    return [op for op, role in roles_by_operation(user).items() if role in DELIBERATING_ROLES]


def visible_meetings(user: User, operation: Operation | None = None) -> QuerySet[Meeting]:
    """The HCT meetings the user may see, in one operation or in all of theirs."""
    ops = meeting_operations(user)
    if operation is not None:
        ops = [op for op in ops if op == operation.pk]
    return Meeting.objects.filter(operation_id__in=ops)


def get_meeting_for_user(user: User, pk) -> Meeting:
    """The meeting, or 404 when the user may not see it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such meeting.") from None
    meeting = visible_meetings(user).select_related("operation").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def can_list_meetings(user: User, operation: Operation | None) -> bool:
    return operation is not None and role_in(user, operation) in DELIBERATING_ROLES


def can_schedule_meeting(user: User, operation: Operation | None) -> bool:
    return operation is not None and role_in(user, operation) == Role.CMCOORD_OFFICER


def can_edit_meeting(user: User, meeting: Meeting) -> bool:
    """The officers change the date, time and place while the meeting is scheduled."""
    return (
        meeting.status == Meeting.Status.SCHEDULED
        and role_in(user, meeting.operation_id) == Role.CMCOORD_OFFICER
    )


def can_cancel_meeting(user: User, meeting: Meeting) -> bool:
    return (
        lifecycle.MEETING.target_for(meeting.status, "cancel", role_in(user, meeting.operation_id))
        is not None
    )


def can_record_attendance(user: User, meeting: Meeting) -> bool:
    """The HC, once, while the meeting is scheduled (recording it makes the meeting held)."""
    return (
        lifecycle.MEETING.target_for(meeting.status, "hold", role_in(user, meeting.operation_id)) is not None
    )


def can_record_minutes(user: User, meeting: Meeting) -> bool:
    """The officers (the HCT's secretariat) and the HC keep the minutes of a meeting held."""
    return meeting.status == Meeting.Status.HELD and role_in(user, meeting.operation_id) in DECIDERS


def can_decide_at_meeting(user: User, meeting: Meeting) -> bool:
    """Decisions on the agenda: the HC (or an officer on the HC's behalf), once the meeting is held."""
    return meeting.status == Meeting.Status.HELD and role_in(user, meeting.operation_id) in DECIDERS


def can_add_to_agenda(user: User, meeting: Meeting) -> bool:
    return can_edit_meeting(user, meeting)
