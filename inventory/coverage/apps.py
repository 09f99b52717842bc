from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "inventory.coverage"
    label = "coverage"
    verbose_name = "WAN coverage"
