from django.apps import AppConfig


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    label = "guidelines"
    verbose_name = "Guidelines library"

    def ready(self):
        from cmcoord.registry import NavItem, register_nav

        # Every role reads the library; permissions.py decides which guidelines each sees.
        register_nav(NavItem(label="Guidelines", url_name="guidelines:library", order=40, visible=_everyone))


def _everyone(user, operation, role) -> bool:
    return True
