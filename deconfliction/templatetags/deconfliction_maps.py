"""The map of what was sent to a party: its sites and movements beside the table of the same rows."""

from django import template

from maps.templatetags.maps import map_settings

from .. import selectors

register = template.Library()


@register.inclusion_tag("maps/_map.html")
def received_map(operation, rows):
    """The rows of the party's page on a map (the table below stays: the same information, readable)."""
    return {
        **map_settings(operation, "received-map"),
        "features": selectors.received_map_data(rows),
        "legend": "notification",
    }
