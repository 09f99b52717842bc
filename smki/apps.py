from django.apps import AppConfig


class SmkiConfig(AppConfig):
    name = "smki"
    verbose_name = "SMKI"
