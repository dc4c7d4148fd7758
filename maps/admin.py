from django.contrib import admin

from .models import MapLayer, Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "lat", "lon", "operation"]
    list_filter = ["operation", "kind"]
    search_fields = ["name"]


@admin.register(MapLayer)
class MapLayerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "feature_count", "size_bytes", "operation", "uploaded_at", "withdrawn_at"]
    list_filter = ["operation", "kind"]
    exclude = ["geojson"]
    readonly_fields = ["uploaded_by", "withdrawn_at"]

    def has_add_permission(self, request):
        return False  # layers are uploaded through the page or the API, which validate them
