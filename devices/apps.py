"""Service Requests and devices."""

from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "devices"
    verbose_name = "Service Requests and devices"

    def ready(self) -> None:
        from inventory.transitions import register_transition_listener
        from portal import registry
        from portal.choices import PortalRole
        from portal.roles import grant

        from .permissions import Perm
        from .services.schedules import on_smi_transitions

        # Suspension, decommission and withdrawal cancel schedules and held requests (N6, N40, ...).
        register_transition_listener(on_smi_transitions)
        user = [Perm.VIEW, Perm.SEND, Perm.MANAGE_QUARANTINE]
        grant(PortalRole.SSI_USER, user)
        grant(PortalRole.SSI_ADMINISTRATOR, [*user, Perm.MANAGE_THRESHOLDS])
        for role in (PortalRole.SERVICE_DESK_AGENT, PortalRole.SERVICE_DESK_MANAGER):
            grant(role, [Perm.VIEW, Perm.VIEW_ALL])
        grant(
            PortalRole.DCC_ADMINISTRATOR,
            [Perm.VIEW, Perm.VIEW_ALL, Perm.INJECT_FAULTS, Perm.LOAD_CATALOGUE, Perm.MANAGE_THRESHOLDS],
        )
        registry.register_nav(
            registry.NavItem(
                200,
                "Service Requests",
                "devices:request_list",
                lambda u: u.has_perm(Perm.VIEW) or u.has_perm(Perm.VIEW_ALL),
            )
        )
        from .demo import seed_devices

        registry.register_demo_seeder(registry.DemoSeeder(50, "devices", seed_devices))
