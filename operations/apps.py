from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

REQUEST_CANCELLED = "operation.request_cancelled"


class OperationsConfig(AppConfig):
    name = "operations"
    label = "operations"
    verbose_name = _("Running operations")

    def ready(self):
        from cmcoord import notifications, registry
        from cmcoord.models import Role

        from . import verbs

        notifications.register_kind(
            REQUEST_CANCELLED, _("A request of yours is cancelled as its operation closes")
        )

        registry.register_verbs(verbs.VERBS)
        registry.register_nav(
            registry.NavItem(
                label=_("Operation"),
                url_name="operations:current",
                order=40,
                visible=lambda user, operation, role: role == Role.CMCOORD_OFFICER,
            )
        )
