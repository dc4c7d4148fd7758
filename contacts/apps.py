from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"
    label = "contacts"
    verbose_name = "Contact directory"
