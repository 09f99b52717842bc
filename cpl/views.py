"""Pages of the Central Products List: browse (everyone), maintain (CPL administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portal.exceptions import ApplicationError
from portal.views.mixins import csv_response, is_htmx_partial, paginate

from . import selectors, services
from .filters import DeviceModelFilterSet
from .forms import CplUploadForm, DeviceModelForm, ReasonForm
from .permissions import can_manage_cpl

EXPORT = [
    "device_type",
    "manufacturer_id",
    "manufacturer_name",
    "model_id",
    "model_name",
    "hardware_version",
    "firmware_version",
    "firmware_hash",
    "smets_chts_version",
    "gbcs_version",
    "cpa_certificate_ref",
    "cpa_expiry",
    "status",
]


def _error_text(exc) -> str:
    return getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [str(exc)]))


@login_required
def model_list(request):
    filterset = DeviceModelFilterSet(request.GET, queryset=selectors.device_model_list(actor=request.user))
    if request.GET.get("export") == "csv":
        rows = ([getattr(m, f) for f in EXPORT] for m in filterset.qs)
        return csv_response(filename="cpl", header=EXPORT, rows=rows)
    page = paginate(request, filterset.qs)
    template = "cpl/partials/model_rows.html" if is_htmx_partial(request) else "cpl/model_list.html"
    return render(request, template, {"filter": filterset, "page": page, "can_manage": can_manage_cpl(request.user)})


@login_required
def model_detail(request, pk):
    model = selectors.device_model_get(actor=request.user, pk=pk)
    return render(
        request,
        "cpl/model_detail.html",
        {
            "model": model,
            "changes": model.changes.select_related("actor")[:100],
            "can_manage": can_manage_cpl(request.user),
            "reason_form": ReasonForm(),
        },
    )


def _require_manager(request):
    if not can_manage_cpl(request.user):
        raise Http404


@login_required
def model_create(request):
    _require_manager(request)
    form = DeviceModelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        try:
            model = services.device_model_create(actor=request.user, reason=reason, **data)
        except (ApplicationError, ValidationError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, f"{model} is on the CPL as current.")
            return redirect("cpl:model", pk=model.pk)
    return render(request, "cpl/model_form.html", {"form": form, "title": "Add a Device Model"})


@login_required
def model_edit(request, pk):
    _require_manager(request)
    model = selectors.device_model_get(actor=request.user, pk=pk)
    form = DeviceModelForm(request.POST or None, instance=model, editing=True)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in services.EDITABLE_FIELDS}
        try:
            services.device_model_update(
                actor=request.user,
                device_model=selectors.device_model_get(pk=pk),
                reason=form.cleaned_data.get("reason", ""),
                **changes,
            )
        except (ApplicationError, ValidationError) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "Saved.")
            return redirect("cpl:model", pk=pk)
    return render(request, "cpl/model_form.html", {"form": form, "title": f"Edit {model}", "model": model})


@require_POST
@login_required
def model_set_status(request, pk, action):
    _require_manager(request)
    if action not in ("remove", "reinstate"):
        raise Http404
    model = selectors.device_model_get(actor=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the status changes.")
        return redirect("cpl:model", pk=pk)
    service = services.device_model_remove if action == "remove" else services.device_model_reinstate
    try:
        service(actor=request.user, device_model=model, reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        verb = (
            "removed; its devices are being suspended"
            if action == "remove"
            else "current again; its devices are being restored"
        )
        messages.success(request, f"{model} is {verb}. Progress is under Background jobs.")
    return redirect("cpl:model", pk=pk)


@login_required
def model_import(request):
    _require_manager(request)
    form = CplUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
            result = services.device_models_import(actor=request.user, text=text)
        except UnicodeDecodeError:
            form.add_error("file", "The file is not UTF-8 text. Save it as 'CSV UTF-8' and upload again.")
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            if not result["errors"]:
                messages.success(request, f"Added {result['added']} CPL entries; {result['skipped']} already existed.")
                return redirect("cpl:models")
    return render(request, "cpl/model_import.html", {"form": form, "result": result, "columns": services.CSV_COLUMNS})
