"""Pages of running an operation: thin views that fetch through permissions, validate a form, call one
service and redirect. A refusal is shown as a message; nothing changes."""

import csv

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cmcoord.exceptions import DomainError
from cmcoord.models import Membership, Role, User
from cmcoord.registry import verb_label

from . import permissions, selectors, services
from .forms import (
    AcceptNewAccountForm,
    AddOrganizationForm,
    CloseForm,
    DeactivateOrganizationForm,
    InvitationForm,
    OperationForm,
    OrganizationForm,
    RecordFilterForm,
    ReopenForm,
    RoleForm,
)
from .models import Invitation

RECORD_PAGE_SIZE = 50


def _apply(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _context(request, operation, **extra):
    user = request.user
    return {
        "operation": operation,
        "is_officer": permissions.is_officer(user, operation),
        "may": {a: permissions.may(user, operation, a) for a in permissions.OFFICER_ACTIONS},
        **extra,
    }


# Operations.


@login_required
def operation_list(request):
    """The operations the user may run: all of them for an operations manager."""
    operations = selectors.operations_to_run(request.user)
    if not permissions.can_open_operations(request.user) and not operations:
        raise Http404(_("No operation to run."))
    return render(
        request,
        "operations/list.html",
        {"operations": operations, "can_open": permissions.can_open_operations(request.user)},
    )


@login_required
def operation_current(request):
    """The running page of the current operation (the navigation's link)."""
    operation = getattr(request, "operation", None)
    if not operation:
        raise Http404(_("No current operation."))
    operation = permissions.get_operation_to_run(request.user, operation.pk)
    return redirect("operations:detail", operation.pk)


@login_required
def operation_create(request):
    """Open an operation (operations managers)."""
    if not permissions.can_open_operations(request.user):
        raise Http404(_("No such page."))
    form = OperationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.operation_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(
                request,
                _("Operation %(name)s opened: invite its first CMCoord officers.") % {"name": operation.name},
            )
            return redirect("operations:people", operation.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "operations/operation_form.html", {"form": form, "operation": None}, status=status)


@login_required
def operation_detail(request, pk: int):
    """An operation as those who run it see it: its facts, status and what can be done."""
    operation = permissions.get_operation_to_run(request.user, pk, "view")
    counts = {}
    if permissions.is_officer(request.user, operation):
        counts = {
            "members": operation.memberships.count(),
            "organizations": operation.organizations.count(),
            "pending": selectors.pending_invitations(operation).count(),
        }
    return render(
        request,
        "operations/detail.html",
        _context(request, operation, counts=counts, reopen_form=ReopenForm()),
    )


@login_required
def operation_edit(request, pk: int):
    operation = permissions.get_operation_to_run(request.user, pk, "edit")
    initial = {f: getattr(operation, f) for f in services.OPERATION_FIELDS}
    form = OperationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.operation_update(operation=operation, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("operations:detail", operation.pk)
        else:
            messages.success(request, _("Operation saved."))
            return redirect("operations:detail", operation.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "operations/operation_form.html", _context(request, operation, form=form), status=status
    )


@login_required
def operation_close(request, pk: int):
    """Close with a reason; lists the open requests (to cancel) and the open tasks (that block closing)."""
    operation = permissions.get_operation_to_run(request.user, pk, "close")
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.operation_close(
                operation=operation,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                cancel_open_requests=form.cleaned_data["cancel_open_requests"],
            )
        except ValidationError as error:
            _apply(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The operation is closed: it is now a read-only archive."))
            return redirect("operations:detail", operation.pk)
    context = _context(
        request,
        operation,
        form=form,
        open_requests=list(services.open_requests(operation)),
        open_tasks=list(services.open_tasks(operation)),
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "operations/close.html", context, status=status)


@login_required
@require_POST
def operation_reopen(request, pk: int):
    operation = permissions.get_operation_to_run(request.user, pk, "reopen")
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the operation is reopened."))
        return redirect("operations:detail", operation.pk)
    try:
        services.operation_reopen(operation=operation, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The operation is open again."))
    return redirect("operations:detail", operation.pk)


@login_required
def operation_handover(request, pk: int):
    """The printable hand-over report."""
    operation = permissions.get_operation_to_run(request.user, pk, "handover")
    return render(
        request,
        "operations/handover.html",
        _context(request, operation, report=selectors.handover(operation)),
    )


# Organisations.


def _org_of_operation(operation, org_pk):
    return get_object_or_404(operation.organizations, pk=org_pk)


@login_required
def organizations(request, pk: int):
    """The organisations of the operation; add an existing one."""
    operation = permissions.get_operation_to_run(request.user, pk, "organizations")
    form = AddOrganizationForm(request.POST or None, queryset=selectors.organizations_to_add(operation))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_add(
                operation=operation, organization=form.cleaned_data["organization"], actor=request.user
            )
        except ValidationError as error:
            _apply(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(org)s takes part in the operation.") % {"org": org})
            return redirect("operations:organizations", operation.pk)
    context = _context(
        request, operation, organizations=selectors.operation_organizations(operation), form=form
    )
    return render(request, "operations/organizations.html", context, status=400 if form.errors else 200)


@login_required
def organization_create(request, pk: int):
    operation = permissions.get_operation_to_run(request.user, pk, "organizations")
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(
                operation=operation, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            _apply(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(org)s created and added to the operation.") % {"org": org})
            return redirect("operations:organizations", operation.pk)
    return render(
        request,
        "operations/organization_form.html",
        _context(request, operation, form=form, organization=None),
        status=400 if form.errors else 200,
    )


@login_required
def organization_edit(request, pk: int, org_pk: int):
    operation = permissions.get_operation_to_run(request.user, pk, "organizations")
    organization = _org_of_operation(operation, org_pk)
    initial = {f: getattr(organization, f) for f in services.ORGANIZATION_FIELDS}
    form = OrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                operation=operation, organization=organization, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            _apply(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("operations:organizations", operation.pk)
    return render(
        request,
        "operations/organization_form.html",
        _context(request, operation, form=form, organization=organization),
        status=400 if form.errors else 200,
    )


@login_required
def organization_deactivate(request, pk: int, org_pk: int):
    """Confirm, then take the organisation out of the operation (its people lose their roles there)."""
    operation = permissions.get_operation_to_run(request.user, pk, "organizations")
    organization = _org_of_operation(operation, org_pk)
    form = DeactivateOrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            removed = services.organization_deactivate(
                operation=operation,
                organization=organization,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (DomainError, ValidationError) as error:
            form.add_error(
                None, error.message if isinstance(error, DomainError) else " ".join(error.messages)
            )
        else:
            messages.success(
                request,
                _("%(org)s no longer takes part; %(count)d people lost their role.")
                % {"org": organization, "count": len(removed)},
            )
            return redirect("operations:organizations", operation.pk)
    people = selectors.members(operation).filter(user__organization=organization)
    return render(
        request,
        "operations/organization_deactivate.html",
        _context(request, operation, form=form, organization=organization, people=people),
        status=400 if form.errors else 200,
    )


# People.


@login_required
def people(request, pk: int):
    """Members by role with their last login; pending invitations; the invitation form."""
    operation = permissions.get_operation_to_run(request.user, pk, "people")
    form = _invitation_form(request, operation)
    return _render_people(request, operation, form)


def _invitation_form(request, operation, data=None):
    return InvitationForm(
        data,
        organizations=selectors.operation_organizations(operation),
        roles=permissions.roles_assignable(request.user, operation),
    )


def _render_people(request, operation, form, status=200):
    members = list(selectors.members_visible_to(request.user, operation))
    invitations = list(
        selectors.pending_invitations(operation).filter(
            role__in=permissions.roles_assignable(request.user, operation)
        )
    )
    roles = [(value, label) for value, label in Role.choices]
    context = _context(
        request,
        operation,
        form=form,
        members=members,
        invitations=invitations,
        role_choices=roles,
        may_roles=permissions.may(request.user, operation, "roles"),
    )
    return render(request, "operations/people.html", context, status=status)


@login_required
@require_POST
def invite(request, pk: int):
    operation = permissions.get_operation_to_run(request.user, pk, "invite")
    form = _invitation_form(request, operation, request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                operation=operation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _apply(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("operations:people", operation.pk)
    return _render_people(request, operation, form, status=400)


def _invitation(request, pk, inv_pk):
    operation = permissions.get_operation_to_run(request.user, pk, "invite")
    invitation = get_object_or_404(
        Invitation,
        pk=inv_pk,
        operation=operation,
        role__in=permissions.roles_assignable(request.user, operation),
    )
    return operation, invitation


@login_required
@require_POST
def invitation_resend(request, pk: int, inv_pk: int):
    operation, invitation = _invitation(request, pk, inv_pk)
    try:
        services.invitation_resend(invitation=invitation, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invitation sent again to %(email)s.") % {"email": invitation.email})
    return redirect("operations:people", operation.pk)


@login_required
@require_POST
def invitation_withdraw(request, pk: int, inv_pk: int):
    operation, invitation = _invitation(request, pk, inv_pk)
    try:
        services.invitation_withdraw(invitation=invitation, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("operations:people", operation.pk)


@login_required
@require_POST
def membership_role(request, pk: int, membership_pk: int):
    """Change (role=…) or revoke (revoke=1) a person's role."""
    operation = permissions.get_operation_to_run(request.user, pk, "roles")
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, operation=operation
    )
    try:
        if request.POST.get("revoke"):
            services.membership_revoke(membership=membership, actor=request.user)
            messages.success(
                request, _("%(user)s no longer has a role in the operation.") % {"user": membership.user}
            )
        else:
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a role."))
            services.membership_change(
                membership=membership, role=form.cleaned_data["role"], actor=request.user
            )
            messages.success(request, _("%(user)s's role is changed.") % {"user": membership.user})
    except DomainError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("operations:people", operation.pk)


@login_required
@require_POST
def user_active(request, pk: int, user_pk: int):
    """Deactivate (active=0) or reactivate (active=1) a person of the operation."""
    operation = permissions.get_operation_to_run(request.user, pk, "deactivate_user")
    person = get_object_or_404(User, pk=user_pk, memberships__operation=operation)
    try:
        if request.POST.get("active") == "1":
            services.user_reactivate(user=person, operation=operation, actor=request.user)
            messages.success(request, _("%(user)s can log in again.") % {"user": person})
        else:
            services.user_deactivate(
                user=person, operation=operation, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("%(user)s can no longer log in.") % {"user": person})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("operations:people", operation.pk)


# Accepting an invitation (no login needed: the link is the credential).


def accept(request, token: str):
    """Accept an invitation: set a password (new account) or accept with the signed-in account."""
    invitation = selectors.invitation_for_token(token)
    try:
        services.invitation_check(invitation)
    except DomainError as error:
        status = 404 if invitation is None else 410
        return render(
            request, "operations/accept.html", {"refusal": error.message, "code": error.code}, status=status
        )
    user = request.user if request.user.is_authenticated else None
    has_account = user is None and User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if user is None and not has_account:
        initial = {"first_name": invitation.first_name, "last_name": invitation.last_name}
        form = AcceptNewAccountForm(request.POST or None, initial=initial)
    refusal = ""
    if request.method == "POST" and not has_account and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            membership = services.invitation_accept(
                token=token,
                user=user,
                password=data.get("password1", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
        except ValidationError as error:
            if form is None:
                refusal = " ".join(error.messages)
            elif hasattr(error, "error_dict") and "password" in error.error_dict:
                form.add_error("password1", error.error_dict["password"])
            else:
                _apply(form, error)
        except DomainError as error:
            refusal = error.message
        else:
            if user is None:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session["cmcoord_operation_id"] = membership.operation_id
            messages.success(
                request,
                _("Welcome to %(operation)s: you are %(role)s.")
                % {"operation": membership.operation.name, "role": membership.get_role_display()},
            )
            return redirect("home")
    context = {
        "invitation": invitation,
        "form": form,
        "has_account": has_account,
        "refusal": refusal,
        "login_url": f"{reverse('login')}?next={request.path}",
    }
    return render(request, "operations/accept.html", context, status=400 if request.method == "POST" else 200)


# The record.


def _record_filters(request, operation):
    form = RecordFilterForm(
        request.GET or None,
        actors=selectors.record_actors(operation),
        kinds=selectors.record_kinds(operation),
        object_types=selectors.record_object_types(operation),
    )
    filters = selectors.RecordFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.RecordFilters(
            actor=data["actor"].pk if data["actor"] else None,
            kind=data["kind"],
            object_type=data["object_type"],
            object_id=data["object_id"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, filters


@login_required
def record(request, pk: int):
    """Every event of the operation, filtered and paginated; each links to its object where the reader may
    see it. Officers only (the military never see it)."""
    operation = permissions.get_operation_to_run(request.user, pk, "record")
    form, filters = _record_filters(request, operation)
    page = Paginator(selectors.record(operation, filters), RECORD_PAGE_SIZE).get_page(request.GET.get("page"))
    events = selectors.link_events(request.user, operation, list(page.object_list))
    return render(
        request,
        "operations/record.html",
        _context(request, operation, form=form, page=page, events=events, query=request.GET.urlencode()),
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def record_csv(request, pk: int):
    """The record, with the same filters, as CSV."""
    operation = permissions.get_operation_to_run(request.user, pk, "record")
    form, filters = _record_filters(request, operation)
    if form.is_bound and not form.is_valid():
        return HttpResponse(_("The filters are not valid."), status=400, content_type="text/plain")
    writer = csv.writer(_Echo())
    header = [
        _("When"),
        _("Who"),
        _("What"),
        _("Event code"),
        _("Object type"),
        _("Object"),
        _("Object number"),
        _("From"),
        _("To"),
        _("Comment"),
    ]

    def rows():
        yield writer.writerow(header)
        for event in selectors.record(operation, filters).iterator(chunk_size=500):
            yield writer.writerow(
                [
                    event.created_at.isoformat(),
                    event.actor.username if event.actor else "system",
                    verb_label(event.verb),
                    event.verb,
                    f"{event.content_type.app_label}.{event.content_type.model}",
                    _safe_cell(event.object_repr),
                    event.object_id,
                    event.from_state,
                    event.to_state,
                    _safe_cell(event.comment),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{operation.code}-record.csv"'
    return response


def _safe_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
