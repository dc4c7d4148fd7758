from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "maps"
    label = "maps"
    verbose_name = _("Maps")

    def ready(self):
        from cmcoord import registry

        from . import demo, permissions, verbs

        registry.register_verbs(verbs.VERBS)
        registry.register_nav(
            registry.NavItem(
                label=_("Map"),
                url_name="maps:operation",
                order=15,
                visible=lambda user, operation, role: permissions.can_view_map(user, operation),
            )
        )
        registry.register_demo_seeder(demo.seed_maps)
