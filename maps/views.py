"""Pages of the maps: thin views. What a map draws is what the same user may see elsewhere (selectors)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cmcoord.exceptions import DomainError
from cmcoord.views import current_operation_or_none

from . import geo, permissions, selectors, services
from .forms import LayerForm, MapFilterForm, PlaceForm
from .templatetags.maps import map_settings

GEOJSON = "application/geo+json"
KML = "application/vnd.google-earth.kml+xml"


def _operation(request):
    """The current operation, or 404 when the user may not see its map."""
    operation = current_operation_or_none(request)
    if not permissions.can_view_map(request.user, operation):
        raise Http404("No map here.")
    return operation


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def operation_map(request):
    """The operation's common picture: requests by status and priority, running tasks; a table beside it."""
    operation = _operation(request)
    data = selectors.map_data(request.user, operation, selectors.MapFilter.from_query(request.GET))
    return render(
        request,
        "maps/operation.html",
        {
            **map_settings(operation, "operation-map"),
            "features_url": reverse("maps:data") + (f"?{_query(request)}" if _query(request) else ""),
            "operation": operation,
            "form": MapFilterForm(request.GET or None),
            "data": data,
            "query": _query(request),
            "sees_requests": permissions.sees_requests(request.user, operation),
            "can_manage": permissions.can_manage(request.user, operation),
        },
    )


@login_required
def map_data(request):
    """The operation map's features as GeoJSON (what the page's script draws), with the page's filters."""
    operation = _operation(request)
    data = selectors.map_data(request.user, operation, selectors.MapFilter.from_query(request.GET))
    return JsonResponse(data.geojson(), content_type=GEOJSON)


def export_response(collection: dict, *, operation, fmt: str) -> HttpResponse:
    """A download of the features as GeoJSON or KML (the page and the API share it)."""
    stamp = f"{operation.code}-{timezone.localdate():%Y%m%d}"
    if fmt == "geojson":
        response = HttpResponse(json.dumps(collection, ensure_ascii=False), content_type=GEOJSON)
    elif fmt == "kml":
        name = _("%(operation)s: requests and tasks") % {"operation": operation.name}
        response = HttpResponse(geo.kml_document(collection, name=name), content_type=KML)
    else:
        raise Http404("No such format.")
    response["Content-Disposition"] = f'attachment; filename="map-{stamp}.{fmt}"'
    return response


@login_required
def map_export(request, fmt: str):
    """What the user sees on the operation map, filtered the same way, as GeoJSON or KML."""
    operation = _operation(request)
    data = selectors.map_data(request.user, operation, selectors.MapFilter.from_query(request.GET))
    return export_response(data.geojson(), operation=operation, fmt=fmt)


@login_required
def gazetteer(request):
    """The operation's named places; officers add new ones."""
    operation = _operation(request)
    can_manage = permissions.can_manage(request.user, operation)
    form = PlaceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise Http404("Your role cannot add places.")
        if form.is_valid():
            try:
                place = services.place_add(operation=operation, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("“%(name)s” is in the gazetteer.") % {"name": place.name})
                return redirect("maps:places")
        status = 400
    return render(
        request,
        "maps/places.html",
        {
            "operation": operation,
            "entries": selectors.gazetteer_for(request.user, operation),
            "form": form if can_manage else None,
        },
        status=status,
    )


@login_required
def layers(request):
    """The operation's uploaded layers; officers upload new ones (validated: bad input stores nothing)."""
    operation = _operation(request)
    can_manage = permissions.can_manage(request.user, operation)
    form = LayerForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise Http404("Your role cannot upload layers.")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                layer = services.layer_upload(
                    operation=operation,
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    source=form.cleaned_data["source"],
                    raw=upload.read(geo.max_layer_bytes() + 1),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request,
                    _("Layer “%(name)s” uploaded: %(count)s features.")
                    % {"name": layer.name, "count": layer.feature_count},
                )
                return redirect("maps:layers")
        status = 400
    return render(
        request,
        "maps/layers.html",
        {
            "operation": operation,
            "layers": selectors.layers_for(operation),
            "form": form if can_manage else None,
            "can_manage": can_manage,
            "max_kb": geo.max_layer_bytes() // 1024,
        },
        status=status,
    )


@login_required
def layer_geojson(request, pk: int):
    """One uploaded layer's GeoJSON, for the maps of the operation's members."""
    layer = permissions.get_layer_for_user(request.user, _operation(request), pk)
    return JsonResponse(layer.geojson, content_type=GEOJSON)


@login_required
@require_POST
def layer_withdraw(request, pk: int):
    """Stop drawing a layer (it stays on record)."""
    operation = _operation(request)
    layer = permissions.get_layer_for_user(request.user, operation, pk)
    if not permissions.can_manage(request.user, operation):
        raise Http404("Your role cannot withdraw layers.")
    try:
        services.layer_withdraw(layer=layer, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Layer “%(name)s” withdrawn.") % {"name": layer.name})
    return redirect("maps:layers")
