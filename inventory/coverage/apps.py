"""WAN coverage: versioned coverage datasets, look-ups and recorded checks."""

from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "inventory.coverage"
    label = "coverage"
    verbose_name = "WAN coverage"

    def ready(self) -> None:
        from portal import registry, roles
        from portal.choices import PortalRole

        from .demo import seed_coverage
        from .permissions import Perm

        for role in (
            PortalRole.SSI_USER,
            PortalRole.SSI_ADMINISTRATOR,
            PortalRole.SERVICE_DESK_AGENT,
            PortalRole.SERVICE_DESK_MANAGER,
        ):
            roles.grant(role, [Perm.CHECK])
        roles.grant(PortalRole.DCC_ADMINISTRATOR, [Perm.CHECK, Perm.MANAGE])
        registry.register_nav(
            registry.NavItem(450, "WAN coverage", "coverage:lookup", lambda u: u.has_perm(Perm.CHECK))
        )
        registry.register_demo_seeder(registry.DemoSeeder(25, "coverage", seed_coverage))
