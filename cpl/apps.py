from django.apps import AppConfig


class CplConfig(AppConfig):
    name = "cpl"
    verbose_name = "Central Products List"
