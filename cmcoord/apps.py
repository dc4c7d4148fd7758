from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cmcoord"
    label = "cmcoord"
    verbose_name = "Core: people, operations, audit"
