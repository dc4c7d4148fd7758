"""The names of the verbs the core records in the audit log, for people (registered in apps.py; read by the
operation's record)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "membership.set": _("set the role"),
    "membership.remove": _("took the role away"),
    "notification.retry": _("sent the notification again"),
}
