from django.urls import path

from . import views

app_name = "maps"

urlpatterns = [
    path("", views.operation_map, name="operation"),
    path("data.geojson", views.map_data, name="data"),
    path("export.<str:fmt>", views.map_export, name="export"),
    path("places/", views.gazetteer, name="places"),
    path("layers/", views.layers, name="layers"),
    path("layers/<id:pk>.geojson", views.layer_geojson, name="layer"),
    path("layers/<id:pk>/withdraw/", views.layer_withdraw, name="layer_withdraw"),
]
