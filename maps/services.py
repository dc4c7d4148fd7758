"""Writes of the maps: the gazetteer and the uploaded layers. Each one atomic, checked and audited."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from cmcoord.exceptions import DomainError
from cmcoord.services import audit_record

from . import geo, permissions
from .models import MapLayer, Place


def _check_manager(actor, operation) -> None:
    if not permissions.can_manage(actor, operation):
        raise DomainError(
            _("Only the CMCoord officers of an open operation keep its gazetteer and map layers."),
            code="not_allowed",
        )


@transaction.atomic
def place_add(*, operation, actor, name: str, kind: str, lat: Decimal, lon: Decimal) -> Place:
    """Add a named place to the operation's gazetteer (one per name, whatever its case)."""
    _check_manager(actor, operation)
    name = " ".join(name.split())
    place = Place(operation=operation, name=name, kind=kind, lat=lat, lon=lon, created_by=actor)
    place.full_clean(validate_constraints=False)
    if Place.objects.filter(operation=operation).annotate(n=Lower("name")).filter(n=name.lower()).exists():
        message = _("“%(name)s” is already in the gazetteer.") % {"name": name}
        raise ValidationError({"name": [ValidationError(message, code="place_exists")]})
    place.save()
    audit_record(
        actor=actor,
        operation=operation,
        obj=place,
        verb="maps.place_add",
        data={"lat": str(lat), "lon": str(lon)},
    )
    return place


@transaction.atomic
def layer_upload(*, operation, actor, name: str, kind: str, source: str = "", raw: bytes) -> MapLayer:
    """Store an uploaded GeoJSON layer once it is validated (maps/geo.py); bad input stores nothing."""
    _check_manager(actor, operation)
    layer = MapLayer(
        operation=operation,
        name=" ".join(name.split()),
        kind=kind,
        source=source.strip(),
        uploaded_by=actor,
        geojson={},
        feature_count=0,
        size_bytes=len(raw),
    )
    layer.full_clean(exclude=["geojson", "feature_count"])
    collection = geo.parse_layer(raw, kind=kind)
    layer.geojson = collection
    layer.feature_count = len(collection["features"])
    layer.save()
    audit_record(
        actor=actor,
        operation=operation,
        obj=layer,
        verb="maps.layer_upload",
        data={"kind": kind, "features": layer.feature_count, "bytes": layer.size_bytes},
    )
    return layer


@transaction.atomic
def layer_withdraw(*, layer: MapLayer, actor) -> MapLayer:
    """Stop drawing a layer; it stays on record."""
    _check_manager(actor, layer.operation)
    updated = MapLayer.objects.filter(pk=layer.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if not updated:
        raise DomainError(_("This layer was already withdrawn."), code="already_withdrawn")
    layer.refresh_from_db()
    audit_record(actor=actor, operation=layer.operation, obj=layer, verb="maps.layer_withdraw")
    return layer
