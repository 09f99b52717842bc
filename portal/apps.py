from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Platform"

    def ready(self) -> None:
        from . import registry, roles
        from .choices import PortalRole
        from .permissions import Perm, is_dcc_staff

        roles.grant(
            PortalRole.SSI_ADMINISTRATOR,
            [
                Perm.MANAGE_PEOPLE,
                Perm.VIEW_PARTY_AUDIT,
                Perm.MANAGE_API_TOKENS,
                Perm.MANAGE_ENDPOINTS,
                Perm.VIEW_OUTBOX,
                Perm.MANAGE_OUTBOX,
            ],
        )
        roles.grant(PortalRole.SSI_USER, [Perm.VIEW_OUTBOX])
        roles.grant(
            PortalRole.DCC_ADMINISTRATOR,
            [
                Perm.MANAGE_PEOPLE,
                Perm.MANAGE_PARTIES,
                Perm.VIEW_PARTY_AUDIT,
                Perm.VIEW_ALL_AUDIT,
                Perm.MANAGE_API_TOKENS,
                Perm.VIEW_OUTBOX,
                Perm.MANAGE_OUTBOX,
                Perm.MANAGE_ENDPOINTS,
            ],
        )
        roles.grant(PortalRole.SERVICE_DESK_MANAGER, [Perm.VIEW_ALL_AUDIT, Perm.VIEW_PARTY_AUDIT])
        # Infrastructure, not business logic: keep the role groups in step with the code.
        post_migrate.connect(roles.roles_sync, dispatch_uid="portal.roles_sync")

        def _can_see_admin_pages(user):
            return user.has_perm(Perm.MANAGE_PEOPLE) or user.has_perm(Perm.VIEW_PARTY_AUDIT)

        registry.register_nav(registry.NavItem(900, "Administration", "portal:people", _can_see_admin_pages))
        registry.register_nav(registry.NavItem(910, "Parties", "portal:parties", is_dcc_staff))
        registry.register_nav(
            registry.NavItem(950, "Audit log", "portal:audit", lambda u: u.has_perm(Perm.VIEW_PARTY_AUDIT))
        )
        registry.register_nav(
            registry.NavItem(
                960,
                "Alerts & responses",
                "portal:outbox",
                lambda u: u.has_perm(Perm.VIEW_OUTBOX) and not is_dcc_staff(u),
            )
        )
        from .demo import seed_platform

        registry.register_demo_seeder(registry.DemoSeeder(0, "platform", seed_platform))
