"""Communications Hub ordering and returns: forecasts, orders, consignments, returns, RMAs, recalls."""

from django.apps import AppConfig


def _dashboard(request):
    from .choices import ConsignmentStatus, HubStatus, OrderStatus
    from .permissions import can_view_hubs
    from .selectors import consignment_list, hub_list, order_list

    user = request.user
    if not can_view_hubs(user):
        return None
    return {
        "pending_orders": order_list(actor=user)
        .filter(status__in=[OrderStatus.PENDING_DECISION, OrderStatus.DEEMED])
        .count(),
        "to_confirm": consignment_list(actor=user).filter(status=ConsignmentStatus.DELIVERED).count(),
        "due_back": hub_list(actor=user).filter(status=HubStatus.AWAITING_RETURN).count(),
    }


class HubsConfig(AppConfig):
    name = "inventory.hubs"
    label = "hubs"
    verbose_name = "Communications Hub ordering and returns"

    def ready(self) -> None:
        from portal import registry, roles
        from portal.choices import PortalRole

        from .demo import seed_hubs
        from .permissions import Perm, can_view_hubs

        roles.grant(PortalRole.SSI_USER, [Perm.ORDERING, Perm.DELIVERY_RETURNS])
        roles.grant(PortalRole.SSI_ADMINISTRATOR, [Perm.ORDERING, Perm.DELIVERY_RETURNS])
        for role in (PortalRole.DCC_ADMINISTRATOR, PortalRole.SERVICE_DESK_AGENT, PortalRole.SERVICE_DESK_MANAGER):
            roles.grant(role, [Perm.DCC_OPERATIONS])
        registry.register_nav(registry.NavItem(400, "Communications Hubs", "hubs:overview", can_view_hubs))
        registry.register_dashboard_card(
            registry.DashboardCard(40, "hubs/partials/dashboard_card.html", _dashboard)
        )
        registry.register_demo_seeder(registry.DemoSeeder(30, "hubs", seed_hubs))
