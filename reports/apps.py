from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from cmcoord import registry
        from cmcoord.notifications import register_kind

        from . import permissions, verbs

        registry.register_verbs(verbs.VERBS)
        registry.register_nav(
            registry.NavItem(
                label=_("Dashboard"),
                url_name="reports:dashboard",
                order=15,
                visible=lambda user, operation, role: role in permissions.DASHBOARD_ROLES,
            )
        )
        registry.register_nav(
            registry.NavItem(
                label=_("Daily report"),
                url_name="reports:daily",
                order=16,
                visible=lambda user, operation, role: role in permissions.DAILY_ROLES,
            )
        )
        register_kind(permissions.DAILY_KIND, _("The daily CMCoord report"))
        register_kind(permissions.DAILY_MILITARY_KIND, _("The daily CMCoord report (military version)"))
