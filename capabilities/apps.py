from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapabilitiesConfig(AppConfig):
    name = "capabilities"
    label = "capabilities"
    verbose_name = _("Capabilities of the forces")

    def ready(self):
        from cmcoord import registry
        from cmcoord.models import Role
        from requests.models import Task
        from requests.signals import task_moved

        from . import demo, hooks, verbs

        registry.register_verbs(verbs.VERBS)
        registry.register_nav(
            registry.NavItem(
                label=_("Capabilities"),
                url_name="capabilities:registry",
                order=13,
                visible=lambda user, operation, role: role is not None,
            )
        )
        registry.register_nav(
            registry.NavItem(
                label=_("Gaps"),
                url_name="capabilities:gaps",
                order=14,
                visible=lambda user, operation, role: role == Role.CMCOORD_OFFICER,
            )
        )
        registry.register_section("requests:task_create", hooks.tasking_section)
        registry.register_after("requests:task_create", hooks.after_task_create)
        task_moved.connect(hooks.on_task_moved, sender=Task, dispatch_uid="capabilities.on_task_moved")
        registry.register_demo_seeder(demo.seed_assets)
