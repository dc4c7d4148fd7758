"""The names of the verbs capabilities records in the audit log, for people (registered in apps.py; read by
an asset's history and the operation's record). The moves of lifecycle.MOVES are recorded as
asset.<action>."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "asset.declare": _("declared the asset"),
    "asset.update": _("edited the asset"),
    "asset.withdraw": _("withdrew the asset"),
    "asset.restore": _("declared it available again"),
    "asset.propose": _("named it for a task"),
    "asset.commit": _("committed it to a task"),
    "asset.commit_again": _("committed it to one more task"),
    "asset.release": _("freed it from its task"),
    "asset.unassign": _("took it off a task"),
}
