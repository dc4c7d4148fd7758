from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    label = "contacts"
    verbose_name = _("Contact directory")

    def ready(self):
        from cmcoord import registry

        from . import notifications, verbs
        from .demo import seed_contacts

        notifications.register_kinds()
        registry.register_verbs(verbs.VERBS)
        from .panels import stale_contacts_panel

        registry.register_nav(
            registry.NavItem(
                label=_("Contacts"), url_name="contacts:directory", order=30, visible=lambda u, o, r: True
            )
        )
        registry.register_panel(stale_contacts_panel)
        registry.register_demo_seeder(seed_contacts)
        from .offline import directory_pages

        registry.register_offline(views=["contacts:directory", "contacts:card"], provider=directory_pages)
