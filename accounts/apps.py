from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and security")

    def ready(self) -> None:
        from django.contrib import admin

        from cmcoord import notifications, registry

        from . import checks, schema, signals, verbs  # noqa: F401 - registers checks, receivers, the schema extension
        from .services import PASSWORD_RESET_KIND, password_reset_complete

        notifications.register_completer(PASSWORD_RESET_KIND, password_reset_complete)
        registry.register_verbs(verbs.VERBS)
        from .middleware import is_mfa_verified
        from .permissions import can_manage_people_security
        from .policy import mfa_required

        registry.register_nav(
            registry.NavItem(
                label=_("People's access"),
                url_name="accounts:people",
                order=900,
                visible=lambda user, operation, role: can_manage_people_security(user, operation),
            )
        )
        registry.register_nav(
            registry.NavItem(
                label=_("Security"), url_name="accounts:security", order=950, visible=lambda u, o, r: True
            )
        )

        # The admin requires a verified second factor (the middleware sends staff to verify it first).
        base_has_permission = admin.site.has_permission

        def has_permission(request) -> bool:
            return base_has_permission(request) and (
                is_mfa_verified(request) or not mfa_required(request.user)
            )

        admin.site.has_permission = has_permission
