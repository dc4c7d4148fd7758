"""Directory pages: thin views; they ask permissions.py, read via selectors.py, write via services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cmcoord.exceptions import DomainError
from cmcoord.forms import errors_to_form
from cmcoord.offline import is_background_sync
from cmcoord.selectors import events_for_object
from cmcoord.views import current_operation_or_none

from . import exports, imports, selectors, services
from .forms import ContactForm, DirectoryFilterForm, ImportForm, PlatformForm
from .models import ContactAccessLog, ContactPhone
from .permissions import (
    can_manage_directory,
    get_contact_for_user,
    get_contact_to_manage,
    get_import_for_user,
    get_platform_for_user,
    get_platform_to_manage,
    sees_personal_fields,
    visible_platforms,
)

PAGE_SIZE = 25
VERBS = {
    "contact.create": _("Added"),
    "contact.import": _("Imported"),
    "contact.update": _("Edited"),
    "contact.verify": _("Marked verified"),
    "contact.confirmation_requested": _("Confirmation requested"),
}


def _operation(request):
    """The current operation; 404 for a user who holds no role anywhere."""
    operation = current_operation_or_none(request)
    if operation is None:
        raise Http404("You hold no role in any operation.")
    return operation


def _managed_operation(request):
    operation = _operation(request)
    if not can_manage_directory(request.user, operation):
        raise Http404("Only the CMCoord officers manage the directory.")
    return operation


def _filter_form(request, operation):
    return filter_form(request.user, operation, request.GET or None)


def filter_form(user, operation, data) -> DirectoryFilterForm:
    """The directory's filters (the page, its exports and the API's exports)."""
    return DirectoryFilterForm(
        data,
        organizations=list(selectors.operation_organizations(operation)),
        platforms=list(visible_platforms(user, operation).order_by("name", "pk")),
        languages=selectors.operation_languages(user, operation),
    )


@login_required
def directory(request):
    """The operation's contacts the user may see: searchable, filterable, one page at a time."""
    operation = _operation(request)
    form = _filter_form(request, operation)
    contacts = selectors.directory(request.user, operation, form.filters())
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    services.military_access_record(
        user=request.user,
        operation=operation,
        contact_ids=[c.pk for c in page],
        # read ahead by the offline worker: on the device, not seen yet
        how=ContactAccessLog.How.OFFLINE if is_background_sync(request) else ContactAccessLog.How.LIST,
    )
    return render(
        request,
        "contacts/directory.html",
        {
            "operation": operation,
            "form": form,
            "page": page,
            "can_manage": can_manage_directory(request.user, operation),
            "filtered": bool(form.is_bound and any(v for v in form.cleaned_data.values())),
        },
    )


@login_required
def card(request, pk: int):
    """One contact: click-to-call and click-to-mail; the personal fields for humanitarian members only."""
    contact = get_contact_for_user(request.user, pk)
    operation = contact.operation
    manage = can_manage_directory(request.user, operation)
    services.military_access_record(
        user=request.user,
        operation=operation,
        contact_ids=[contact.pk],
        how=ContactAccessLog.How.OFFLINE if is_background_sync(request) else ContactAccessLog.How.VIEW,
    )
    context = {
        "contact": contact,
        "operation": operation,
        "emails": list(contact.emails.all()),
        "phones": list(contact.phones.all()),
        "platforms": selectors.contact_platforms(request.user, contact),
        "personal": sees_personal_fields(request.user, operation),
        "can_manage": manage,
    }
    if manage:
        context["open_request"] = selectors.open_confirmation_request(contact)
        context["events"] = [(e, VERBS.get(e.verb, e.verb)) for e in events_for_object(contact)]
    return render(request, "contacts/card.html", context)


def _save_contact(request, *, operation, contact=None):
    form = ContactForm(request.POST or None, operation=operation, contact=contact)
    if request.method == "POST" and form.is_valid():
        try:
            if contact is None:
                contact = services.contact_create(
                    operation=operation, actor=request.user, fields=form.contact_fields()
                )
                messages.success(request, _("%(name)s was added to the directory.") % {"name": contact.name})
            else:
                contact = services.contact_update(
                    contact=contact, actor=request.user, fields=form.contact_fields()
                )
                messages.success(request, _("%(name)s was saved.") % {"name": contact.name})
            return redirect(contact)
        except ValidationError as exc:
            errors_to_form(form, exc)
    return render(
        request,
        "contacts/contact_form.html",
        {"form": form, "contact": contact, "operation": operation, "phone_kinds": ContactPhone.Kind.choices},
    )


@login_required
def contact_create(request):
    return _save_contact(request, operation=_managed_operation(request))


@login_required
def contact_edit(request, pk: int):
    contact = get_contact_to_manage(request.user, pk)
    return _save_contact(request, operation=contact.operation, contact=contact)


@login_required
@require_POST
def contact_verify(request, pk: int):
    contact = get_contact_to_manage(request.user, pk)
    services.contact_mark_verified(contact=contact, actor=request.user)
    messages.success(request, _("%(name)s's details are marked as verified today.") % {"name": contact.name})
    return redirect(contact)


@login_required
@require_POST
def contact_request_confirmation(request, pk: int):
    contact = get_contact_to_manage(request.user, pk)
    try:
        services.contact_request_confirmation(contact=contact, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(name)s will be asked to confirm their details.") % {"name": contact.name}
        )
    return redirect(contact)


def _export(request, fmt: str):
    operation = _operation(request)
    return export_response(request.user, operation, _filter_form(request, operation), fmt)


def export_response(user, operation, form: DirectoryFilterForm, fmt: str) -> HttpResponse:
    """The directory as CSV or vCard: what the user may see, with the directory's filters; a military
    reader's export goes to the access log."""
    contacts = list(selectors.directory(user, operation, form.filters()))
    personal = sees_personal_fields(user, operation)
    services.military_access_record(
        user=user,
        operation=operation,
        contact_ids=[c.pk for c in contacts],
        how=ContactAccessLog.How.EXPORT,
        detail=fmt,
    )
    stamp = f"contacts-{operation.code}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        response = HttpResponse(
            exports.contacts_csv(contacts, personal=personal), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{stamp}.csv"'
    else:
        response = HttpResponse(
            exports.contacts_vcard(contacts, personal=personal), content_type="text/vcard; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{stamp}.vcf"'
    return response


@login_required
def export_csv(request):
    """The directory as CSV: what the user may see, with the directory's filters."""
    return _export(request, "csv")


@login_required
def export_vcard(request):
    """The directory as vCard 3.0: what the user may see, with the directory's filters."""
    return _export(request, "vcard")


@login_required
def organizations(request):
    operation = _operation(request)
    orgs = selectors.organizations_with_counts(request.user, operation)
    return render(request, "contacts/organizations.html", {"operation": operation, "organizations": orgs})


@login_required
def organization_detail(request, pk: int):
    """An organisation of the current operation and its people the user may see."""
    operation = _operation(request)
    organization = selectors.operation_organizations(operation).filter(pk=pk).first()
    if organization is None:
        raise Http404("No such organisation in this operation.")
    people = list(selectors.organization_people(request.user, operation, organization))
    services.military_access_record(
        user=request.user,
        operation=operation,
        contact_ids=[c.pk for c in people],
        how=ContactAccessLog.How.LIST,
    )
    return render(
        request,
        "contacts/organization.html",
        {"operation": operation, "organization": organization, "people": people},
    )


@login_required
def platforms(request):
    operation = _operation(request)
    return render(
        request,
        "contacts/platforms.html",
        {
            "operation": operation,
            "platforms": selectors.platforms_for(request.user, operation),
            "can_manage": can_manage_directory(request.user, operation),
        },
    )


@login_required
def platform_detail(request, pk: int):
    """A platform with its chair and the members the user may see."""
    platform = get_platform_for_user(request.user, pk)
    platform = selectors.platforms_for(request.user, platform.operation).get(pk=platform.pk)
    members = platform.visible_members
    visible_ids = {m.pk for m in members}
    chair = platform.chair if platform.chair_id in visible_ids else None
    services.military_access_record(
        user=request.user,
        operation=platform.operation_id,
        contact_ids=list(visible_ids),
        how=ContactAccessLog.How.LIST,
    )
    return render(
        request,
        "contacts/platform.html",
        {
            "platform": platform,
            "members": members,
            "chair": chair,
            "can_manage": can_manage_directory(request.user, platform.operation_id),
        },
    )


def _save_platform(request, *, operation, platform=None):
    form = PlatformForm(request.POST or None, operation=operation, platform=platform)
    if request.method == "POST" and form.is_valid():
        try:
            if platform is None:
                platform = services.platform_create(
                    operation=operation, actor=request.user, fields=form.platform_fields()
                )
            else:
                platform = services.platform_update(
                    platform=platform, actor=request.user, fields=form.platform_fields()
                )
            messages.success(request, _("%(name)s was saved.") % {"name": platform.name})
            return redirect(platform)
        except ValidationError as exc:
            errors_to_form(form, exc)
    return render(request, "contacts/platform_form.html", {"form": form, "platform": platform})


@login_required
def platform_create(request):
    return _save_platform(request, operation=_managed_operation(request))


@login_required
def platform_edit(request, pk: int):
    platform = get_platform_to_manage(request.user, pk)
    return _save_platform(request, operation=platform.operation, platform=platform)


@login_required
def import_upload(request):
    """Upload a CSV; it is read and checked, and shown in a preview. Nothing is written to the directory."""
    operation = _managed_operation(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_preview(
                operation=operation,
                actor=request.user,
                filename=form.cleaned_data["file"].name,
                text=form.text,
            )
        except imports.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(batch)
    return render(request, "contacts/import_upload.html", {"form": form, "operation": operation})


@login_required
def import_preview(request, pk: int):
    """The preview of an import: every error with its row and column, or the rows ready to be written."""
    batch = get_import_for_user(request.user, pk)
    if request.method == "POST":
        try:
            batch = services.import_commit(batch=batch, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(batch)
        if batch.status == batch.Status.COMMITTED:
            count = len(batch.contact_ids)
            messages.success(
                request,
                ngettext(
                    "%(count)d contact was added to the directory.",
                    "%(count)d contacts were added to the directory.",
                    count,
                )
                % {"count": count},
            )
            return redirect("contacts:directory")
        messages.error(
            request, _("The directory changed since the preview: nothing was written. See the errors.")
        )
        return redirect(batch)
    errors = sorted(batch.errors, key=lambda e: (e["row"], imports.COLUMNS.index(e["column"])))
    columns = [c for c in imports.COLUMNS if any(c in r["values"] for r in batch.rows)]
    return render(
        request,
        "contacts/import_preview.html",
        {
            "batch": batch,
            "errors": errors,
            "error_rows": len({e["row"] for e in errors}),
            "rows": batch.rows,
            "columns": columns,
            "preview_rows": [(r["row"], [(c, r["values"].get(c, "")) for c in columns]) for r in batch.rows],
            "form": ImportForm(),
        },
    )


@login_required
def access_log(request):
    """What military users saw in the directory, for the CMCoord officers."""
    operation = _managed_operation(request)
    page = Paginator(selectors.access_log(operation), 50).get_page(request.GET.get("page"))
    names = selectors.contact_names([pk for row in page for pk in row.contact_ids])
    rows = [(row, [(pk, names.get(pk, f"#{pk}")) for pk in row.contact_ids]) for row in page]
    return render(request, "contacts/access_log.html", {"operation": operation, "page": page, "rows": rows})
