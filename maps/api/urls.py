from django.urls import path

from . import views

urlpatterns = [
    path("map/features/", views.FeaturesView.as_view(), name="api-map-features"),
    path("map/export.<str:fmt>", views.ExportView.as_view(), name="api-map-export"),
    path("map/places/", views.PlacesView.as_view(), name="api-map-places"),
    path("map/layers/", views.LayersView.as_view(), name="api-map-layers"),
]
