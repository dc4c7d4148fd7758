from django.apps import AppConfig


class GuidelinesConfig(AppConfig):
    name = "guidelines"
    label = "guidelines"
    verbose_name = "Guidelines library"
