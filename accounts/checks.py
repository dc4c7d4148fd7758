"""`manage.py check --deploy` refuses a production configuration without the second factor."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def mfa_enforced(app_configs, **kwargs):
    if settings.MFA_ENFORCED:
        return []
    return [
        Warning(
            "MFA_ENFORCED is off: officers, the HC and staff sign in without a second factor.",
            hint="Unset MFA_ENFORCED (it is on by default); turn it off for a local demo only.",
            id="accounts.W001",
        )
    ]
