from django.apps import AppConfig


class CplConfig(AppConfig):
    name = "cpl"
    verbose_name = "Central Products List"

    def ready(self) -> None:
        from portal.choices import PortalRole
        from portal.roles import grant

        grant(PortalRole.CPL_ADMINISTRATOR, ["cpl.manage_cpl", "cpl.view_devicemodel"])
        grant(PortalRole.DCC_ADMINISTRATOR, ["cpl.view_devicemodel"])
