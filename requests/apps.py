from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "requests"
    label = "requests"
    verbose_name = "MCDA requests"
