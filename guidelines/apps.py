from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    label = "guidelines"
    verbose_name = _("Guidelines library")

    def ready(self):
        from cmcoord.registry import NavItem, register_nav, register_verbs

        from .verbs import VERBS

        register_verbs(VERBS)

        # Every role reads the library; permissions.py decides which guidelines each sees.
        register_nav(
            NavItem(label=_("Guidelines"), url_name="guidelines:library", order=40, visible=_everyone)
        )
        from cmcoord.registry import register_offline

        from .offline import guideline_pages

        register_offline(views=["guidelines:library", "guidelines:detail"], provider=guideline_pages)


def _everyone(user, operation, role) -> bool:
    return True
