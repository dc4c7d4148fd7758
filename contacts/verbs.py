"""The names of the verbs the directory records in the audit log, for people (registered in apps.py; read by
the operation's record)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "contact.create": _("added the contact"),
    "contact.import": _("imported the contact"),
    "contact.update": _("edited the contact"),
    "contact.verify": _("marked the contact verified"),
    "contact.confirmation_requested": _("asked the contact to confirm their details"),
    "contacts.import": _("imported contacts from a file"),
    "platform.create": _("added the coordination platform"),
    "platform.update": _("edited the coordination platform"),
}
