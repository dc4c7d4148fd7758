from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    label = "operations"
    verbose_name = _("Running operations")

    def ready(self):
        from cmcoord import registry
        from cmcoord.models import Role

        registry.register_nav(
            registry.NavItem(
                label=_("Operation"),
                url_name="operations:current",
                order=40,
                visible=lambda user, operation, role: role == Role.CMCOORD_OFFICER,
            )
        )
