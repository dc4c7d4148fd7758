from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeconflictionConfig(AppConfig):
    name = "deconfliction"
    label = "deconfliction"
    verbose_name = _("Humanitarian notification")

    def ready(self):
        from cmcoord import registry

        from . import demo, notifications, panels, permissions, verbs

        notifications.register_kinds()
        registry.register_verbs(verbs.VERBS)
        registry.register_nav(
            registry.NavItem(
                label=_("Humanitarian notification"),
                url_name="deconfliction:list",
                order=14,
                visible=lambda user, operation, role: permissions.can_list(user, operation),
            )
        )
        registry.register_panel(panels.deconfliction_panel)
        registry.register_demo_seeder(demo.seed_deconfliction)
