"""Maps: the gazetteer of an operation's named places and the GeoJSON layers its officers upload.

Requests, legs and tasks keep their own coordinates (requests/); this app only reads them (maps/selectors.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmcoord.models import Operation

LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


class PlaceKind(models.TextChoices):
    AIRPORT = "airport", _("Airport or airstrip")
    PORT = "port", _("Port or landing point")
    TOWN = "town", _("Town or village")
    SITE = "site", _("Site (camp, distribution point)")
    WAREHOUSE = "warehouse", _("Warehouse or hub")
    OTHER = "other", _("Other")


class Place(models.Model):
    """A named place of an operation's gazetteer, picked on the request form instead of retyped."""

    Kind = PlaceKind

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="places")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.OTHER)
    lat = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, validators=LATITUDE)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=5, validators=LONGITUDE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("named place")
        verbose_name_plural = _("named places")
        constraints = [
            models.UniqueConstraint("operation", Lower("name"), name="place_name_unique_in_operation"),
            models.CheckConstraint(condition=Q(kind__in=PlaceKind.values), name="place_kind_valid"),
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="place_coordinates_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LayerKind(models.TextChoices):
    ADMIN_BOUNDARIES = "admin_boundaries", _("Administrative boundaries")
    ROADS = "roads", _("Roads and access")
    AIRSTRIPS = "airstrips", _("Airstrips and helipads")
    OTHER = "other", _("Other")


# The geometries a layer of each kind may hold (GeoJSON types); "other" takes any.
LAYER_GEOMETRIES = {
    LayerKind.ADMIN_BOUNDARIES: {"Polygon", "MultiPolygon"},
    LayerKind.ROADS: {"LineString", "MultiLineString"},
    LayerKind.AIRSTRIPS: {"Point", "MultiPoint", "Polygon", "MultiPolygon", "LineString"},
}


class MapLayerQuerySet(models.QuerySet):
    def shown(self):
        """Layers not withdrawn: those every map of the operation draws."""
        return self.filter(withdrawn_at__isnull=True)


class MapLayer(models.Model):
    """A GeoJSON layer an officer uploaded (admin boundaries, roads, airstrips), drawn under the platform's
    own layers. Validated before it is stored (maps/geo.py); withdrawn, never deleted."""

    Kind = LayerKind

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="map_layers")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=LayerKind.choices)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where the data comes from, e.g. a COD dataset.")
    )
    geojson = models.JSONField(editable=False)
    feature_count = models.PositiveIntegerField(editable=False)
    size_bytes = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MapLayerQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = _("map layer")
        verbose_name_plural = _("map layers")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=LayerKind.values), name="map_layer_kind_valid"),
        ]
        indexes = [
            # maps.selectors.layers_for: the layers an operation's maps draw.
            models.Index(
                fields=["operation"], condition=Q(withdrawn_at__isnull=True), name="map_layer_shown"
            ),
        ]

    def __str__(self) -> str:
        return self.name
