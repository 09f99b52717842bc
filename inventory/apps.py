from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = "Smart Metering Inventory"

    def ready(self) -> None:
        from cpl.services import register_status_listener
        from portal.choices import PortalRole
        from portal.roles import grant

        from .services import on_cpl_status_changed

        # §2.3 rows 19-20: CPL status changes suspend / restore Devices (cpl exposes the hook).
        register_status_listener(on_cpl_status_changed)
        viewing = ["inventory.view_device", "inventory.view_meterpoint"]
        for role in (PortalRole.SSI_USER, PortalRole.SSI_ADMINISTRATOR):
            grant(role, [*viewing, "inventory.prenotify_device", "inventory.export_devices"])
        for role in (PortalRole.SERVICE_DESK_AGENT, PortalRole.SERVICE_DESK_MANAGER, PortalRole.DCC_ADMINISTRATOR,
                     PortalRole.CPL_ADMINISTRATOR):
            grant(role, [*viewing, "inventory.export_devices"])
        grant(PortalRole.DCC_ADMINISTRATOR, ["inventory.add_registration"])
