"""Pages of humanitarian notification. Thin: fetch through permissions (404 for what the user may not see),
validate a form, call one service, redirect. A party's pages show only what was sent to that party."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cmcoord.exceptions import DomainError
from cmcoord.views import current_operation_or_none

from . import exports, permissions, selectors, services
from .forms import ConcernForm, MovementForm, SiteForm, TransmitForm, WithdrawForm, leg_formset
from .models import Kind

PAGE_SIZE = 25
FORMS = {Kind.SITE: SiteForm, Kind.MOVEMENT: MovementForm}


def _errors_to_form(form, error: ValidationError, legs=None) -> None:
    for field, errors in error.message_dict.items():
        for message in errors:
            if field == "legs" and legs is not None:
                legs._non_form_errors = legs.error_class([message])
            else:
                form.add_error(field if field in form.fields else None, message)


@login_required
def notification_list(request):
    """Humanitarian users: the notifications they may see. A party's liaison officer: what it received."""
    operation = current_operation_or_none(request)
    if not permissions.can_list(request.user, operation):
        raise Http404("No humanitarian notification here.")
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    if permissions.is_party(request.user, operation):
        page = Paginator(
            selectors.received_for_party(request.user, operation, kind=kind), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        page.object_list = selectors.received_rows(page.object_list)
        return render(
            request,
            "deconfliction/received_list.html",
            {"operation": operation, "page": page, "kind": kind, "kinds": Kind.choices},
        )
    page = Paginator(
        selectors.notifications_for_user(request.user, operation, kind=kind), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "deconfliction/list.html",
        {
            "operation": operation,
            "page": page,
            "kind": kind,
            "kinds": Kind.choices,
            "can_create": permissions.can_create(request.user, operation),
        },
    )


@login_required
def notification_create(request, kind: str):
    """A requester (or an officer) notifies a site or a movement."""
    operation = current_operation_or_none(request)
    if kind not in Kind.values or not permissions.can_create(request.user, operation):
        raise Http404("No such page.")
    organizations = permissions.organizations_for_create(request.user, operation)
    form = FORMS[kind](request.POST or None, organizations=organizations)
    legs = leg_formset(request.POST or None) if kind == Kind.MOVEMENT else None
    if request.method == "POST" and form.is_valid() and (legs is None or legs.is_valid()):
        try:
            notification = services.notification_submit(
                operation=operation,
                organization=form.cleaned_data["organization"],
                kind=kind,
                actor=request.user,
                fields=form.version_fields(),
                legs=legs.legs() if legs is not None else None,
            )
        except ValidationError as error:
            _errors_to_form(form, error, legs)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(reference)s is submitted; the CMCoord officers transmit it to the parties.")
                % {"reference": notification.reference},
            )
            return redirect(notification)
    return render(
        request,
        "deconfliction/form.html",
        {"operation": operation, "form": form, "legs": legs, "kind": kind, "kind_label": Kind(kind).label},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def notification_edit(request, pk: int):
    """An update appends a new version; the parties keep what they were sent until it is transmitted."""
    notification = permissions.get_notification_for_user(request.user, pk)
    if not permissions.can_revise(request.user, notification):
        messages.error(request, _("This humanitarian notification cannot be updated now."))
        return redirect(notification)
    version = notification.current_version
    form = FORMS[notification.kind](request.POST or None, instance=version, organizations=None)
    legs = None
    if notification.is_movement:
        legs = leg_formset(request.POST or None, legs=None if request.POST else version.legs.all())
    if request.method == "POST" and form.is_valid() and (legs is None or legs.is_valid()):
        try:
            services.notification_revise(
                notification=notification,
                actor=request.user,
                fields=form.version_fields(),
                legs=legs.legs() if legs is not None else None,
                expected_status=request.POST.get("expected_status") or None,
            )
        except ValidationError as error:
            _errors_to_form(form, error, legs)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(notification)
        else:
            messages.success(request, _("A new version is recorded; transmit it to the parties."))
            return redirect(notification)
    return render(
        request,
        "deconfliction/form.html",
        {
            "operation": notification.operation,
            "form": form,
            "legs": legs,
            "kind": notification.kind,
            "kind_label": notification.get_kind_display(),
            "notification": notification,
        },
        status=400 if request.method == "POST" else 200,
    )


def _detail_context(request, notification, **forms):
    user = request.user
    context = {
        "notification": notification,
        "version": notification.current_version,
        "can_revise": permissions.can_revise(user, notification),
        "can_transmit": permissions.can_transmit(user, notification),
        "can_withdraw": permissions.can_withdraw(user, notification),
        "can_export_record": permissions.can_export_record(user, notification),
        "show_concerns": permissions.can_see_concerns(user, notification),
        **selectors.notification_detail(
            notification, with_concerns=permissions.can_see_concerns(user, notification)
        ),
    }
    if context["can_transmit"]:
        context["transmit_form"] = forms.get("transmit_form") or TransmitForm(
            parties=permissions.parties(notification.operation)
        )
    if context["can_withdraw"]:
        context["withdraw_form"] = forms.get("withdraw_form") or WithdrawForm()
    return context


@login_required
def notification_detail(request, pk: int):
    """The humanitarian page: the current version, its history, and what each party was sent and answered."""
    notification = permissions.get_notification_for_user(request.user, pk)
    return render(request, "deconfliction/detail.html", _detail_context(request, notification))


@login_required
@require_POST
def notification_transmit(request, pk: int):
    notification = permissions.get_notification_for_user(request.user, pk)
    if not permissions.can_transmit(request.user, notification):
        messages.error(request, _("This humanitarian notification cannot be transmitted now."))
        return redirect(notification)
    form = TransmitForm(request.POST, parties=permissions.parties(notification.operation))
    if form.is_valid():
        try:
            sent = services.notification_transmit(
                notification=notification,
                actor=request.user,
                parties=list(form.cleaned_data["parties"]),
                expected_status=request.POST.get("expected_status") or None,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(notification)
        else:
            messages.success(
                request,
                _("Transmitted to %(parties)s.") % {"parties": ", ".join(t.party.short_name for t in sent)},
            )
            return redirect(notification)
    return render(
        request,
        "deconfliction/detail.html",
        _detail_context(request, notification, transmit_form=form),
        status=400,
    )


@login_required
@require_POST
def notification_withdraw(request, pk: int):
    notification = permissions.get_notification_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "deconfliction/detail.html",
            _detail_context(request, notification, withdraw_form=form),
            status=400,
        )
    try:
        services.notification_withdraw(
            notification=notification,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            expected_status=request.POST.get("expected_status") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Withdrawn. It stays on record; the parties are told."))
    return redirect(notification)


@login_required
def notification_record(request, pk: int):
    """The full record of one site or movement, times to the second (CSV, for incident follow-up)."""
    notification = permissions.get_notification_for_user(request.user, pk)
    if not permissions.can_export_record(request.user, notification):
        raise Http404("No such record.")
    return exports.record_csv(notification, selectors.record(notification))


# A party's pages.


def _received_context(request, transmission, concern_form=None):
    return {
        "transmission": transmission,
        "can_acknowledge": permissions.can_acknowledge(request.user, transmission),
        "can_raise_concern": permissions.can_raise_concern(request.user, transmission),
        "concern_form": concern_form or ConcernForm(),
        **selectors.received_detail(transmission),
    }


@login_required
def received_detail(request, pk: int):
    """What was sent to the user's force, exactly as sent; acknowledge receipt or send back a concern."""
    transmission = permissions.get_transmission_for_party(request.user, pk)
    return render(request, "deconfliction/received_detail.html", _received_context(request, transmission))


@login_required
@require_POST
def received_acknowledge(request, pk: int):
    transmission = permissions.get_transmission_for_party(request.user, pk)
    try:
        services.transmission_acknowledge(
            transmission=transmission,
            actor=request.user,
            expected_status=request.POST.get("expected_status") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Receipt acknowledged. The CMCoord officers are told."))
    return redirect(transmission)


@login_required
@require_POST
def received_concern(request, pk: int):
    transmission = permissions.get_transmission_for_party(request.user, pk)
    form = ConcernForm(request.POST)
    if form.is_valid():
        try:
            services.transmission_raise_concern(
                transmission=transmission, actor=request.user, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your concern is sent to the CMCoord officers."))
        return redirect(transmission)
    return render(
        request,
        "deconfliction/received_detail.html",
        _received_context(request, transmission, concern_form=form),
        status=400,
    )


@login_required
def received_export(request, fmt: str):
    """A party's current sites and upcoming movements as CSV, GeoJSON or KML, in the party's language."""
    operation = current_operation_or_none(request)
    if not permissions.is_party(request.user, operation) or fmt not in exports.FORMATS:
        raise Http404("No such export.")
    rows = selectors.received_rows(selectors.received_for_party(request.user, operation))
    response: HttpResponse = exports.FORMATS[fmt](rows, operation)
    return response
