"""Browser pages of CH ordering and returns: the interface calls the same services as the API."""

from decimal import Decimal, InvalidOperation
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from portal.exceptions import ApplicationError
from portal.views.mixins import csv_response, is_htmx_partial, paginate

from . import selectors, services
from .choices import ConsignmentStatus, HubStatus, OrderStatus, Region
from .constants import deadline_moment, delivery_month_for, forecast_first_month, month_of, submission_deadline
from .filters import HubFilterSet, OrderFilterSet, RmaFilterSet
from .forms import (
    AmendForm,
    CancelForm,
    DecisionForm,
    DeliveryLocationForm,
    DeliveryReportForm,
    DiagnosisReportForm,
    ForecastForm,
    LostForm,
    ObjectionForm,
    OrderForm,
    PanelDecisionForm,
    RecallForm,
    RmaForm,
    RmaLateForm,
    RmaReceiveForm,
    StatusUpdateForm,
)
from .permissions import can_handle_deliveries_and_returns, can_operate_dcc, can_order, can_view_hubs
from .tables import HubTable, OrderTable


def viewer_required(view):
    """Signed-in people without an OMS profile (or DCC hub operations) get 403, not a sign-in loop."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_view_hubs(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _messages(exc) -> list[str]:
    return [exc.message] if isinstance(exc, ApplicationError) else list(exc.messages)


def _fail(request, exc) -> None:
    for text in _messages(exc):
        messages.error(request, text)


def _require(check) -> None:
    if not check:
        raise PermissionDenied


@login_required
@viewer_required
def overview(request):
    user = request.user
    month = month_of(services.base.today_london())
    context = {
        "month": month,
        "deadline": submission_deadline(month),
        "deadline_passed": services.base.now() > deadline_moment(month),
        "delivery_month": delivery_month_for(month),
        "orders": selectors.order_list(actor=user).order_by("-submission_month")[:8],
        "deliveries": selectors.consignment_list(actor=user)
        .filter(status__in=[ConsignmentStatus.SCHEDULED, ConsignmentStatus.DELIVERED, ConsignmentStatus.AWAITING_DATE])
        .order_by("delivery_date")[:8],
        "due_back": selectors.hub_list(actor=user)
        .filter(status__in=[HubStatus.AWAITING_RETURN, HubStatus.RMA_BOOKED], return_due_on__isnull=False)
        .order_by("return_due_on")[:8],
        "can_order": can_order(user),
        "is_dcc": can_operate_dcc(user),
    }
    return render(request, "hubs/overview.html", context)


# --- Delivery Locations -----------------------------------------------------------------------


@login_required
@viewer_required
def location_list(request):
    return render(
        request,
        "hubs/locations.html",
        {"locations": selectors.location_list(actor=request.user), "can_order": can_order(request.user)},
    )


@login_required
def location_edit(request, pk=None):
    _require(can_order(request.user))
    location = selectors.location_get(actor=request.user, pk=pk) if pk else None
    form = DeliveryLocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        try:
            if location:
                services.location_update(actor=request.user, location=location, **form.cleaned_data)
            else:
                services.location_create(actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            for text in _messages(exc):
                form.add_error(None, text)
        else:
            messages.success(request, "Delivery Location saved.")
            return redirect("hubs:locations")
    return render(request, "hubs/location_form.html", {"form": form, "location": location})


@login_required
@require_POST
def location_deactivate(request, pk):
    _require(can_order(request.user))
    location = selectors.location_get(actor=request.user, pk=pk)
    try:
        services.location_deactivate(actor=request.user, location=location)
    except (ApplicationError, ValidationError) as exc:
        _fail(request, exc)
    return redirect("hubs:locations")


# --- Forecasts --------------------------------------------------------------------------------


@login_required
@viewer_required
def forecast_list(request):
    forecasts = selectors.forecast_list(actor=request.user).order_by("-submitted_month", "region", "-pk")
    return render(
        request, "hubs/forecasts.html", {"page": paginate(request, forecasts), "can_order": can_order(request.user)}
    )


@login_required
def forecast_submit(request):
    _require(can_order(request.user))
    month = month_of(services.base.today_london())
    region = request.POST.get("region") or request.GET.get("region") or Region.NORTH
    previous = (
        selectors.forecast_list(actor=request.user)
        .filter(region=region, is_current=True)
        .order_by("-submitted_month")
        .first()
    )
    initial = {}
    if previous:
        for m in previous.months.all():
            initial[(m.month.year, m.month.month)] = {
                "total": m.total,
                "single_band": m.single_band or 0,
                "dual_band": m.dual_band or 0,
            }
    first = forecast_first_month(month)
    from .constants import add_months

    rows = {i: initial.get((add_months(first, i - 1).year, add_months(first, i - 1).month), {}) for i in range(1, 25)}
    form = ForecastForm(request.POST or None, first_month=first, initial_rows=rows, initial={"region": region})
    if request.method == "POST" and form.is_valid():
        try:
            forecast = services.forecast_submit(
                actor=request.user, region=form.cleaned_data["region"], months=form.months_payload()
            )
        except (ApplicationError, ValidationError) as exc:
            for text in _messages(exc):
                form.add_error(None, text)
        else:
            messages.success(request, f"Forecast {forecast.reference} received.")
            return redirect("hubs:forecast", pk=forecast.pk)
    context = {
        "form": form,
        "month": month,
        "deadline": submission_deadline(month),
        "first": first,
        "previous": previous,
    }
    return render(request, "hubs/forecast_form.html", context)


@login_required
@viewer_required
def forecast_detail(request, pk):
    return render(
        request, "hubs/forecast_detail.html", {"forecast": selectors.forecast_get(actor=request.user, pk=pk)}
    )


# --- Orders -----------------------------------------------------------------------------------


@login_required
@viewer_required
def order_list(request):
    filterset = OrderFilterSet(
        request.GET, queryset=selectors.order_list(actor=request.user).order_by("-submission_month", "region")
    )
    if request.GET.get("export") == "csv":
        rows = (
            (
                o.reference,
                o.party.name,
                o.region,
                o.submission_month,
                o.delivery_month,
                o.get_status_display(),
                o.is_compliant,
                o.quantity or 0,
            )
            for o in filterset.qs
        )
        return csv_response(
            filename="ch-orders",
            header=["reference", "party", "region", "submitted", "delivery_month", "status", "compliant", "quantity"],
            rows=rows,
        )
    is_dcc = can_operate_dcc(request.user)
    table = OrderTable(filterset.qs, show_party=is_dcc, show_due=is_dcc)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    template = "hubs/partials/table.html" if is_htmx_partial(request) else "hubs/orders.html"
    return render(request, template, {"filter": filterset, "table": table, "can_order": can_order(request.user)})


def _order_form(request, region):
    locations = selectors.location_list(actor=request.user, active_only=True)
    products = selectors.product_list(region=region)
    return OrderForm(request.POST or None, locations=locations, products=products)


@login_required
def order_create(request):
    """The order form; every change re-checks the order (HTMX) so the person sees the tolerances as they type."""
    _require(can_order(request.user))
    region = request.POST.get("region") or request.GET.get("region") or Region.NORTH
    if region not in Region.values:
        raise Http404
    form = _order_form(request, region)
    preview = None
    if request.method == "POST" and form.is_valid():
        items = form.consignment_inputs()
        preview = services.order_preview(party=request.user.party, region=region, consignments=items)
        if request.POST.get("action") == "submit":
            try:
                order = services.order_submit(actor=request.user, region=region, consignments=items)
            except (ApplicationError, ValidationError) as exc:
                preview.errors = _messages(exc)
            else:
                messages.success(
                    request, f"Order {order.reference} submitted for delivery in {order.delivery_month:%B %Y}."
                )
                return redirect("hubs:order", pk=order.pk)
    elif request.method == "GET":
        preview = services.order_preview(party=request.user.party, region=region, consignments=[])
        preview.errors = []
    if is_htmx_partial(request):
        return render(request, "hubs/partials/order_check.html", {"preview": preview})
    month = month_of(services.base.today_london())
    context = {
        "form": form,
        "region": region,
        "regions": Region.choices,
        "preview": preview,
        "month": month,
        "deadline": submission_deadline(month),
        "delivery_month": delivery_month_for(month),
    }
    return render(request, "hubs/order_form.html", context)


@login_required
@viewer_required
def order_detail(request, pk):
    order = selectors.order_get(actor=request.user, pk=pk)
    is_dcc = can_operate_dcc(request.user)
    decision_form = (
        DecisionForm(request.POST or None) if is_dcc and order.status == OrderStatus.PENDING_DECISION else None
    )
    if decision_form is not None and request.method == "POST" and decision_form.is_valid():
        quantities = {
            int(k[5:]): int(v) for k, v in request.POST.items() if k.startswith("line_") and v.strip().isdigit()
        }
        try:
            services.order_decide(actor=request.user, order=order, quantities=quantities, **decision_form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            _fail(request, exc)
        else:
            messages.success(request, "Decision recorded and sent to the Party's OMS Accounts.")
            return redirect("hubs:order", pk=pk)
    context = {
        "order": order,
        "is_dcc": is_dcc,
        "decision_form": decision_form,
        "can_order": can_order(request.user) and order.party_id == request.user.party_id,
    }
    return render(request, "hubs/order_detail.html", context)


@login_required
def order_confirm_deemed(request, pk):
    _require(can_order(request.user))
    order = selectors.order_get(actor=request.user, pk=pk)
    locations = selectors.location_list(actor=request.user, active_only=True)
    consignments = [c for c in order.consignments.all() if c.status == ConsignmentStatus.PLANNED]
    forms = [
        AmendForm(
            request.POST or None,
            prefix=f"c{c.pk}",
            locations=locations,
            initial={"location": c.location, "reason": "deemed order details"},
        )
        for c in consignments
    ]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        details = [
            {
                "consignment": c,
                **{k: f.cleaned_data[k] for k in ("location", "delivery_date", "window_start", "window_end")},
            }
            for c, f in zip(consignments, forms, strict=True)
        ]
        try:
            services.order_confirm_deemed(actor=request.user, order=order, details=details)
        except (ApplicationError, ValidationError) as exc:
            _fail(request, exc)
        else:
            messages.success(request, "Deemed order confirmed and accepted.")
            return redirect("hubs:order", pk=pk)
    return render(
        request,
        "hubs/order_confirm_deemed.html",
        {"order": order, "pairs": list(zip(consignments, forms, strict=True))},
    )


# --- Consignments -----------------------------------------------------------------------------


@login_required
@viewer_required
def consignment_detail(request, pk):
    consignment = selectors.consignment_get(actor=request.user, pk=pk)
    user = request.user
    own = consignment.order.party_id == user.party_id
    context = {
        "c": consignment,
        "is_dcc": can_operate_dcc(user),
        "can_order": can_order(user) and own,
        "can_receive": can_handle_deliveries_and_returns(user) and own,
        "cancel_by": services.cancellation_deadline(consignment),
        "report_form": DeliveryReportForm(),
        "cancel_form": CancelForm(),
        "amend_form": AmendForm(
            locations=selectors.location_list(actor=user).filter(party=consignment.order.party),
            initial={
                "location": consignment.location,
                "delivery_date": consignment.delivery_date,
                "window_start": consignment.window_start,
                "window_end": consignment.window_end,
            },
        ),
        "hubs": consignment.hubs.select_related("product")[:200],
    }
    return render(request, "hubs/consignment_detail.html", context)


@login_required
@require_POST
def consignment_action(request, pk, action):
    consignment = selectors.consignment_get(actor=request.user, pk=pk)
    user = request.user
    try:
        if action == "cancel":
            form = CancelForm(request.POST)
            services.consignment_cancel(actor=user, consignment=consignment, reason=form.data.get("reason", ""))
            messages.success(request, "Consignment cancelled.")
        elif action == "confirm":
            services.consignment_confirm(actor=user, consignment=consignment)
            messages.success(request, "Delivery confirmed as compliant.")
        elif action == "report":
            services.consignment_report(
                actor=user,
                consignment=consignment,
                ground=request.POST.get("ground", ""),
                notes=request.POST.get("notes", ""),
            )
            messages.success(request, "Non-compliance notified.")
        elif action in ("amend", "choose-date"):
            form = AmendForm(
                request.POST, locations=selectors.location_list(actor=user).filter(party=consignment.order.party)
            )
            if not form.is_valid():
                raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
            data = form.cleaned_data
            if action == "amend":
                services.consignment_amend(
                    actor=user,
                    consignment=consignment,
                    location=data["location"],
                    delivery_date=data["delivery_date"],
                    window_start=data["window_start"],
                    window_end=data["window_end"],
                    reason=data["reason"],
                )
            else:
                services.consignment_choose_date(
                    actor=user,
                    consignment=consignment,
                    delivery_date=data["delivery_date"],
                    window_start=data["window_start"],
                    window_end=data["window_end"],
                )
            messages.success(request, "Delivery date saved.")
        elif action == "deliver":
            delivered = {
                int(k[10:]): int(v)
                for k, v in request.POST.items()
                if k.startswith("delivered_") and v.strip().isdigit()
            }
            services.consignment_deliver(actor=user, consignment=consignment, delivered=delivered)
            messages.success(request, "Delivery recorded; the hubs are Pending in the SMI.")
        elif action == "estimate-request":
            services.consignment_estimate_request(actor=user, consignment=consignment)
            messages.success(request, "Estimate requested.")
        elif action == "estimate":
            try:
                amount = Decimal(request.POST.get("amount", ""))
            except InvalidOperation as exc:
                raise ValidationError("Give the amount as a number, e.g. 1250.00.") from exc
            services.consignment_estimate_give(
                actor=user, consignment=consignment, amount=amount, notes=request.POST.get("notes", "")
            )
            messages.success(request, "Estimate sent to the Party.")
        elif action == "collect":
            services.rejected_hubs_collect(actor=user, consignment=consignment)
            messages.success(request, "Rejected hubs collected.")
        else:
            raise Http404
    except (ApplicationError, ValidationError) as exc:
        _fail(request, exc)
    return redirect("hubs:consignment", pk=pk)


# --- Hubs, status updates, returns ------------------------------------------------------------


@login_required
@viewer_required
def hub_list(request):
    filterset = HubFilterSet(request.GET, queryset=selectors.hub_list(actor=request.user))
    if request.GET.get("export") == "csv":
        rows = (
            (
                h.chf_id,
                h.gpf_id,
                h.product.name,
                h.get_status_display(),
                h.consignment.reference,
                h.removed_on or "",
                h.return_due_on or "",
            )
            for h in filterset.qs.iterator()
        )
        return csv_response(
            filename="communications-hubs",
            header=["chf_id", "gpf_id", "model", "status", "consignment", "removed_on", "return_due_on"],
            rows=rows,
        )
    table = HubTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    template = "hubs/partials/table.html" if is_htmx_partial(request) else "hubs/hubs.html"
    return render(request, template, {"filter": filterset, "table": table})


@login_required
@viewer_required
def hub_detail(request, pk):
    hub = selectors.hub_get(actor=request.user, pk=pk)
    can_update = can_handle_deliveries_and_returns(request.user) and hub.party_id == request.user.party_id
    form = StatusUpdateForm(request.POST or None) if can_update else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            update = services.hub_status_update(actor=request.user, hub=hub, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            for text in _messages(exc):
                form.add_error(None, text)
        else:
            messages.success(
                request, f"{update.get_kind_display()} recorded" + (" (late)." if update.is_late else ".")
            )
            return redirect("hubs:hub", pk=pk)
    context = {
        "hub": hub,
        "form": form,
        "lost_form": LostForm() if can_update else None,
        "updates": hub.status_updates.select_related("person"),
    }
    return render(request, "hubs/hub_detail.html", context)


@login_required
@require_POST
def hub_lost(request, pk):
    hub = selectors.hub_get(actor=request.user, pk=pk)
    try:
        services.hub_report_lost(
            actor=request.user, hub=hub, reason=request.POST.get("reason", ""), notes=request.POST.get("notes", "")
        )
    except (ApplicationError, ValidationError) as exc:
        _fail(request, exc)
    else:
        messages.success(request, "Loss notified.")
    return redirect("hubs:hub", pk=pk)


@login_required
@viewer_required
def rma_list(request):
    filterset = RmaFilterSet(request.GET, queryset=selectors.rma_list(actor=request.user))
    return render(
        request,
        "hubs/rmas.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "can_return": can_handle_deliveries_and_returns(request.user),
        },
    )


@login_required
def rma_create(request):
    _require(can_handle_deliveries_and_returns(request.user))
    hubs = selectors.hub_list(actor=request.user).filter(status=HubStatus.AWAITING_RETURN)
    form = RmaForm(
        request.POST or None,
        locations=selectors.returns_location_list(actor=request.user),
        hubs=hubs,
        initial={
            "hubs": request.GET.getlist("hub"),
            "contact_name": request.user.full_name,
            "contact_email": request.user.email,
            "contact_phone": request.user.phone,
            "return_date": services.rma_earliest_return_date(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rma = services.rma_request(
                actor=request.user,
                hubs=list(data["hubs"]),
                location=data["location"],
                return_date=data["return_date"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                pallet_ids=[p.strip() for p in data["pallet_ids"].split(",") if p.strip()],
            )
        except (ApplicationError, ValidationError) as exc:
            for text in _messages(exc):
                form.add_error(None, text)
        else:
            messages.success(request, f"RMA {rma.reference} confirmed; print the label.")
            return redirect("hubs:rma", pk=rma.pk)
    return render(request, "hubs/rma_form.html", {"form": form, "earliest": services.rma_earliest_return_date()})


@login_required
@viewer_required
def rma_detail(request, pk):
    rma = selectors.rma_get(actor=request.user, pk=pk)
    is_dcc = can_operate_dcc(request.user)
    receive_form = (
        RmaReceiveForm(request.POST or None, initial={"received": "\n".join(h.chf_id for h in rma.hubs.all())})
        if is_dcc
        else None
    )
    if receive_form is not None and request.method == "POST" and receive_form.is_valid():
        ids = [line.strip().upper() for line in receive_form.cleaned_data["received"].splitlines() if line.strip()]
        try:
            services.rma_receive(
                actor=request.user,
                rma=rma,
                received_chf_ids=ids,
                discrepancies=receive_form.cleaned_data["discrepancies"],
            )
        except (ApplicationError, ValidationError) as exc:
            _fail(request, exc)
        else:
            messages.success(request, "Return recorded.")
            return redirect("hubs:rma", pk=pk)
    own = rma.party_id == request.user.party_id and can_handle_deliveries_and_returns(request.user)
    context = {
        "rma": rma,
        "receive_form": receive_form,
        "can_cancel": own,
        "cancel_form": CancelForm(),
        "late_form": RmaLateForm(),
        "is_dcc": is_dcc,
    }
    return render(request, "hubs/rma_detail.html", context)


@login_required
@require_POST
def rma_late(request, pk):
    """App I 10.14: the Party's late-arrival notice, or the DCC's able/unable answer."""
    rma = selectors.rma_get(actor=request.user, pk=pk)
    try:
        if "able" in request.POST:
            services.rma_late_response(actor=request.user, rma=rma, able=request.POST["able"] == "yes")
        else:
            form = RmaLateForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Give the reason and the expected time of arrival.")
            services.rma_late_notice(actor=request.user, rma=rma, **form.cleaned_data)
    except (ApplicationError, ValidationError) as exc:
        _fail(request, exc)
    else:
        messages.success(request, "Late arrival recorded.")
    return redirect("hubs:rma", pk=pk)


@login_required
@require_POST
def rma_cancel(request, pk):
    rma = selectors.rma_get(actor=request.user, pk=pk)
    try:
        services.rma_cancel(actor=request.user, rma=rma, reason=request.POST.get("reason", ""))
    except (ApplicationError, ValidationError) as exc:
        _fail(request, exc)
    else:
        messages.success(request, "RMA cancelled.")
    return redirect("hubs:rma", pk=pk)


@login_required
@viewer_required
def rma_label(request, pk):
    """The printable RMA label and Return Delivery Note (App I 10.12, 10.13): print-ready HTML."""
    rma = selectors.rma_get(actor=request.user, pk=pk)
    signifier = rma.party.user_roles.order_by("role").values_list("user_id", flat=True).first() or rma.party.code
    return render(
        request,
        "hubs/rma_label.html",
        {
            "rma": rma,
            "hubs": list(rma.hubs.all()),
            "signifier": signifier,
            "copies": range(
                int(request.GET.get("copies", "1") or 1) if str(request.GET.get("copies", "1")).isdigit() else 1
            ),
        },
    )


@login_required
@viewer_required
def recall_list(request):
    return render(
        request,
        "hubs/recalls.html",
        {
            "page": paginate(request, selectors.recall_list(actor=request.user)),
            "is_dcc": can_operate_dcc(request.user),
        },
    )


@login_required
def recall_create(request):
    _require(can_operate_dcc(request.user))
    form = RecallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hubs = selectors.hub_list(actor=request.user)
        ids = [line.strip().upper() for line in data["chf_ids"].splitlines() if line.strip()]
        chosen = list(hubs.filter(chf_id__in=ids)) if ids else []
        unknown = sorted(set(ids) - {h.chf_id for h in chosen})
        if unknown:
            form.add_error("chf_ids", f"Unknown CHF IDs: {', '.join(unknown)}.")
        if data["consignment"]:
            in_consignment = list(hubs.filter(consignment__reference=data["consignment"].strip()))
            if not in_consignment:
                form.add_error(
                    "consignment", f"No hubs were delivered in consignment '{data['consignment'].strip()}'."
                )
            chosen += in_consignment
        try:
            if form.errors:
                raise ValidationError("Nothing was recalled: correct the hubs named.")
            recall = services.recall_create(
                actor=request.user, reason=data["reason"], description=data["description"], hubs=chosen
            )
        except (ApplicationError, ValidationError) as exc:
            for text in _messages(exc):
                form.add_error(None, text)
        else:
            messages.success(request, f"Recall {recall.reference} issued.")
            return redirect("hubs:recall", pk=recall.pk)
    return render(request, "hubs/recall_form.html", {"form": form})


@login_required
@viewer_required
def recall_detail(request, pk):
    recall = selectors.recall_get(actor=request.user, pk=pk)
    items = recall.items.select_related("hub", "responsible_party", "hub__product")
    if not can_operate_dcc(request.user):
        items = items.filter(responsible_party=request.user.party)
    return render(request, "hubs/recall_detail.html", {"recall": recall, "items": items})


@login_required
@viewer_required
def returns_record_list(request):
    records = selectors.returns_record_list(actor=request.user)
    status = request.GET.get("status")
    if status:
        records = records.filter(status=status)
    return render(request, "hubs/returns_records.html", {"page": paginate(request, records), "status": status})


@login_required
@viewer_required
def returns_record_detail(request, pk):
    record = selectors.returns_record_get(actor=request.user, pk=pk)
    is_dcc = can_operate_dcc(request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not is_dcc:
        raise PermissionDenied
    try:
        if action == "notice":
            services.returns_record_notice(actor=request.user, record=record)
        elif action == "report":
            form = DiagnosisReportForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Give the determined reason and the report.")
            services.returns_record_report(actor=request.user, record=record, **form.cleaned_data)
        elif action == "objection":
            services.returns_record_objection(
                actor=request.user, record=record, objection=request.POST.get("objection", "")
            )
        elif action == "panel":
            services.returns_record_panel_decision(
                actor=request.user,
                record=record,
                reason=request.POST.get("reason") or None,
                outcome=request.POST.get("outcome", ""),
            )
        if action:
            messages.success(request, "Returns record updated.")
            return redirect("hubs:returns-record", pk=pk)
    except (ApplicationError, ValidationError) as exc:
        _fail(request, exc)
    context = {
        "record": record,
        "is_dcc": is_dcc,
        "report_form": DiagnosisReportForm(),
        "objection_form": ObjectionForm(),
        "panel_form": PanelDecisionForm(),
    }
    return render(request, "hubs/returns_record_detail.html", context)
