"""The incident page: its context (SLA figures, clock history, links, action forms) and its actions' POSTs."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.exceptions import ApplicationError

from .. import selectors
from ..choices import IncidentKind, IncidentStatus, LinkKind
from ..permissions import can_raise_incident, is_service_desk
from ..sla import ClockEvent, sla_compute
from .actions import ACTIONS, action_forms
from .common import apply_errors, success


def link_urls(links, user) -> list[dict]:
    """Each link with where it points, when the target exists in this portal (else the identifier
    stands alone). One query per kind of target, however many links the incident has."""
    from devices.models import ServiceRequest
    from devices.permissions import scope_requests
    from inventory.models import Device

    links = list(links)
    devices = [link.value for link in links if link.kind == LinkKind.DEVICE]
    known_devices = set(Device.objects.filter(device_id__in=devices).values_list("device_id", flat=True))
    request_ids = [link.value for link in links if link.kind == LinkKind.SERVICE_REQUEST]
    # The Service Request's page only when the viewer's Party may see it.
    requests = (
        dict(
            scope_requests(ServiceRequest.objects.filter(request_id__in=request_ids), user).values_list(
                "request_id", "pk"
            )
        )
        if request_ids
        else {}
    )
    out = []
    for link in links:
        url = ""
        if link.kind == LinkKind.INCIDENT and link.target_incident_id:
            url = reverse("incidents:detail", args=[link.target_incident_id])
        elif link.kind == LinkKind.DEVICE and link.value in known_devices:
            url = reverse("inventory:device", args=[link.value])
        elif link.kind == LinkKind.SERVICE_REQUEST and link.value in requests:
            url = reverse("devices:request_detail", args=[requests[link.value]])
        out.append({"link": link, "url": url})
    return out


def clock_history(rows) -> list[dict]:
    """Each clock event with the figures it produced, so anyone can see why a deadline is what it is."""
    events = [ClockEvent(kind=r.kind, at=r.at, category=r.category) for r in rows]
    return [{"event": row, "figures": sla_compute(events[: i + 1], now=row.at)} for i, row in enumerate(rows)]


def incident_context(request, incident, *, forms=None) -> dict:
    now = timezone.now()
    rows = list(incident.clock_events.select_related("actor").order_by("at", "pk"))
    figures = None
    if incident.kind == IncidentKind.INCIDENT and rows:
        figures = sla_compute([ClockEvent(kind=r.kind, at=r.at, category=r.category) for r in rows], now=now)
    staff = is_service_desk(request.user)
    updates = incident.updates.select_related("actor").order_by("at", "pk")
    attachments = incident.attachments.all()
    if not staff:
        updates = updates.filter(is_internal=False)
        attachments = attachments.filter(is_internal=False)
    links = link_urls(incident.links.all(), request.user)
    return {
        "incident": incident,
        "figures": figures,
        "clock": clock_history(rows) if figures else [],
        "updates": updates,
        "links": links,
        "attachments": attachments,
        "interested": incident.interested_parties.select_related("party"),
        "staff": staff,
        "major": getattr(incident, "major", None),
        "now": now,
        "actions": action_forms(request, incident, bound=forms or {}),
        "can_report_recurrence": (
            incident.status == IncidentStatus.CLOSED
            and incident.kind == IncidentKind.INCIDENT
            and can_raise_incident(request.user)
        ),
    }


@login_required
def incident_detail(request, pk):
    incident = selectors.incident_get(actor=request.user, pk=pk)
    return render(request, "incidents/detail.html", incident_context(request, incident))


@login_required
@require_POST
def incident_action(request, pk, name):
    incident = selectors.incident_get(actor=request.user, pk=pk)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404("No such action.")
    if not action.allowed(request.user, incident):
        return render(
            request,
            "incidents/detail.html",
            {**incident_context(request, incident), "action_error": f"You cannot {action.label.lower()} now."},
            status=403,
        )
    form = action.form(request.POST, request.FILES, prefix=name)
    if form.is_valid():
        try:
            message = action.run(request.user, incident, form.cleaned_data)
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            success(request, message)
            return redirect(incident)
    incident.refresh_from_db()
    return render(
        request, "incidents/detail.html", incident_context(request, incident, forms={name: form}), status=400
    )
