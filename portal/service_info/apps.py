"""SSI service information: planned and unplanned maintenance, service status, help, forms, feedback."""

from django.apps import AppConfig


def _dashboard(request):
    from .selectors import upcoming_disruption

    return upcoming_disruption(actor=request.user)


class ServiceInfoConfig(AppConfig):
    name = "portal.service_info"
    label = "service_info"
    verbose_name = "SSI service information"

    def ready(self) -> None:
        from portal import registry, roles
        from portal.choices import PortalRole

        from .demo import seed_service_info
        from .permissions import Perm

        roles.grant(PortalRole.DCC_ADMINISTRATOR, [Perm.MANAGE])
        roles.grant(PortalRole.SERVICE_DESK_MANAGER, [Perm.MANAGE])
        registry.register_nav(registry.NavItem(600, "Service information", "service_info:status"))
        registry.register_dashboard_card(
            registry.DashboardCard(20, "service_info/partials/dashboard_card.html", _dashboard)
        )
        registry.register_demo_seeder(registry.DemoSeeder(70, "service_info", seed_service_info))
