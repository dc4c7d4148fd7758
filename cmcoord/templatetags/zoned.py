"""Date-times as people read them: in the operation's zone with the zone named, and deadlines with how long
is left ("in 2 days") or that they have passed."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext

register = template.Library()

WHEN = "j M Y H:i T"


@register.filter
def when(value, fmt: str = WHEN) -> str:
    """`{{ value|when }}`: 29 Nov 2026 17:00 CAT, in the active (the operation's) zone."""
    if not value:
        return ""
    return date_filter(timezone.localtime(value), fmt)


@register.filter
def relative(value, now=None) -> str:
    """`{{ deadline|relative }}`: "in 2 days, 3 hours" or "5 hours ago" (the two largest units)."""
    if not value:
        return ""
    now = now or timezone.now()
    if value >= now:
        return gettext("in %(time)s") % {"time": timeuntil(value, now, depth=1)}
    return gettext("%(time)s ago") % {"time": timesince(value, now, depth=1)}


@register.filter
def deadline(value) -> str:
    """A deadline: `<time>` in the operation's zone, named, then how long is left (or that it has passed)."""
    if not value:
        return ""
    passed = value < timezone.now()
    return format_html(
        '<time datetime="{}">{}</time> <span class="relative{}">({})</span>',
        value.isoformat(),
        when(value),
        " passed" if passed else "",
        relative(value),
    )
