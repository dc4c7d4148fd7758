"""The names of the verbs the guidelines library records in the audit log, for people (registered in
apps.py; read by the operation's record)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "guideline.add": _("added the guideline"),
    "guideline.publish_version": _("published a new version"),
    "guideline.mark_in_force": _("marked it in force"),
    "guideline.unmark_in_force": _("marked it no longer in force"),
    "criterion.add": _("added the criterion"),
    "criterion.reword": _("reworded the criterion"),
}
