"""Template helpers for languages: shipped texts translated, coordinates and quantities unambiguous."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext

register = template.Library()

# Units, as each language writes them (the catalogue may give "кг"-like local forms; most keep the SI symbol).
UNITS = {
    "kg": lambda: pgettext("unit of weight", "kg"),
    "m3": lambda: pgettext("unit of volume", "m³"),
}


@register.filter
def shipped(value):
    """A text the platform ships (a guideline's title, a criterion's wording), in the reader's language.

    The data migrations mark these texts with gettext_noop, so the catalogues hold them; anything a user wrote
    has no entry and comes back unchanged.
    """
    if not value:
        return value
    return gettext(str(value))


def coordinate(value) -> str:
    """A latitude or longitude with a dot and no grouping, whatever the language ("-19.79639")."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def coord(value) -> str:
    """One coordinate, written the same way in every language (never "-19,79639")."""
    return coordinate(value)


@register.simple_tag
def coords(lat, lon):
    """ "lat, lon" with dots, kept left to right inside right-to-left text."""
    if lat in (None, "") or lon in (None, ""):
        return ""
    return format_html('<bdi class="coords" dir="ltr">{}, {}</bdi>', coordinate(lat), coordinate(lon))


@register.simple_tag
def quantity(value, unit: str):
    """A number with its unit, localised (thousands separators of the language), left to right in Arabic."""
    if value in (None, ""):
        return ""
    label = UNITS[unit]() if unit in UNITS else unit
    return format_html(
        '<bdi class="qty" dir="ltr">{}&nbsp;{}</bdi>', number_format(value, force_grouping=True), label
    )
