"""The technical admin reads places and layers; they are added and withdrawn through maps/services.py (the
pages and the API), which validate and audit them."""

from django.contrib import admin

from cmcoord.admin import ReadOnlyAdmin

from .models import MapLayer, Place


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "lat", "lon", "operation"]
    list_filter = ["operation", "kind"]
    search_fields = ["name"]


@admin.register(MapLayer)
class MapLayerAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "feature_count", "size_bytes", "operation", "uploaded_at", "withdrawn_at"]
    list_filter = ["operation", "kind"]
    exclude = ["geojson"]
