from django.apps import AppConfig


class ServiceInfoConfig(AppConfig):
    name = "portal.service_info"
    label = "service_info"
    verbose_name = "SSI service information"
