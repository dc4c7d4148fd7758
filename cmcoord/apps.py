from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cmcoord"
    label = "cmcoord"
    verbose_name = "Core: people, operations, audit"

    def ready(self) -> None:
        from . import health, notifications, registry

        health.register(notifications.health_check)
        # The page shown offline for a page not saved on the device is itself kept.
        registry.register_offline(views=["offline-page"])
