"""Pages of the capabilities of the forces: the registry (or its aggregate), an asset, the declaration form,
the gaps. Thin: who may see what is asked of permissions.py, reads of selectors.py, writes of services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cmcoord.exceptions import DomainError
from cmcoord.views import current_operation_or_none
from requests.models import Capability

from . import exports, lifecycle, permissions, selectors, services
from .forms import AssetForm, WithdrawForm

PAGE_SIZE = 50


def _operation(request):
    operation = current_operation_or_none(request)
    if not permissions.can_view_registry(request.user, operation):
        raise Http404("No registry here.")
    return operation


@login_required
def registry_page(request):
    """The force's own assets (liaison officers), every force's (officers, HCT, HC), or the aggregate."""
    operation = _operation(request)
    context = {
        "operation": operation,
        "can_declare": permissions.can_declare(request.user, operation),
        "sees_all": permissions.sees_all_forces(request.user, operation),
        "capabilities": Capability.choices,
    }
    if permissions.sees_assets(request.user, operation):
        show_withdrawn = request.GET.get("withdrawn") == "1"
        assets = selectors.assets_for_user(request.user, operation, include_withdrawn=show_withdrawn)
        capability = request.GET.get("capability", "")
        if capability in Capability.values:
            assets = assets.filter(capability=capability)
        context.update(
            page=Paginator(assets, PAGE_SIZE).get_page(request.GET.get("page")),
            capability=capability,
            show_withdrawn=show_withdrawn,
        )
    else:
        context["summary"] = selectors.capability_summary(operation)
    return render(request, "capabilities/registry.html", context)


@login_required
def export_csv(request):
    """The registry as CSV, with the same visibility as the page."""
    return exports.export_response(request.user, _operation(request))


@login_required
def asset_detail(request, pk: int):
    asset = permissions.get_asset_for_user(request.user, pk)
    can_edit = permissions.can_edit(request.user, asset)
    actions = (
        [(a, label) for a, label in lifecycle.USER_ACTIONS.items() if lifecycle.target(asset.status, a)]
        if can_edit
        else []
    )
    return render(
        request,
        "capabilities/asset_detail.html",
        {
            "asset": asset,
            "can_edit": can_edit,
            "actions": actions,
            "withdraw_form": WithdrawForm(),
            "history": selectors.asset_history(asset),
            "assignments": selectors.assignments_for(asset),
            # A force reads who acted on its asset by organisation: humanitarian names stay humanitarian.
            "show_names": permissions.sees_all_forces(request.user, asset.operation),
        },
    )


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@login_required
def asset_create(request):
    operation = _operation(request)
    if not permissions.can_declare(request.user, operation):
        raise Http404("You cannot declare assets here.")
    on_behalf = permissions.declares_on_behalf(request.user, operation)
    form = AssetForm(request.POST or None, operation=operation, force_choice=on_behalf)
    if request.method == "POST" and form.is_valid():
        try:
            asset = services.asset_declare(
                operation=operation,
                actor=request.user,
                force=form.cleaned_data["force"] if on_behalf else request.user.organization,
                data=form.service_data(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("capabilities:registry")
        else:
            messages.success(request, _("Asset declared: %(asset)s.") % {"asset": asset.description})
            return redirect(asset)
    return render(
        request,
        "capabilities/asset_form.html",
        {"form": form, "operation": operation, "on_behalf": on_behalf, "asset": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def asset_edit(request, pk: int):
    asset = permissions.get_asset_for_user(request.user, pk)
    if not permissions.can_edit(request.user, asset):
        raise Http404("You cannot change this asset.")
    form = AssetForm(request.POST or None, instance=asset, operation=asset.operation, force_choice=False)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        # The form works on a copy: the service locks and saves the row itself.
        asset.refresh_from_db()
        try:
            services.asset_update(asset=asset, actor=request.user, data=data)
        except ValidationError as error:
            _apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(asset)
        else:
            messages.success(request, _("Asset updated."))
            return redirect(asset)
    return render(
        request,
        "capabilities/asset_form.html",
        {"form": form, "operation": asset.operation, "on_behalf": False, "asset": asset},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def asset_action(request, pk: int, action: str):
    """Withdraw an asset, or declare it available again."""
    asset = permissions.get_asset_for_user(request.user, pk)
    if not permissions.can_edit(request.user, asset):
        raise Http404("You cannot change this asset.")
    service = {"withdraw": services.asset_withdraw, "restore": services.asset_restore}.get(action)
    if service is None:
        raise Http404("No such action.")
    form = WithdrawForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        service(asset=asset, actor=request.user, comment=comment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Asset withdrawn.") if action == "withdraw" else _("Asset available again.")
        )
    return redirect(asset)


@login_required
def gaps_page(request):
    """Open and approved requests no declared asset answers, by capability: what to raise at the
    HuMOCC/MNCC."""
    operation = current_operation_or_none(request)
    if not permissions.can_view_gaps(request.user, operation):
        raise Http404("No gaps here.")
    return render(
        request,
        "capabilities/gaps.html",
        {"operation": operation, "groups": selectors.gaps(request.user, operation)},
    )
