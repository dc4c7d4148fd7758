"""Writes of running an operation: open, edit, close, reopen; its organisations; invitations and roles.

One function per action, keyword-only, atomic and audited through cmcoord.services.audit_record (which also
refuses any write in a closed operation). Side effects (emails) go out after commit.
"""

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cmcoord import notifications
from cmcoord.exceptions import DomainError, TransitionNotAllowed
from cmcoord.models import Membership, Operation, Organization, Role, User
from cmcoord.services import audit_record, ensure_operation_open, membership_remove, membership_set
from requests import selectors as request_selectors
from requests.models import ACTIVE_TASK_STATES, Task
from requests.services.rfa import request_cancel

from . import permissions
from .models import INVITATION_VALIDITY, Invitation, token_digest

OPERATION_FIELDS = ("name", "code", "country", "context", "time_zone", "start_date", "end_date")
ORGANIZATION_FIELDS = ("name", "acronym", "type", "country")

# The one table of moves of an operation: (from, action) -> to.
OPERATION_MOVES: dict[tuple[str, str], str] = {
    (Operation.Status.ACTIVE, "close"): Operation.Status.CLOSED,
    (Operation.Status.CLOSED, "reopen"): Operation.Status.ACTIVE,
}


def _invalid(field: str, message: str, code: str) -> ValidationError:
    """A refusal of one field's value, with its machine-readable code."""
    return ValidationError({field: ValidationError(message, code=code)})


def _refuse(allowed: bool, message: str, code: str) -> None:
    if not allowed:
        raise DomainError(message, code=code)


def _allowed(actor: User, operation: Operation, action: str) -> None:
    # Pages and the API fetch through permissions.get_operation_to_run first; this is the service's own check.
    _refuse(
        permissions.may(actor, operation, action), _("You cannot do this in this operation."), "not_allowed"
    )


# Operations.


@transaction.atomic
def operation_create(*, actor: User, data: dict[str, Any]) -> Operation:
    """Open an operation (operations managers only; their organisation takes part); its code must be new."""
    _refuse(
        permissions.can_open_operations(actor),
        _("Only an operations manager opens operations."),
        "not_allowed",
    )
    operation = Operation(**{f: data[f] for f in OPERATION_FIELDS if f in data})
    operation.code = (operation.code or "").strip().upper()
    _validate_operation(operation)
    operation.save()
    audit_record(
        actor=actor,
        operation=operation,
        obj=operation,
        verb="operation.create",
        to_state=operation.status,
        data={"code": operation.code},
    )
    if actor.organization is not None:
        # The manager's own organisation (OCHA) takes part from the start: its first officers come from it.
        audit_record(
            actor=actor, operation=operation, obj=actor.organization, verb="operation.organization_add"
        )
        operation.organizations.add(actor.organization)
    return operation


def _validate_operation(operation: Operation) -> None:
    taken = Operation.objects.filter(code=operation.code).exclude(pk=operation.pk).exists()
    try:
        operation.full_clean(exclude=["organizations"], validate_unique=False)
    except ValidationError as error:
        if taken:
            error.error_dict.setdefault("code", []).append(_code_taken())
        raise
    if taken:
        raise ValidationError({"code": _code_taken()})


def _code_taken() -> ValidationError:
    return ValidationError(_("Another operation already uses this code."), code="code_taken")


@transaction.atomic
def operation_update(*, operation: Operation, actor: User, data: dict[str, Any]) -> Operation:
    """Edit an operation's facts (name, code, country, context, time zone, dates); audited with changes."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    _allowed(actor, operation, "edit")
    ensure_operation_open(operation)
    before = {f: str(getattr(operation, f) or "") for f in OPERATION_FIELDS}
    for field in OPERATION_FIELDS:
        if field in data:
            setattr(operation, field, data[field])
    operation.code = (operation.code or "").strip().upper()
    _validate_operation(operation)
    changed = {f: [before[f], str(getattr(operation, f) or "")] for f in OPERATION_FIELDS}
    changed = {f: v for f, v in changed.items() if v[0] != v[1]}
    if changed:
        operation.save(update_fields=list(changed))
        audit_record(
            actor=actor,
            operation=operation,
            obj=operation,
            verb="operation.update",
            data={"changes": changed},
        )
    return operation


def open_requests(operation: Operation):
    """The operation's requests not yet in a final state (listed on the closing page)."""
    return request_selectors.open_requests_of(operation)


def open_tasks(operation: Operation):
    """The operation's tasks a force has not completed and nobody cancelled: they block closing."""
    return (
        Task.objects.filter(request__operation=operation, status__in=ACTIVE_TASK_STATES)
        .select_related("request", "force")
        .order_by("pk")
    )


def _move(operation: Operation, action: str) -> str:
    target = OPERATION_MOVES.get((operation.status, action))
    if target is None:
        raise TransitionNotAllowed(
            _("This operation is already closed.")
            if action == "close"
            else _("This operation is not closed: there is nothing to reopen."),
            code="already_closed" if action == "close" else "not_closed",
        )
    return target


def _tell_requesters(*, rfa, operation: Operation, reason: str) -> None:
    """The requesters of the request's organisation (and whoever created it) hear of its cancellation."""
    from .apps import REQUEST_CANCELLED

    recipients = User.objects.filter(
        Q(pk=rfa.created_by_id)
        | Q(
            memberships__operation=operation,
            memberships__role=Role.REQUESTER,
            organization=rfa.organization_id,
        ),
        is_active=True,
    ).distinct()
    notifications.notify(
        kind=REQUEST_CANCELLED,
        recipients=list(recipients),
        operation=operation,
        context={"request": {"reference": rfa.reference, "title": rfa.title}, "comment": reason},
        link=reverse("requests:detail", args=[rfa.pk]),
        dedupe_key=f"close:{operation.pk}:{rfa.pk}:{rfa.updated_at.isoformat()}",
    )


def operation_close(
    *, operation: Operation, actor: User, reason: str, cancel_open_requests: bool = False
) -> Operation:
    """Close the operation with a reason: it becomes a read-only archive.

    Refused while a force has a task open (cancel or complete it first). Open requests are refused too,
    unless the officer chose to cancel them here, each with the closing reason (their requesters are told).
    """
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Say why the operation is closed."), "required")
    with transaction.atomic():
        operation = Operation.objects.select_for_update().get(pk=operation.pk)
        _allowed(actor, operation, "close")
        target = _move(operation, "close")
        if open_tasks(operation).exists():
            raise DomainError(
                _("A force still has an open task in this operation: cancel or complete it before closing."),
                code="open_tasks",
            )
        to_cancel = list(open_requests(operation))
        if to_cancel and not cancel_open_requests:
            raise DomainError(
                _("%(count)d requests are still open: cancel them before closing.")
                % {"count": len(to_cancel)},
                code="open_requests",
            )
        cancelled = []
        for rfa in to_cancel:
            request_cancel(rfa=rfa, actor=actor, comment=reason)
            _tell_requesters(rfa=rfa, operation=operation, reason=reason)
            cancelled.append(rfa.reference)
        old = operation.status
        audit_record(
            actor=actor,
            operation=operation,
            obj=operation,
            verb="operation.close",
            from_state=old,
            to_state=target,
            comment=reason,
            data={"cancelled_requests": cancelled},
        )
        operation.status = target
        fields = ["status"]
        if operation.end_date is None:
            operation.end_date = max(timezone.localdate(), operation.start_date)
            fields.append("end_date")
        operation.save(update_fields=fields)
    return operation


@transaction.atomic
def operation_reopen(*, operation: Operation, actor: User, reason: str) -> Operation:
    """Reopen a closed operation, with a reason; audited."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Say why the operation is reopened."), "required")
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    _allowed(actor, operation, "reopen")
    target = _move(operation, "reopen")
    audit_record(
        actor=actor,
        operation=operation,
        obj=operation,
        verb="operation.reopen",
        from_state=operation.status,
        to_state=target,
        comment=reason,
        allow_closed=True,
    )
    operation.status = target
    operation.end_date = None
    operation.save(update_fields=["status", "end_date"])
    return operation


# Organisations of an operation.


def _check_organization(organization: Organization) -> None:
    taken = Organization.objects.filter(name__iexact=organization.name).exclude(pk=organization.pk).exists()
    if taken:
        raise _invalid("name", _("An organisation of this name exists: add it instead."), "name_taken")
    organization.full_clean(validate_unique=False)


@transaction.atomic
def organization_add(*, operation: Operation, organization: Organization, actor: User) -> Organization:
    """Bring an existing organisation into the operation."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    _allowed(actor, operation, "organizations")
    if operation.organizations.filter(pk=organization.pk).exists():
        raise _invalid(
            "organization", _("This organisation already takes part in the operation."), "already_in"
        )
    audit_record(
        actor=actor,
        operation=operation,
        obj=organization,
        verb="operation.organization_add",
        data={"community": str(organization.community)},
    )
    operation.organizations.add(organization)
    return organization


@transaction.atomic
def organization_create(*, operation: Operation, actor: User, data: dict[str, Any]) -> Organization:
    """Create an organisation (its type decides humanitarian or military) and bring it into the operation."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    _allowed(actor, operation, "organizations")
    ensure_operation_open(operation)
    organization = Organization(**{f: data.get(f, "") for f in ORGANIZATION_FIELDS})
    _check_organization(organization)
    organization.save()
    audit_record(
        actor=actor,
        operation=operation,
        obj=organization,
        verb="operation.organization_create",
        data={"type": organization.type, "community": str(organization.community)},
    )
    operation.organizations.add(organization)
    return organization


@transaction.atomic
def organization_update(
    *, operation: Operation, organization: Organization, actor: User, data: dict[str, Any]
) -> Organization:
    """Edit an organisation of the operation; its type may not cross between humanitarian and military."""
    _allowed(actor, operation, "organizations")
    ensure_operation_open(operation)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    was_military = organization.is_military
    before = {f: getattr(organization, f) for f in ORGANIZATION_FIELDS}
    for field in ORGANIZATION_FIELDS:
        if field in data:
            setattr(organization, field, data[field])
    if organization.is_military != was_military:
        raise _invalid(
            "type",
            _("An organisation cannot change between humanitarian and military: create a new one."),
            "community_change",
        )
    _check_organization(organization)
    changed = {f: [before[f], getattr(organization, f)] for f in ORGANIZATION_FIELDS}
    changed = {f: v for f, v in changed.items() if v[0] != v[1]}
    if changed:
        organization.save(update_fields=list(changed))
        audit_record(
            actor=actor,
            operation=operation,
            obj=organization,
            verb="organization.update",
            data={"changes": changed},
        )
    return organization


@transaction.atomic
def organization_deactivate(
    *, operation: Operation, organization: Organization, actor: User, reason: str = ""
) -> list[int]:
    """Take an organisation out of the operation: its people lose their roles there, its pending invitations
    are withdrawn; the organisation, its people and their records stay. Returns the users who lost a role."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    _allowed(actor, operation, "organizations")
    ensure_operation_open(operation)
    if not operation.organizations.filter(pk=organization.pk).exists():
        raise _invalid("organization", _("This organisation does not take part in the operation."), "not_in")
    memberships = list(
        Membership.objects.select_for_update()
        .filter(operation=operation, user__organization=organization)
        .select_related("user", "operation")
    )
    officers_left = (
        Membership.objects.filter(operation=operation, role=Role.CMCOORD_OFFICER)
        .exclude(user__organization=organization)
        .exists()
    )
    if not officers_left:
        raise DomainError(
            _(
                "The operation's last CMCoord officers belong to this organisation: "
                "an operation always has one."
            ),
            code="last_officer",
        )
    removed = [m.user_id for m in memberships]
    for membership in memberships:
        membership_remove(membership=membership, actor=actor)
    withdrawn = Invitation.objects.filter(
        operation=operation, organization=organization, status=Invitation.Status.PENDING
    ).update(status=Invitation.Status.WITHDRAWN, closed_at=timezone.now())
    audit_record(
        actor=actor,
        operation=operation,
        obj=organization,
        verb="operation.organization_deactivate",
        comment=reason,
        data={"users": removed, "invitations_withdrawn": withdrawn},
    )
    operation.organizations.remove(organization)
    return removed


# Invitations.


def _check_role_fits(role: str, organization: Organization, field: str = "role") -> None:
    if organization.is_military and role != Role.MILITARY_LIAISON:
        raise _invalid(
            field,
            _("A person of a military organisation can only be a military liaison officer."),
            "military_user_humanitarian_role",
        )
    if not organization.is_military and role == Role.MILITARY_LIAISON:
        raise _invalid(
            field,
            _("Only a person of a military organisation can be a military liaison officer."),
            "humanitarian_user_military_role",
        )


def accept_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("operations:accept", args=[token])


def _send_invitation(invitation_pk: int, token: str) -> None:
    """The invitation email, in the inviter's language (the invitee has none yet); sent after commit."""
    invitation = Invitation.objects.select_related("operation", "organization", "invited_by").get(
        pk=invitation_pk
    )
    language = invitation.invited_by.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": accept_url(token),
            "role_label": invitation.get_role_display(),
            "days": INVITATION_VALIDITY.days,
        }
        subject = _("You are invited to %(operation)s on cmcoord") % {"operation": invitation.operation.name}
        text = render_to_string("operations/email/invitation.txt", context)
        html = render_to_string("operations/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_digest(token)
    now = timezone.now()
    invitation.sent_at = now
    invitation.expires_at = now + INVITATION_VALIDITY
    return token


@transaction.atomic
def invitation_create(
    *,
    operation: Operation,
    actor: User,
    email: str,
    role: str,
    organization: Organization,
    first_name: str = "",
    last_name: str = "",
) -> Invitation:
    """Invite an email to the operation with a role; the link (single-use, 7 days) is emailed after commit."""
    operation = Operation.objects.select_for_update().get(pk=operation.pk)
    _allowed(actor, operation, "invite")
    ensure_operation_open(operation)
    email = User.objects.normalize_email((email or "").strip()).lower()
    if role not in permissions.roles_assignable(actor, operation):
        raise _invalid("role", _("You cannot give this role."), "role_not_allowed")
    if not operation.organizations.filter(pk=organization.pk).exists():
        raise _invalid(
            "organization", _("Add this organisation to the operation first."), "organisation_not_in"
        )
    existing = User.objects.filter(email__iexact=email).select_related("organization").first()
    if existing is not None:
        if not existing.is_active:
            raise _invalid("email", _("This person's account is deactivated."), "deactivated")
        if Membership.objects.filter(operation=operation, user=existing).exists():
            raise _invalid(
                "email",
                _("This person already takes part in the operation: change their role instead."),
                "already_member",
            )
        if existing.organization_id and existing.organization_id != organization.pk:
            raise _invalid(
                "organization",
                _("This person has an account with %(organization)s: invite them with it.")
                % {"organization": existing.organization},
                "other_organisation",
            )
    _check_role_fits(role, organization)
    if Invitation.objects.filter(
        operation=operation, email__iexact=email, status=Invitation.Status.PENDING
    ).exists():
        raise _invalid(
            "email",
            _("This address is already invited: resend or withdraw that invitation."),
            "already_invited",
        )
    invitation = Invitation(
        operation=operation,
        email=email,
        role=role,
        organization=organization,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        invited_by=actor,
    )
    token = _new_token(invitation)
    invitation.created_at = invitation.sent_at
    invitation.full_clean(exclude=["token_hash", "invited_by", "operation", "organization"])
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # the same address invited at the same moment
        raise _invalid(
            "email",
            _("This address is already invited: resend or withdraw that invitation."),
            "already_invited",
        ) from None
    audit_record(
        actor=actor,
        operation=operation,
        obj=invitation,
        verb="invitation.create",
        to_state=invitation.status,
        data={"role": role, "organization": organization.pk},
    )
    transaction.on_commit(lambda: _send_invitation(invitation.pk, token))
    return invitation


def _lock_pending(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().select_related("operation").get(pk=invitation.pk)
    if locked.status != Invitation.Status.PENDING:
        raise TransitionNotAllowed(
            _("This invitation is no longer pending."), code=f"invitation_{locked.status}"
        )
    return locked


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    """Send a pending invitation again with a new link (the old one stops working) and 7 more days."""
    invitation = _lock_pending(invitation)
    _allowed(actor, invitation.operation, "invite")
    _refuse(
        invitation.role in permissions.roles_assignable(actor, invitation.operation),
        _("You cannot give this role."),
        "role_not_allowed",
    )
    token = _new_token(invitation)
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    audit_record(actor=actor, operation=invitation.operation, obj=invitation, verb="invitation.resend")
    transaction.on_commit(lambda: _send_invitation(invitation.pk, token))
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor: User) -> Invitation:
    """Withdraw a pending invitation: its link stops working."""
    invitation = _lock_pending(invitation)
    _allowed(actor, invitation.operation, "invite")
    _refuse(
        invitation.role in permissions.roles_assignable(actor, invitation.operation),
        _("You cannot withdraw this invitation."),
        "role_not_allowed",
    )
    old = invitation.status
    invitation.status = Invitation.Status.WITHDRAWN
    invitation.closed_at = timezone.now()
    invitation.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        operation=invitation.operation,
        obj=invitation,
        verb="invitation.withdraw",
        from_state=old,
        to_state=invitation.status,
    )
    return invitation


def invitation_check(invitation: Invitation | None) -> Invitation:
    """The invitation if its link may still be used; else the refusal (unknown, used, withdrawn, expired)."""
    if invitation is None:
        raise DomainError(_("This invitation link is not valid."), code="invitation_invalid")
    if invitation.status == Invitation.Status.ACCEPTED:
        raise DomainError(_("This invitation has already been used."), code="invitation_used")
    if invitation.status == Invitation.Status.WITHDRAWN:
        raise DomainError(_("This invitation was withdrawn."), code="invitation_withdrawn")
    if invitation.is_expired:
        raise DomainError(
            _("This invitation has expired: ask the officer to send it again."), code="invitation_expired"
        )
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    password: str = "",
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """Accept an invitation: with the signed-in account of its address, or by creating the account
    (the address as the username, the password the person sets). The role is given through membership_set."""
    locked = (
        Invitation.objects.select_for_update()
        .select_related("operation", "organization", "invited_by")
        .filter(token_hash=token_digest(token or ""))
        .first()
    )
    invitation = invitation_check(locked)
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise DomainError(
                _("This invitation is for %(email)s: log out, then open the link again.")
                % {"email": invitation.email},
                code="invitation_other_user",
            )
        account = User.objects.select_for_update().get(pk=user.pk)
        if account.organization_id is None:
            account.organization = invitation.organization
            account.save(update_fields=["organization"])
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise DomainError(
                _("You already have an account: log in, then open the link again."), code="account_exists"
            )
        account = User(
            username=invitation.email,
            email=invitation.email,
            first_name=(first_name or invitation.first_name).strip(),
            last_name=(last_name or invitation.last_name).strip(),
            organization=invitation.organization,
            language=invitation.invited_by.language,
        )
        from django.contrib.auth.password_validation import validate_password

        try:
            validate_password(password, account)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}, code="password") from None
        account.set_password(password)
        account.full_clean(exclude=["password"], validate_unique=True)
        account.save()
    membership = membership_set(
        operation=invitation.operation, user=account, role=invitation.role, actor=invitation.invited_by
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = account
    invitation.closed_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "closed_at"])
    audit_record(
        actor=account,
        operation=invitation.operation,
        obj=invitation,
        verb="invitation.accept",
        from_state=Invitation.Status.PENDING,
        to_state=invitation.status,
    )
    return membership


# Roles and people.


def _officers_locked(operation: Operation) -> list[Membership]:
    return list(
        Membership.objects.select_for_update(of=("self",))
        .filter(operation=operation, role=Role.CMCOORD_OFFICER)
        .select_related("user")
    )


def _keep_an_officer(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.CMCOORD_OFFICER or new_role == Role.CMCOORD_OFFICER:
        return
    others = [m for m in _officers_locked(membership.operation) if m.pk != membership.pk and m.user.is_active]
    if not others:
        raise DomainError(
            _(
                "This is the operation's last CMCoord officer: an operation always has one. "
                "Name another first."
            ),
            code="last_officer",
        )


@transaction.atomic
def membership_change(*, membership: Membership, role: str, actor: User) -> Membership:
    """Change a person's role in the operation (the military-role rule holds: the database refuses it too)."""
    membership = (
        Membership.objects.select_for_update().select_related("operation", "user").get(pk=membership.pk)
    )
    operation = membership.operation
    _allowed(actor, operation, "roles")
    ensure_operation_open(operation)
    if role not in [r.value for r in Role]:
        raise _invalid("role", _("Choose a role."), "invalid_choice")
    _keep_an_officer(membership, role)
    if membership.user.organization is not None:
        _check_role_fits(role, membership.user.organization)
    return membership_set(operation=operation, user=membership.user, role=role, actor=actor)


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User) -> None:
    """Take a person's role in the operation away (they stay on record)."""
    membership = (
        Membership.objects.select_for_update().select_related("operation", "user").get(pk=membership.pk)
    )
    _allowed(actor, membership.operation, "roles")
    ensure_operation_open(membership.operation)
    _keep_an_officer(membership, None)
    membership_remove(membership=membership, actor=actor)


def _check_can_deactivate(*, user: User, operation: Operation, actor: User) -> None:
    _allowed(actor, operation, "deactivate_user")
    _refuse(user.pk != actor.pk, _("You cannot deactivate your own account."), "self")
    _refuse(not (user.is_staff or user.is_superuser), _("Technical staff are managed in the admin."), "staff")
    roles = dict(Membership.objects.filter(user=user).values_list("operation_id", "role"))
    _refuse(operation.pk in roles, _("This person does not take part in the operation."), "not_member")
    elsewhere = [op for op in roles if not permissions.is_officer(actor, op)]
    _refuse(
        not elsewhere,
        _("This person also takes part in operations you do not run: ask an operations manager."),
        "member_elsewhere",
    )


@transaction.atomic
def user_deactivate(*, user: User, operation: Operation, actor: User, reason: str = "") -> User:
    """Deactivate a person's account (they cannot log in); their roles and records stay."""
    ensure_operation_open(operation)
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_can_deactivate(user=user, operation=operation, actor=actor)
    _refuse(user.is_active, _("This account is already deactivated."), "already_inactive")
    membership = Membership.objects.select_related("operation", "user").get(operation=operation, user=user)
    _keep_an_officer(membership, None)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        operation=operation,
        obj=user,
        verb="user.deactivate",
        from_state="active",
        to_state="inactive",
        comment=reason,
    )
    return user


@transaction.atomic
def user_reactivate(*, user: User, operation: Operation, actor: User) -> User:
    """Let a deactivated person log in again."""
    ensure_operation_open(operation)
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_can_deactivate(user=user, operation=operation, actor=actor)
    _refuse(not user.is_active, _("This account is active."), "already_active")
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        operation=operation,
        obj=user,
        verb="user.reactivate",
        from_state="inactive",
        to_state="active",
    )
    return user
