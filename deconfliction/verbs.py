"""The names of the verbs humanitarian notification records in the audit log (hn.<aggregate>.<action>, the
rows of lifecycle.MOVES), for people (registered in apps.py; read by the operation's record)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "hn.notification.submit": _("submitted the notification"),
    "hn.notification.revise": _("updated the notification"),
    "hn.notification.transmit": _("transmitted it to the parties"),
    "hn.notification.withdraw": _("withdrew the notification"),
    "hn.notification.expire": _("expired the notification (its period ended)"),
    "hn.transmission.send": _("sent it to a party"),
    "hn.transmission.acknowledge": _("acknowledged receipt"),
    "hn.transmission.raise_concern": _("sent back a concern"),
    "hn.transmission.withdraw": _("withdrew it from a party"),
}
