"""The names of the verbs the reports record in the audit log, for people (registered in apps.py; read by
the operation's record)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "report.daily_sent": _("sent the daily report"),
    "report.daily_settings": _("changed the settings of the daily report"),
}
