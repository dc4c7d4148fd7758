"""The names of the verbs of sign-in and security recorded in the audit log, for people (registered in
apps.py; read by the operation's record)."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "api_token.created": _("created an API token"),
    "api_token.revoked": _("revoked an API token"),
    "account.logout_everywhere": _("signed out everywhere"),
    "account.lockout_lifted": _("lifted the sign-in lockout"),
    "mfa.enrolled": _("set up a second factor"),
    "mfa.recovery_codes_regenerated": _("made new recovery codes"),
    "mfa.reset": _("reset the second factor"),
}
