"""The names of the verbs the maps record in the audit log, for people (registered in apps.py; read by the
operation's record)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "maps.place_add": _("added a place"),
    "maps.layer_upload": _("uploaded a map layer"),
    "maps.layer_withdraw": _("withdrew the map layer"),
}
