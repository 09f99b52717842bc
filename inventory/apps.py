from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = "Smart Metering Inventory"

    def ready(self) -> None:
        from cpl.services import register_status_listener
        from portal.choices import PortalRole
        from portal.registry import (
            DashboardCard,
            DemoSeeder,
            NavItem,
            register_dashboard_card,
            register_demo_seeder,
            register_nav,
        )
        from portal.roles import grant

        from .services import on_cpl_status_changed

        # §2.3 rows 19-20: CPL status changes suspend / restore Devices (cpl exposes the hook).
        register_status_listener(on_cpl_status_changed)
        viewing = ["inventory.view_device", "inventory.view_meterpoint"]
        for role in (PortalRole.SSI_USER, PortalRole.SSI_ADMINISTRATOR):
            grant(role, [*viewing, "inventory.prenotify_device", "inventory.export_devices"])
        for role in (
            PortalRole.SERVICE_DESK_AGENT,
            PortalRole.SERVICE_DESK_MANAGER,
            PortalRole.DCC_ADMINISTRATOR,
            PortalRole.CPL_ADMINISTRATOR,
        ):
            grant(role, [*viewing, "inventory.export_devices"])
        grant(PortalRole.DCC_ADMINISTRATOR, ["inventory.add_registration"])
        register_nav(
            NavItem(100, "Inventory", "inventory:devices", visible=lambda u: u.has_perm("inventory.view_device"))
        )
        register_dashboard_card(DashboardCard(100, "inventory/partials/dashboard_card.html", context=_dashboard))
        register_demo_seeder(DemoSeeder(20, "inventory", seed=_seed))


def _dashboard(request):
    from .choices import SMIStatus
    from .selectors import device_list, estimated_count

    user = request.user
    if not user.has_perm("inventory.view_device"):
        return None
    qs = device_list(actor=user)
    total, exact = estimated_count(qs)
    suspended, _ = estimated_count(qs.filter(smi_status=SMIStatus.SUSPENDED))
    pending, _ = estimated_count(qs.filter(smi_status=SMIStatus.PENDING))
    return {"total": total, "exact": exact, "suspended": suspended, "pending": pending}


def _seed(stdout=None):
    from .demo import seed_inventory

    seed_inventory(stdout=stdout)
