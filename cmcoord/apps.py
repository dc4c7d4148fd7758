from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cmcoord"
    label = "cmcoord"
    verbose_name = "Core: people, operations, audit"

    def ready(self) -> None:
        from . import health, notifications, tasks  # noqa: F401 - registers the Celery tasks

        health.register(notifications.health_check)
