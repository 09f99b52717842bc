from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "inventory.hubs"
    label = "hubs"
    verbose_name = "Communications Hub ordering and returns"
