from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class CoreConfig(AppConfig):
    name = "cmcoord"
    label = "cmcoord"
    verbose_name = "Core: people, operations, audit"

    def ready(self) -> None:
        from . import converters, health, notifications, registry, tasks, verbs  # noqa: F401 - registers the Celery tasks

        converters.register()
        registry.register_verbs(verbs.VERBS)

        health.register(notifications.health_check)
        # The page shown offline for a page not saved on the device is itself kept.
        registry.register_offline(views=["offline-page"])
        user_logged_in.connect(remember_language, dispatch_uid="cmcoord.remember_language")


def remember_language(sender, request, user, **kwargs) -> None:
    """A user who never chose a language keeps the one their browser asked for at their first sign-in."""
    from django.utils import translation

    from .services import user_language_set

    language = translation.get_language_from_request(request)
    if not user.language and language:
        user_language_set(user=user, language=language)
