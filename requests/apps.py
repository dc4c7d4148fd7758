from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "requests"
    label = "requests"
    verbose_name = "MCDA requests"

    def ready(self):
        from cmcoord import registry
        from cmcoord.models import HUMANITARIAN_ROLES, Role

        from . import demo, notifications, panels, verbs
        from . import tasks as _tasks  # noqa: F401 - registered in every process: services send them by name

        notifications.register_kinds()
        registry.register_verbs(verbs.VERBS)

        registry.register_nav(
            registry.NavItem(
                label=_("Requests"),
                url_name="requests:list",
                order=10,
                visible=lambda user, operation, role: role in HUMANITARIAN_ROLES,
            )
        )
        registry.register_nav(
            registry.NavItem(
                label=_("Tasks"),
                url_name="requests:tasks",
                order=12,
                visible=lambda user, operation, role: role in (Role.MILITARY_LIAISON, Role.CMCOORD_OFFICER),
            )
        )
        registry.register_nav(
            registry.NavItem(
                label=_("HCT"),
                url_name="requests:hct_waiting",
                order=11,
                visible=lambda user, operation, role: role in (Role.HCT_MEMBER, Role.HC),
            )
        )
        registry.register_nav(
            registry.NavItem(
                label=_("HCT meetings"),
                url_name="requests:meetings",
                order=13,
                visible=lambda user, operation, role: (
                    role in (Role.CMCOORD_OFFICER, Role.HCT_MEMBER, Role.HC)
                ),
            )
        )
        registry.register_panel(panels.requests_panel)
        registry.register_panel(panels.hct_panel)
        registry.register_panel(panels.tasks_panel)
        registry.register_panel(panels.to_task_panel)
        registry.register_demo_seeder(demo.seed_requests)
        registry.register_demo_seeder(demo.seed_hct_and_tasks)
        from . import offline

        registry.register_offline(
            views=["requests:tasks", "requests:task_detail"], provider=offline.task_pages
        )
