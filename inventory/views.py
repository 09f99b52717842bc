"""Pages of the Smart Metering Inventory: search, device page, pre-notification, imports, reports."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal import registry
from portal.exceptions import ApplicationError
from portal.selectors import job_list
from portal.views.mixins import csv_response, is_htmx_partial

from . import selectors, services
from .constants import DEVICE_SORTS, PAGE_SIZE
from .filters import DeviceFilterSet
from .forms import PrenotifyForm, PrenotifyUploadForm, RegistrationUploadForm, SavedSearchForm
from .models import SavedSearch
from .permissions import Perm, can_export_devices, can_import_registrations, can_prenotify
from .services.prenotify_import import JOB_KIND, OPTIONAL, REQUIRED

EXPORT_HEADER = [
    "device_id",
    "device_type",
    "smi_status",
    "manufacturer",
    "model",
    "hardware_version",
    "firmware_version",
    "hub",
    "region",
    "postcode",
    "uprn",
    "status_changed_at",
]


def _requires(perm: str):
    """Signed in (else the sign-in page) and holding ``perm`` (else 403)."""

    def wrap(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return wrap


def _error_text(exc) -> str:
    return getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [str(exc)]))


@_requires(Perm.VIEW_DEVICE)
def device_search(request):
    """Search and filter the devices the person may see; keyset pages, sortable, CSV export."""
    base = selectors.device_list(actor=request.user)
    filterset = DeviceFilterSet(request.GET or None, queryset=base, request=request)
    # An impossible filter value (unknown status, model) shows its error and matches nothing.
    qs = (filterset.qs if filterset.is_valid() else base.none()) if filterset.is_bound else base
    sort = request.GET.get("sort", "-created")
    ordering = DEVICE_SORTS.get(sort, DEVICE_SORTS["-created"])
    if request.GET.get("export") == "csv":
        return _export(request, qs.select_related("device_model", "hub"), ordering)
    page = selectors.keyset_page(
        qs.select_related("hub"), ordering=ordering, cursor=request.GET.get("cursor", ""), size=PAGE_SIZE, sort=sort
    )
    count, exact = selectors.estimated_count(qs)
    params = {k: v for k, v in request.GET.lists() if k not in ("cursor", "export")}
    context = {
        "filter": filterset,
        "page": page,
        "count": count,
        "count_exact": exact,
        "sort": sort,
        "next_url": "?" + urlencode({**params, "cursor": page.next_cursor}, doseq=True) if page.next_cursor else "",
        "first_url": "?" + urlencode(params, doseq=True),
        "query": urlencode(params, doseq=True),
        "sort_links": _sort_links(params, sort),
        "saved": selectors.saved_search_list(actor=request.user),
        "save_form": SavedSearchForm(initial={"query": urlencode(params, doseq=True)}),
        "can_export": can_export_devices(request.user),
        "can_prenotify": can_prenotify(request.user),
        "searched": filterset.is_bound,
    }
    template = "inventory/partials/device_results.html" if is_htmx_partial(request) else "inventory/device_search.html"
    return render(request, template, context)


def _sort_links(params: dict, current: str) -> dict:
    links = {}
    for key in ("device_id", "device_type", "smi_status", "postcode", "created"):
        target = f"-{key}" if current == key else key
        if key == "created" and current not in ("created",):
            target = "created" if current == "-created" else "-created"
        links[key] = "?" + urlencode({**{k: v for k, v in params.items() if k != "sort"}, "sort": target}, doseq=True)
    return links


def _export(request, qs, ordering):
    if not can_export_devices(request.user):
        raise Http404
    limit = settings.INVENTORY_EXPORT_MAX_ROWS

    def rows():
        for d in qs.order_by(*ordering)[:limit].iterator(chunk_size=2000):
            m = d.device_model
            yield [
                d.device_id,
                d.device_type,
                d.smi_status or "",
                m.manufacturer_name if m else "",
                m.model_name if m else d.type2_description,
                m.hardware_version if m else "",
                m.firmware_version if m else "",
                d.hub.device_id if d.hub else "",
                d.region,
                d.postcode,
                d.uprn,
                d.status_changed_at.isoformat() if d.status_changed_at else "",
            ]

    return csv_response(filename="devices", header=EXPORT_HEADER, rows=rows())


@_requires(Perm.VIEW_DEVICE)
def device_detail(request, device_id):
    """A Device and its whole Smart Metering System, status timeline and Registration Data."""
    device = selectors.device_get(actor=request.user, device_id=device_id)
    system = selectors.device_system(actor=request.user, device=device)
    links = []
    for member in system.devices or [device]:
        if member.device_type in ("ESME", "GSME"):
            links.extend((member, link) for link in selectors.device_meter_points(device=member))
    context = {
        "device": device,
        "system": system,
        "history": selectors.device_status_history(device=device)[:100],
        "links": links,
        "associations": selectors.device_associations(device=device),
        "responsible": selectors.responsible_parties(device=device),
        "panels": _device_panels(request, device),
        "can_delete": device.prenotified_by_party_id == request.user.party_id
        and (device.smi_status == "pending" or device.is_type2)
        and can_prenotify(request.user),
    }
    return render(request, "inventory/device_detail.html", context)


def _device_panels(request, device) -> list[str]:
    """Sections other apps add to the device page (e.g. its Service Requests), rendered in order."""
    rendered = []
    for panel in registry.device_panels:
        context = panel.context(request, device)
        if context is not None:
            rendered.append(render_to_string(panel.template, context, request=request))
    return rendered


@require_POST
@_requires(Perm.PRENOTIFY_DEVICE)
def device_delete(request, device_id):
    device = selectors.device_get(actor=request.user, device_id=device_id)
    try:
        services.device_delete(actor=request.user, device=device)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("inventory:device", device_id=device.device_id)
    messages.success(request, f"{device.device_id} was deleted from the Smart Metering Inventory.")
    return redirect("inventory:devices")


@_requires(Perm.PRENOTIFY_DEVICE)
def prenotify(request):
    """Pre-notify one Device (SR 12.2)."""
    if not can_prenotify(request.user):
        raise Http404
    form = PrenotifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            device = services.device_prenotify(
                actor=request.user,
                device_id=data["device_id"],
                device_type=data["device_type"],
                device_model=data["device_model"],
                type2_description=data["type2_description"],
                site=services.SiteDetails(
                    uprn=data["uprn"],
                    postcode=data["postcode"],
                    address_line=data["address_line"],
                    description=data["description"],
                    esme_variant=data["esme_variant"],
                ),
            )
        except (ApplicationError, ValidationError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request,
                f"{device.device_id} is now in the Smart Metering Inventory as "
                f"{device.get_smi_status_display() or 'a Type 2 Device'}.",
            )
            return redirect("inventory:device", device_id=device.device_id)
    return render(request, "inventory/prenotify.html", {"form": form})


@_requires(Perm.PRENOTIFY_DEVICE)
def prenotify_upload(request):
    """Upload a pre-notification CSV: a dry run or an import, run as a background job."""
    if not can_prenotify(request.user):
        raise Http404
    form = PrenotifyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.prenotify_import_start(
                actor=request.user, uploaded_file=form.cleaned_data["file"], mode=form.cleaned_data["mode"]
            )
        except (ApplicationError, ValidationError) as exc:
            form.add_error("file", _error_text(exc))
        else:
            return redirect("inventory:import", pk=job.pk)
    recent = job_list(actor=request.user).filter(kind=JOB_KIND)[:10]
    return render(
        request,
        "inventory/prenotify_upload.html",
        {"form": form, "required": REQUIRED, "optional": OPTIONAL, "recent": recent},
    )


@login_required
def import_result(request, pk):
    """Progress and result of a pre-notification or Registration Data job (HTMX polls while running)."""
    job = get_object_or_404(job_list(actor=request.user).filter(kind__startswith="inventory."), pk=pk)
    template = "inventory/partials/import_status.html" if is_htmx_partial(request) else "inventory/import_result.html"
    return render(request, template, {"job": job})


@_requires(Perm.VIEW_DEVICE)
def reports(request):
    """Portfolio counts by status, type and model (all meters of model X in my portfolio: click through)."""
    by_status = selectors.device_counts(actor=request.user, by="smi_status")
    context = {
        "by_status": by_status,
        "by_type": selectors.device_counts(actor=request.user, by="device_type"),
        "by_model": selectors.device_counts(actor=request.user, by="device_model"),
        "total": sum(n for _, n in by_status),
        "chart": _bar_chart(by_status),
        "chart_height": 26 * len(by_status) + 8,
    }
    return render(request, "inventory/reports.html", context)


def _bar_chart(rows: list[tuple]) -> list[dict]:
    from .choices import SMIStatus

    top = max((n for _, n in rows), default=0) or 1
    return [
        {
            "label": SMIStatus(k).label if k in SMIStatus.values else "No status (Type 2)",
            "key": k or "",
            "n": n,
            "width": round(400 * n / top),
            "y": i * 26,
        }
        for i, (k, n) in enumerate(rows)
    ]


@_requires(Perm.VIEW_DEVICE)
def meter_point_detail(request, mpxn):
    point = selectors.meter_point_get(actor=request.user, mpxn=mpxn)
    registrations = point.registrations.select_related("party").order_by("role", "-effective_from")
    devices = selectors.device_list(actor=request.user).filter(meter_point_links__meter_point=point)
    return render(
        request, "inventory/meter_point.html", {"point": point, "registrations": registrations, "devices": devices}
    )


@login_required
def registration_upload(request):
    if not can_import_registrations(request.user):
        raise Http404
    form = RegistrationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.registration_import_start(actor=request.user, uploaded_file=form.cleaned_data["file"])
        except (ApplicationError, ValidationError) as exc:
            form.add_error("file", _error_text(exc))
        else:
            return redirect("inventory:import", pk=job.pk)
    return render(request, "inventory/registration_upload.html", {"form": form})


@require_POST
@_requires(Perm.VIEW_DEVICE)
def saved_search_save(request):
    form = SavedSearchForm(request.POST)
    if form.is_valid():
        try:
            services.saved_search_save(actor=request.user, **form.cleaned_data)
            messages.success(request, f"Saved the search “{form.cleaned_data['name']}”.")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect(reverse("inventory:devices") + "?" + form.cleaned_data["query"])
    messages.error(request, "Give the search a name of up to 80 characters.")
    return redirect("inventory:devices")


@require_POST
@login_required
def saved_search_delete(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    services.saved_search_delete(actor=request.user, search=search)
    messages.success(request, f"Deleted the saved search “{search.name}”.")
    return redirect("inventory:devices")
