from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "requests"
    label = "requests"
    verbose_name = "MCDA requests"

    def ready(self):
        from cmcoord import registry
        from cmcoord.models import HUMANITARIAN_ROLES

        from . import demo, panels

        registry.register_nav(
            registry.NavItem(
                label="Requests",
                url_name="requests:list",
                order=10,
                visible=lambda user, operation, role: role in HUMANITARIAN_ROLES,
            )
        )
        registry.register_panel(panels.requests_panel)
        registry.register_demo_seeder(demo.seed_requests)
