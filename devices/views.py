"""SSI pages for Service Requests: the audit trail, compose, catalogue, alerts, quarantine,
schedules, the monthly performance report and the DCC staff back door."""

import json
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal.exceptions import ApplicationError
from portal.views.mixins import csv_response, is_htmx_partial, paginate

from . import selectors
from .bodies import EXAMPLES, body_fields
from .catalogue_support import supported_device_types
from .charts import daily_percent_chart
from .choices import SRKind, SRStatus, Transport
from .filters import AlertFilterSet, ServiceRequestFilterSet, VariantFilterSet
from .forms import ComposeForm, FaultForm, SignatureForm
from .models import EmulatedDevice
from .permissions import Perm, can_inject_faults, can_send
from .services import (
    Submission,
    fault_inject,
    hub_power_on,
    quarantine_decide,
    service_requests_submit,
    signed_pre_command_submit,
)
from .services.reporting import monthly_report
from .tables import AlertTable, ServiceRequestTable

VIEW = [Perm.VIEW, Perm.VIEW_ALL]


def _may_view(user) -> bool:
    return user.has_perm(Perm.VIEW) or user.has_perm(Perm.VIEW_ALL)


def _viewer(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not _may_view(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_viewer
def request_list(request):
    """The audit trail of the Party's Service Requests (3 months online), with filters and CSV."""
    filterset = ServiceRequestFilterSet(request.GET, queryset=selectors.service_request_list(actor=request.user))
    if request.GET.get("export") == "csv":
        rows = (
            (
                sr.request_id,
                sr.srv_code,
                sr.target_device_id,
                sr.user_role,
                sr.mode,
                sr.status,
                sr.response_code,
                sr.response_reason,
                sr.received_at.isoformat(),
                sr.responded_at.isoformat() if sr.responded_at else "",
            )
            for sr in filterset.qs.iterator(chunk_size=2000)
        )
        return csv_response(
            filename="service-requests.csv",
            rows=rows,
            header=[
                "request_id",
                "srv",
                "device_id",
                "user_role",
                "mode",
                "status",
                "code",
                "reason",
                "received_at_utc",
                "responded_at_utc",
            ],
        )
    table = ServiceRequestTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    template = "devices/partials/request_table.html" if is_htmx_partial(request) else "devices/request_list.html"
    return render(request, template, {"filter": filterset, "table": table, "can_send": can_send(request.user)})


@_viewer
def request_detail(request, pk):
    """One request: its steps with times, every response and alert; sign or release it here."""
    sr = selectors.service_request_get(actor=request.user, request_id=str(pk))
    steps = [
        (label, value)
        for label, value in (
            ("Received", sr.received_at),
            ("Checks passed", sr.checked_at),
            ("Pre-Command issued", sr.pre_command_at),
            ("Signed Pre-Command received", sr.signed_at),
            ("Quarantined", sr.quarantined_at),
            ("Sent to the device", sr.sent_at),
            ("Responded", sr.responded_at),
        )
        if value
    ]
    return render(
        request,
        "devices/request_detail.html",
        {
            "sr": sr,
            "steps": steps,
            "signature_form": SignatureForm(),
            "may_act": sr.party_id == request.user.party_id and can_send(request.user),
            "duis_exchange": selectors.duis_exchange(sr=sr) if sr.transport == Transport.DUIS else [],
        },
    )


@login_required
@require_POST
def request_sign(request, pk):
    sr = selectors.service_request_get(actor=request.user, request_id=str(pk))
    form = SignatureForm(request.POST)
    if form.is_valid():
        try:
            signed_pre_command_submit(
                actor=request.user,
                sr=sr,
                signature=form.cleaned_data["signature"],
                command_variant=form.cleaned_data["command_variant"],
            )
            messages.success(request, "Signed Pre-Command accepted; the command is on its way to the device.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "Paste the base64 signature.")
    return redirect("devices:request_detail", pk=sr.pk)


@login_required
def compose(request):
    """Compose a Service Request for a device (the same service as POST /api/v1/service-requests/)."""
    if not can_send(request.user):
        raise Http404
    variants = [v for v in selectors.variant_list() if v.kind != SRKind.ALERT]
    initial = {"device_id": request.GET.get("device", ""), "srv": request.GET.get("srv", "4.1.1")}
    initial["body"] = json.dumps(EXAMPLES.get(initial["srv"], {}), indent=2)
    form = ComposeForm(request.POST or None, initial=initial, party=request.user.party, variants=variants)
    verdict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Like the DUIS tools: the counter is the current time in milliseconds, strictly increasing.
        request_id = f"{data['originator']}:{data['device_id'].strip().upper()}:{time.time_ns() // 1_000_000}"
        verdict = service_requests_submit(
            actor=request.user,
            transport=Transport.SSI,
            submissions=[
                Submission(
                    request_id=request_id,
                    srv=data["srv"],
                    command_variant=data["command_variant"],
                    body=data["body"],
                    execute_at=data["execute_at"],
                    depends_on=data["depends_on"] or None,
                )
            ],
        )[0]
        if verdict.accepted:
            messages.success(
                request,
                f"Accepted {verdict.request.request_id} ({verdict.code or 'no acknowledgement'} - {verdict.reason}).",
            )
            return redirect("devices:request_detail", pk=verdict.request.pk)
    return render(
        request,
        "devices/compose.html",
        {
            "form": form,
            "verdict": verdict,
            "devices": _visible_devices(request.user),
            "examples": json.dumps(EXAMPLES),
        },
    )


def _visible_devices(user) -> list:
    from inventory.selectors import device_list

    return list(device_list(actor=user).values_list("device_id", "device_type", "smi_status")[:200])


@login_required
def body_help(request):
    """HTMX: the body fields and an example for the chosen SRV."""
    srv = request.GET.get("srv", "")
    variant = selectors.variant_list().filter(srv=srv).first()
    return render(
        request,
        "devices/partials/body_help.html",
        {
            "variant": variant,
            "fields": body_fields(srv),
            "example": json.dumps(EXAMPLES.get(srv, {}), indent=2),
            "supported": supported_device_types(srv) if variant else [],
        },
    )


@login_required
def catalogue(request):
    filterset = VariantFilterSet(request.GET, queryset=selectors.variant_list())
    return render(
        request,
        "devices/catalogue.html",
        {"filter": filterset, "variants": filterset.qs, "catalogue": selectors.catalogue_current()},
    )


@login_required
def catalogue_detail(request, srv):
    variant = selectors.variant_get(srv=srv)
    return render(
        request,
        "devices/catalogue_detail.html",
        {
            "variant": variant,
            "fields": body_fields(srv),
            "example": json.dumps(EXAMPLES.get(srv, {}), indent=2),
            "supported": supported_device_types(srv),
        },
    )


@_viewer
def alert_list(request):
    filterset = AlertFilterSet(request.GET, queryset=selectors.alert_list(actor=request.user))
    table = AlertTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "devices/alerts.html", {"filter": filterset, "table": table})


@_viewer
def quarantine(request):
    """Quarantined requests of the Party: release (continue processing) or delete (never sent)."""
    items = selectors.service_request_list(actor=request.user).filter(status=SRStatus.QUARANTINED)
    if request.method == "POST":
        chosen = list(items.filter(pk__in=request.POST.getlist("request")))
        try:
            count = quarantine_decide(actor=request.user, requests=chosen, action=request.POST.get("action", ""))
            messages.success(request, f"{count} request(s) {request.POST.get('action')}d.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("devices:quarantine")
    return render(request, "devices/quarantine.html", {"page": paginate(request, items.order_by("quarantined_at"))})


@_viewer
def schedule_list(request):
    items = selectors.schedule_list(actor=request.user).order_by("-created_at")
    return render(request, "devices/schedules.html", {"page": paginate(request, items)})


@_viewer
def report(request):
    """Monthly performance report: Code Performance Measures with server-rendered SVG charts."""
    month = request.GET.get("month") or None
    try:
        data = monthly_report(
            requests=selectors.service_request_list(actor=request.user),
            alerts=selectors.alert_list(actor=request.user),
            month=month,
        )
    except ValueError:
        messages.error(request, "Choose a month as YYYY-MM.")
        return redirect("devices:report")
    days = data["days"]
    charts = [
        daily_percent_chart(
            daily=m.daily,
            target=float(m.target) if m.target else None,
            minimum=float(m.minimum) if m.minimum else None,
            title=m.measure,
            days=days,
        )
        for m in data["measures"][:2]
    ]
    return render(request, "devices/report.html", {"report": data, "charts": charts})


@_viewer
def archive(request):
    items = selectors.archive_list(actor=request.user).order_by("-received_at")
    return render(request, "devices/archive.html", {"page": paginate(request, items)})


@_viewer
def archive_detail(request, pk):
    from .services.archive import archive_retrieve

    found = get_object_or_404(selectors.archive_list(actor=request.user), pk=pk)
    return render(
        request,
        "devices/archive_detail.html",
        {"item": found, "record": archive_retrieve(actor=request.user, archived=found)},
    )


@login_required
@require_POST
def hub_power(request, device_id):
    try:
        hub_power_on(actor=request.user, device_id=device_id)
        messages.success(request, f"Communications Hub {device_id} is powered and on the SM WAN.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(request.POST.get("next") or "devices:compose")


@login_required
@permission_required(Perm.INJECT_FAULTS, raise_exception=False)
def backdoor(request):
    """DCC staff: emulated devices and their faults."""
    if not can_inject_faults(request.user):
        raise Http404
    device_id = (request.GET.get("device") or "").strip().upper()
    items = EmulatedDevice.objects.all()
    if device_id:
        items = items.filter(device_id__icontains=device_id)
    return render(request, "devices/backdoor.html", {"page": paginate(request, items.order_by("device_id"))})


@login_required
def backdoor_device(request, device_id):
    if not can_inject_faults(request.user):
        raise Http404
    row = get_object_or_404(EmulatedDevice, device_id=device_id)
    form = FaultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            fault_inject(actor=request.user, device_id=device_id, **data)
            messages.success(request, f"Fault '{data['kind']}' applied to {device_id}.")
            return redirect("devices:backdoor_device", device_id=device_id)
        except (ApplicationError, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
    state = {k: v for k, v in row.state.items() if not k.startswith("_")}
    return render(
        request,
        "devices/backdoor_device.html",
        {"row": row, "form": form, "state": json.dumps(state, indent=2, default=str)},
    )
