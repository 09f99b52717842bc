"""Incidents and Service Desk."""

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents and Service Desk"

    def ready(self) -> None:
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

        from . import demo, permissions

        p = "incidents."
        user = [p + "view_incident", p + "raise_incident"]
        grant(PortalRole.SSI_USER, user)
        grant(PortalRole.SSI_ADMINISTRATOR, user)
        desk = [
            *user,
            p + "log_incident_on_behalf",
            p + "triage_incident",
            p + "manage_problem",
            p + "view_incident_report",
        ]
        grant(PortalRole.SERVICE_DESK_AGENT, desk)
        grant(PortalRole.SERVICE_DESK_MANAGER, [*desk, p + "declare_major_incident", p + "view_security_incident"])
        register_nav(NavItem(300, "Incidents", "incidents:list", visible=lambda u: u.has_perm(permissions.Perm.VIEW)))
        register_nav(NavItem(310, "Triage queue", "incidents:queue", visible=permissions.is_service_desk))
        register_dashboard_card(DashboardCard(300, "incidents/cards/dashboard.html", context=_dashboard))
        register_demo_seeder(DemoSeeder(60, "incidents", seed=demo.seed))

        # SR 8.14.2 'Install No SM WAN' makes the DCC open an Incident (App I 4.10).
        from inventory.hubs.services import register_status_update_listener

        from .services.hub_updates import incident_raise_for_no_wan

        register_status_update_listener(incident_raise_for_no_wan)


def _dashboard(request):
    """Home-page card: a User's open incidents; for the desk, untriaged and breached counts (indexed)."""
    from django.utils import timezone

    from .choices import IncidentStatus
    from .models import OPEN_Q, Incident, ServiceAlert
    from .permissions import can_raise_incident, is_service_desk, scope_incidents

    user = request.user
    if not user.is_authenticated:
        return None
    card = {
        "alerts": ServiceAlert.objects.filter(ended_at__isnull=True).count(),
        "can_raise": can_raise_incident(user),
        "staff": is_service_desk(user),
    }
    visible = scope_incidents(Incident.objects.filter(OPEN_Q), user)
    if card["staff"]:
        card["untriaged"] = visible.filter(status=IncidentStatus.LOGGED).count()
        card["breached"] = visible.filter(clock_running=True, resolution_due_at__lte=timezone.now()).count()
        return card
    card["open"] = visible.count()
    if not card["open"] and not card["can_raise"]:
        return None
    return card
