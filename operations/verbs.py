"""The names of the verbs the running of an operation records in the audit log, for people (registered in
apps.py; read by the operation's record)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "operation.create": _("created the operation"),
    "operation.update": _("edited the operation"),
    "operation.close": _("closed the operation"),
    "operation.reopen": _("reopened the operation"),
    "operation.organization_add": _("brought the organisation into the operation"),
    "operation.organization_create": _("created the organisation in the operation"),
    "operation.organization_deactivate": _("removed the organisation from the operation"),
    "organization.update": _("edited the organisation"),
    "invitation.create": _("sent an invitation"),
    "invitation.resend": _("sent the invitation again"),
    "invitation.withdraw": _("withdrew the invitation"),
    "invitation.accept": _("accepted the invitation"),
    "user.deactivate": _("deactivated the account"),
    "user.reactivate": _("reactivated the account"),
}
