"""The maps of other apps' pages: one tag each, so a page adds a map with one line (and its table stays)."""

import functools
import json

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import slugify

from .. import permissions, selectors

register = template.Library()


@functools.cache
def country_outlines(country: str) -> tuple[str, ...]:
    """The static paths of the detailed outlines (1:10m, built by `make assets`) of the country and of its
    neighbours, or () when none was built for that name."""
    path = f"maps/detail/{slugify(country)}.geojson"
    found = finders.find(path) if slugify(country) else None
    if not found:
        return ()
    with open(found, encoding="utf-8") as outline:
        neighbours = json.load(outline).get("neighbours", [])
    others = [f"maps/detail/{name}.geojson" for name in neighbours]
    return (path, *[other for other in others if finders.find(other)])


def map_settings(operation, map_id: str) -> dict:
    """What every map of an operation draws besides its features: the uploaded layers and the optional tiles;
    and the ids of the JSON blocks the script reads."""
    layers = [
        {"url": reverse("maps:layer", args=[layer.pk]), "name": layer.name, "kind": layer.kind}
        for layer in selectors.layers_for(operation)
    ]
    return {
        "map_id": map_id,
        "features_id": f"{map_id}-features",
        "layers_id": f"{map_id}-layers",
        "gazetteer_id": f"{map_id}-gazetteer",
        "layers": layers,
        "detail_urls": " ".join(static(path) for path in country_outlines(operation.country)),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


@register.inclusion_tag("maps/_map.html", takes_context=True)
def request_map(context, rfa, legs):
    """The request's legs as lines with arrows (the table of places stays beside it)."""
    return {
        **map_settings(rfa.operation, f"request-map-{rfa.pk}"),
        "features": selectors.request_map_data(rfa, legs),
    }


@register.inclusion_tag("maps/_map.html", takes_context=True)
def task_map(context, task, legs):
    """The task's legs, with only what its force may see."""
    return {
        **map_settings(task.request.operation, f"task-map-{task.pk}"),
        "features": selectors.task_map_data(task, legs),
    }


@register.inclusion_tag("maps/_leg_picker.html", takes_context=True)
def leg_picker(context, operation):
    """On the request form: the gazetteer to pick a place by name, and a small map to place a leg's ends by
    clicking. Without JavaScript the form works as before (names and coordinates typed)."""
    user = context["request"].user
    if not permissions.can_view_map(user, operation):
        return {"show": False}
    entries = selectors.gazetteer_for(user, operation)
    return {
        **map_settings(operation, "leg-picker-map"),
        "show": True,
        "gazetteer": [
            {"name": e.name, "lat": str(e.lat), "lon": str(e.lon), "kind": e.kind_label} for e in entries
        ],
    }
