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
        registry.register_dashboard_card(
            registry.DashboardCard(200, "devices/partials/dashboard_card.html", context=_dashboard)
        )
        registry.register_device_panel(
            registry.DevicePanel(100, "devices/partials/device_panel.html", context=_device_panel)
        )
        from portal.choices import PushFormat

        from .services.duis_delivery import outbox_message_render

        # A Party with a DUIS push endpoint gets its messages as signed sr:Response XML (issue 12).
        registry.register_push_renderer(
            registry.PushRenderer(PushFormat.DUIS, "application/xml", outbox_message_render)
        )
        from .demo import seed_devices

        registry.register_demo_seeder(registry.DemoSeeder(50, "devices", seed_devices))


def _device_panel(request, device):
    """The latest Service Requests the person may see that target ``device`` (inventory device page)."""
    from .permissions import Perm, can_send
    from .selectors import service_request_list

    user = request.user
    if not (user.has_perm(Perm.VIEW) or user.has_perm(Perm.VIEW_ALL)):
        return None
    recent = list(
        service_request_list(actor=user).filter(target_device_id=device.device_id).order_by("-received_at", "-pk")[:10]
    )
    return {"device": device, "requests": recent, "can_send": can_send(user)}


def _dashboard(request):
    """Counts for the home page card (None hides it from people who may not see requests)."""
    from datetime import datetime, time

    from django.db.models import Count, Q
    from django.utils import timezone

    from .choices import SRStatus
    from .permissions import Perm
    from .selectors import alert_list, service_request_list

    user = request.user
    if not (user.has_perm(Perm.VIEW) or user.has_perm(Perm.VIEW_ALL)):
        return None
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    counts = service_request_list(actor=user).aggregate(
        today=Count("pk", filter=Q(received_at__gte=midnight)),
        awaiting=Count("pk", filter=Q(status=SRStatus.AWAITING_SIGNATURE)),
        quarantined=Count("pk", filter=Q(status=SRStatus.QUARANTINED)),
        failed=Count("pk", filter=Q(status=SRStatus.FAILED, responded_at__gte=midnight)),
    )
    counts["alerts"] = alert_list(actor=user).filter(raised_at__gte=midnight).count()
    return counts
