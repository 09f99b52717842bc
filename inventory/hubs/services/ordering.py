"""Delivery Locations, forecasts and orders (smki-hubs-incidents-coverage.md §2.3, §2.4)."""

import calendar
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from inventory.coverage.constants import is_gb_postcode, normalise_postcode
from portal.enqueue import enqueue_on_commit
from portal.models import User
from portal.services import audit
from portal.working_days import add_working_days, is_working_day

from ..choices import ConsignmentStatus, HanVariant, OrderStatus, Region, WanVariant
from ..constants import (
    FORECAST_MONTHS,
    HAN_DETAIL_MONTHS,
    Tolerance,
    add_months,
    carton,
    deadline_moment,
    delivery_month_for,
    forecast_first_month,
    month_of,
    pallet_layer,
    standard_pallet,
    submission_deadline,
)
from ..models import Consignment, ConsignmentLine, DeliveryLocation, Forecast, ForecastMonth, HubProduct, Order
from ..selectors import product_list, tolerances_for
from ..transitions import consignment_move, order_move
from .base import new_reference, notify_oms, now, require_ordering, require_same_party, today_london

LOCATION_FIELDS = (
    "name",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "operating_hours",
    "contact_name",
    "contact_email",
    "contact_phone",
)


# --- Delivery Locations (App H 3.4) ---------------------------------------------------------


def _clean_location(location: DeliveryLocation) -> None:
    postcode = normalise_postcode(location.postcode)
    # F5.8: a Delivery Location must be in Great Britain (it need not be in the order's Region).
    if not postcode or not is_gb_postcode(postcode):
        raise ValidationError(
            {
                "postcode": (
                    f"'{location.postcode}' is not a postcode in Great Britain; "
                    "Delivery Locations must be in GB (SEC F5.8)."
                )
            }
        )
    location.postcode = postcode
    location.full_clean()


def location_create(*, actor: User, **fields) -> DeliveryLocation:
    """Add a Delivery Location of the actor's Party. Audit: ``hubs.location_created``."""
    require_ordering(actor)
    location = DeliveryLocation(party=actor.party, **{k: v for k, v in fields.items() if k in LOCATION_FIELDS})
    _clean_location(location)
    with transaction.atomic(durable=True):
        location.save()
        audit.record(
            action="hubs.location_created", actor=actor, target=location, after={"postcode": location.postcode}
        )
    return location


def location_update(*, actor: User, location: DeliveryLocation, **fields) -> DeliveryLocation:
    """Change a Delivery Location's details. Audit: ``hubs.location_updated`` with the changes."""
    require_ordering(actor)
    require_same_party(actor, location.party)
    before = {k: getattr(location, k) for k in LOCATION_FIELDS}
    for key, value in fields.items():
        if key in LOCATION_FIELDS:
            setattr(location, key, value)
    _clean_location(location)
    after = {k: getattr(location, k) for k in LOCATION_FIELDS}
    with transaction.atomic(durable=True):
        location.save()
        changed_before, changed_after = audit.changed_fields(before, after)
        audit.record(
            action="hubs.location_updated", actor=actor, target=location, before=changed_before, after=changed_after
        )
    return location


def location_deactivate(*, actor: User, location: DeliveryLocation) -> DeliveryLocation:
    """Stop offering a location for new orders (past consignments keep it). Audit: ``hubs.location_deactivated``."""
    require_ordering(actor)
    require_same_party(actor, location.party)
    with transaction.atomic(durable=True):
        location.is_active = False
        location.save(update_fields=["is_active", "updated_at"])
        audit.record(action="hubs.location_deactivated", actor=actor, target=location)
    return location


# --- Forecasts (F5.2-F5.6, App H 3.1) -------------------------------------------------------


def _check_deadline(kind: str, month: date) -> None:
    if now() > deadline_moment(month):
        next_month = add_months(month, 1)
        raise ValidationError(
            f"The {kind} deadline for {month:%B %Y} was {submission_deadline(month):%A %d %B %Y}, the 5th Working "
            "Day before "
            f"the last Working Day of the month (SEC F5.5, F5.14). The next window opens on {next_month:%d %B %Y}.",
            code="deadline_passed",
        )


def _validate_forecast_months(months: list[dict]) -> list[dict]:
    if len(months) != FORECAST_MONTHS:
        raise ValidationError(
            f"A forecast covers exactly {FORECAST_MONTHS} months (SEC F5.3); {len(months)} were given."
        )
    errors, clean = [], []
    for index, raw in enumerate(months, start=1):
        try:
            total = _whole_number(raw.get("total"))
            single = raw.get("single_band")
            dual = raw.get("dual_band")
            single = None if single in (None, "") else _whole_number(single)
            dual = None if dual in (None, "") else _whole_number(dual)
        except (TypeError, ValueError):
            errors.append(f"Month {index}: quantities must be whole numbers.")
            continue
        if min(v for v in (total, single, dual) if v is not None) < 0:
            errors.append(f"Month {index}: quantities cannot be negative.")
            continue
        if index <= HAN_DETAIL_MONTHS:
            # F5.4(iii): the first 10 months give the number of each HAN Variant per Region.
            if single is None or dual is None:
                errors.append(
                    f"Month {index}: give the number of each HAN Variant (required for months 1-{HAN_DETAIL_MONTHS}, "
                    "SEC F5.4)."
                )
            elif single + dual != total:
                errors.append(f"Month {index}: the HAN Variants add up to {single + dual}, not the total {total}.")
        else:
            single = dual = None
        clean.append({"index": index, "total": total, "single_band": single, "dual_band": dual})
    if errors:
        raise ValidationError(errors)
    return clean


def _store_forecast(
    *, party, region: str, month: date, rows: list[dict], actor: User | None, is_deemed: bool
) -> Forecast:
    first = forecast_first_month(month)
    Forecast.objects.filter(party=party, region=region, submitted_month=month, is_current=True).update(
        is_current=False
    )
    forecast = Forecast.objects.create(
        party=party,
        region=region,
        submitted_month=month,
        first_month=first,
        is_deemed=is_deemed,
        submitted_by=actor,
        reference=new_reference("FC"),
    )
    ForecastMonth.objects.bulk_create(
        ForecastMonth(forecast=forecast, month=add_months(first, r["index"] - 1), **r) for r in rows
    )
    return forecast


def forecast_submit(*, actor: User, region: str, months: list[dict]) -> Forecast:
    """Submit a 24-month forecast for one Region (F5.3-F5.5). A later submission in the same month
    replaces the earlier one. Audit: ``hubs.forecast_submitted``; OMS Accounts are told the unique
    forecast reference (App H 3.1). Raises ValidationError (deadline, shape) or NotPermitted."""
    require_ordering(actor)
    if region not in Region.values:
        raise ValidationError({"region": f"Unknown Region '{region}'."})
    month = month_of(today_london())
    _check_deadline("forecast", month)
    rows = _validate_forecast_months(months)
    with transaction.atomic(durable=True):
        forecast = _store_forecast(
            party=actor.party, region=region, month=month, rows=rows, actor=actor, is_deemed=False
        )
        audit.record(
            action="hubs.forecast_submitted",
            actor=actor,
            target=forecast,
            after={"region": region, "month": month, "totals": [r["total"] for r in rows]},
        )
        notify_oms(
            party=actor.party,
            subject=f"CH forecast {forecast.reference} received ({Region(region).label}, {month:%B %Y})",
            url=reverse("hubs:forecast", args=[forecast.pk]),
        )
    return forecast


def _whole_number(value: Any) -> int:
    """``int()`` of what a client sent: TypeError or ValueError for anything that is not a number."""
    return int(value)


def _deemed_rows(previous: Forecast | None, first: date) -> list[dict]:
    """F5.6: months 1-23 repeat the previous forecast's corresponding month; months 1-9 its HAN
    numbers; month 10 splits in month 9's proportions; month 24 is zero."""
    by_month = {m.month: m for m in previous.months.all()} if previous else {}
    rows: list[dict[str, Any]] = []
    for index in range(1, FORECAST_MONTHS + 1):
        month = add_months(first, index - 1)
        prev = by_month.get(month)
        total = prev.total if prev and index < FORECAST_MONTHS else 0
        single = dual = None
        if index < HAN_DETAIL_MONTHS:
            single = prev.single_band if prev and prev.single_band is not None else total
            dual = prev.dual_band if prev and prev.dual_band is not None else 0
        elif index == HAN_DETAIL_MONTHS:
            nine = rows[-1]
            base = nine["single_band"] + nine["dual_band"]
            # D-HUB-05: when month 9 is zero there are no proportions; month 10 goes to single band.
            single = total * nine["single_band"] // base if base else total
            dual = total - single
        rows.append({"index": index, "total": total, "single_band": single, "dual_band": dual})
    return rows


def forecast_deem(*, party, region: str, month: date) -> Forecast | None:
    """Deem a forecast for a Party and Region that submitted none in ``month`` (F5.6). Returns
    None when one exists or the Party never forecast for the Region. Audit: ``hubs.forecast_deemed``."""
    if Forecast.objects.filter(party=party, region=region, submitted_month=month, is_current=True).exists():
        return None
    previous = (
        Forecast.objects.filter(party=party, region=region, submitted_month__lt=month, is_current=True)
        .order_by("-submitted_month")
        .prefetch_related("months")
        .first()
    )
    if previous is None:
        return None
    rows = _deemed_rows(previous, forecast_first_month(month))
    with transaction.atomic():
        forecast = _store_forecast(party=party, region=region, month=month, rows=rows, actor=None, is_deemed=True)
        audit.record(
            action="hubs.forecast_deemed", target=forecast, party=party, after={"previous": previous.reference}
        )
        notify_oms(
            party=party,
            subject=f"CH forecast {forecast.reference} deemed ({Region(region).label}, {month:%B %Y})",
            body="No forecast arrived by the deadline, so the DCC deemed one from your previous forecast (SEC F5.6).",
            url=reverse("hubs:forecast", args=[forecast.pk]),
        )
    return forecast


def months_past_deadline(today: date) -> list[date]:
    """The months whose submission deadline has passed and that the daily deeming jobs still look at:
    this month once its deadline is over, and the ``HUBS_DEEMING_CATCH_UP_MONTHS`` before it, so a
    job that did not run over a month's end (an outage) deems what it missed when it runs again."""
    current = month_of(today)
    months = [add_months(current, -n) for n in range(settings.HUBS_DEEMING_CATCH_UP_MONTHS, -1, -1)]
    return [m for m in months if today > submission_deadline(m)]


def forecasts_deem_due(*, today: date | None = None) -> int:
    """Deem the missing forecasts (F5.6) of each month whose deadline has passed (beat, daily). Idempotent."""
    from portal.models import Party

    count = 0
    for month in months_past_deadline(today or today_london()):
        # order_by(): the model's default ordering would put its columns into the DISTINCT.
        pairs = list(
            Forecast.objects.filter(submitted_month__lt=month).order_by().values_list("party_id", "region").distinct()
        )
        parties = Party.objects.in_bulk({p for p, _ in pairs})
        for party_id, region in pairs:
            count += forecast_deem(party=parties[party_id], region=region, month=month) is not None
    return count


# --- Orders (F5.7-F5.19, App H 3.4-3.20) ----------------------------------------------------


@dataclass
class ConsignmentInput:
    """What the person typed for one Delivery Location (App H 3.4, 3.13)."""

    location: DeliveryLocation | None
    delivery_date: date | None
    window_start: time | None
    window_end: time | None
    quantities: dict[HubProduct, int] = field(default_factory=dict)
    t1_aerials: int = 0
    t2_aerials: int = 0

    @property
    def total(self) -> int:
        return sum(self.quantities.values())


@dataclass
class HanCheck:
    tolerance: Tolerance
    quantity: int

    @property
    def compliant(self) -> bool:
        return self.tolerance.check(self.quantity)


@dataclass
class OrderPreview:
    """Everything the order form shows while the person types: hard errors, F5.10 per HAN Variant, warnings."""

    region: str
    submission_month: date
    delivery_month: date
    deadline: date
    errors: list[str]
    han: dict[str, HanCheck]
    warnings: list[str]
    is_mandatory: bool

    @property
    def is_compliant(self) -> bool:
        return all(h.compliant for h in self.han.values())

    def compliance_json(self) -> dict:
        return {
            han: {
                "quantity": c.quantity,
                "forecast_10": c.tolerance.forecast_10,
                "forecast_7": c.tolerance.forecast_7,
                "minimum": c.tolerance.minimum,
                "maximum": c.tolerance.maximum,
                "compliant": c.compliant,
            }
            for han, c in self.han.items()
        }


def _window_errors(label: str, item: ConsignmentInput) -> list[str]:
    open_t = time.fromisoformat(settings.PORTAL_WORKING_HOURS_START)
    close_t = time.fromisoformat(settings.PORTAL_WORKING_HOURS_END)
    if item.window_start is None or item.window_end is None:
        return [f"{label}: give the Delivery Window."]
    if item.window_start >= item.window_end:
        return [f"{label}: the Delivery Window must end after it starts."]
    if item.window_start < open_t or item.window_end > close_t:
        return [
            f"{label}: the Delivery Window must lie within Working Hours, {open_t:%H:%M}-{close_t:%H:%M} (App H 3.13)."
        ]
    return []


def _week_clash(location: DeliveryLocation, day: date, exclude_pks=()) -> Consignment | None:
    monday = day - timedelta(days=day.weekday())
    return (
        Consignment.objects.filter(
            location=location, delivery_date__gte=monday, delivery_date__lt=monday + timedelta(days=7)
        )
        .exclude(status__in=[ConsignmentStatus.CANCELLED, ConsignmentStatus.DEEMED_CANCELLED])
        .exclude(pk__in=exclude_pks)
        .first()
    )


def consignment_date_errors(*, label: str, location, delivery_date, delivery_month: date, exclude_pks=()) -> list[str]:
    """Date rules of one consignment: in the Delivery Month, a Working Day, one visit a week per location."""
    if delivery_date is None:
        return [f"{label}: choose a preferred delivery date."]
    errors = []
    if month_of(delivery_date) != delivery_month:
        errors.append(
            f"{label}: the delivery date must fall in the Delivery Month, {delivery_month:%B %Y} (SEC F5.8)."
        )
    if not is_working_day(delivery_date):
        errors.append(f"{label}: {delivery_date:%A %d %B %Y} is not a Working Day (App H 3.13).")
    if location is not None and (clash := _week_clash(location, delivery_date, exclude_pks)):
        errors.append(
            f"{label}: {location.name} already has consignment {clash.reference} on {clash.delivery_date:%d %B}; "
            "a location may be delivered to at most once a week (App H 3.13)."
        )
    return errors


def _packaging_errors(label: str, item: ConsignmentInput) -> list[str]:
    errors = []
    total = item.total
    if total == 0:
        if item.t1_aerials or item.t2_aerials:
            return [f"{label}: no Consignment may be Auxiliary Equipment only (App H 3.12)."]
        return [f"{label}: order at least one Communications Hub or remove the location."]
    by_wan: dict[str, int] = {}
    for product, qty in item.quantities.items():
        by_wan[product.wan_variant] = by_wan.get(product.wan_variant, 0) + qty
    for wan, qty in sorted(by_wan.items()):
        if qty % carton():
            errors.append(
                f"{label}: {qty} {WanVariant(wan).label} hubs is not a whole number of cartons of {carton()} (App H "
                "3.14(a))."
            )
    if total % pallet_layer():
        errors.append(f"{label}: {total} hubs do not fill complete pallet layers of {pallet_layer()} (App H 3.14(b)).")
    if total < standard_pallet():
        errors.append(
            f"{label}: {total} hubs are less than one standard pallet of {standard_pallet()} (App H 3.14(c))."
        )
    if total < settings.HUBS_MIN_CONSIGNMENT_QUANTITY:
        errors.append(
            f"{label}: {total} hubs are below the minimum delivery quantity of "
            f"{settings.HUBS_MIN_CONSIGNMENT_QUANTITY} (SEC F5.12)."
        )
    return errors


def order_preview(
    *, party, region: str, consignments: list[ConsignmentInput], submission_month: date | None = None
) -> OrderPreview:
    """Check an order as typed, without saving anything (used live by the order form and the API)."""
    submission_month = submission_month or month_of(today_london())
    delivery_month = delivery_month_for(submission_month)
    errors: list[str] = []
    if region not in Region.values:
        errors.append(f"Unknown Region '{region}'.")
    offered = set(product_list(region=region)) if region in Region.values else set()
    items = [c for c in consignments if c.location or c.total or c.t1_aerials or c.t2_aerials]
    if not items:
        errors.append("Add at least one Delivery Location with quantities.")
    limit = settings.HUBS_MAX_DELIVERY_LOCATIONS_PER_ORDER
    if len(items) > limit:
        errors.append(f"An order may have at most {limit} Delivery Locations (App H 3.5).")
    seen_weeks: dict[tuple[int, date], str] = {}
    for number, item in enumerate(items, start=1):
        label = f"Location {number}" + (f" ({item.location.name})" if item.location else "")
        if item.location is None:
            errors.append(f"{label}: choose a Delivery Location.")
        elif item.location.party_id != party.pk or not item.location.is_active:
            errors.append(f"{label}: that Delivery Location is not an active location of {party.name}.")
        for product in item.quantities:
            if product not in offered:
                errors.append(
                    f"{label}: Device Model {product.name} is not orderable in the "
                    f"{Region(region).label if region in Region.values else region} Region."
                )
        if any(q < 0 for q in item.quantities.values()) or item.t1_aerials < 0 or item.t2_aerials < 0:
            errors.append(f"{label}: quantities cannot be negative.")
            continue
        errors += consignment_date_errors(
            label=label, location=item.location, delivery_date=item.delivery_date, delivery_month=delivery_month
        )
        if item.location and item.delivery_date:
            key = (item.location.pk, item.delivery_date - timedelta(days=item.delivery_date.weekday()))
            if key in seen_weeks:
                errors.append(f"{label}: {seen_weeks[key]} already delivers to this location that week (App H 3.13).")
            seen_weeks[key] = label
        errors += _window_errors(label, item)
        errors += _packaging_errors(label, item)
    tolerances = (
        tolerances_for(party=party, region=region, delivery_month=delivery_month) if region in Region.values else {}
    )
    quantities = {han: 0 for han in tolerances}
    mesh = total = 0
    for item in items:
        for product, qty in item.quantities.items():
            quantities[product.han_variant] = quantities.get(product.han_variant, 0) + qty
            total += qty
            mesh += qty if product.wan_variant == WanVariant.CELLULAR_MESH else 0
    warnings = []
    threshold = settings.HUBS_MESH_QUERY_THRESHOLD_PERCENT
    if region in (Region.CENTRAL, Region.SOUTH) and total and mesh * 100 > total * threshold:
        warnings.append(
            f"{mesh * 100 // total}% of this order are Mesh hubs; above {threshold}% the DCC may ask you to explain "
            "by email (App H 3.11)."
        )
    han = {h: HanCheck(t, quantities.get(h, 0)) for h, t in tolerances.items()}
    for h, check in han.items():
        if not check.compliant:
            warnings.append(
                f"{HanVariant(h).label}: {check.quantity} is outside the compliant range "
                f"{check.tolerance.minimum}-{check.tolerance.maximum} "
                "(SEC F5.10); the order is received but the DCC decides whether to accept it (F5.17)."
            )
    return OrderPreview(
        region=region,
        submission_month=submission_month,
        delivery_month=delivery_month,
        deadline=submission_deadline(submission_month),
        errors=errors,
        han=han,
        warnings=warnings,
        is_mandatory=any(t.minimum > 0 for t in tolerances.values()),
    )


def _create_consignments(order: Order, items: list[ConsignmentInput], status: str) -> None:
    for number, item in enumerate(items, start=1):
        consignment = Consignment.objects.create(
            order=order,
            reference=f"{order.reference}-{number}",
            location=item.location,
            status=status,
            delivery_date=item.delivery_date,
            window_start=item.window_start,
            window_end=item.window_end,
            t1_aerials=item.t1_aerials,
            t2_aerials=item.t2_aerials,
        )
        ConsignmentLine.objects.bulk_create(
            ConsignmentLine(consignment=consignment, product=p, quantity=q) for p, q in item.quantities.items() if q
        )


def _last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def order_submit(*, actor: User, region: str, consignments: list[ConsignmentInput]) -> Order:
    """Place this month's order for a Region. Hard rules (deadline, locations, dates, packaging,
    Device Models) reject it with every broken rule named; tolerance breaches are recorded and
    leave the decision to the DCC (F5.17). Audit: ``hubs.order_submitted``. Acknowledgement and
    the compliance notice follow on commit (task ``order_acknowledge``)."""
    require_ordering(actor)
    month = month_of(today_london())
    _check_deadline("order", month)
    preview = order_preview(party=actor.party, region=region, consignments=consignments, submission_month=month)
    if preview.errors:
        raise ValidationError(preview.errors)
    if Order.objects.filter(party=actor.party, region=region, submission_month=month).exists():
        raise ValidationError(
            f"You already placed the {Region(region).label} order this month; at most one order per Region per month "
            "(SEC F5.13)."
        )
    items = [c for c in consignments if c.location or c.total]
    for item in items:
        item.quantities = {p: q for p, q in item.quantities.items() if q}
    submitted = now()
    try:
        with transaction.atomic(durable=True):
            order = Order.objects.create(
                party=actor.party,
                region=region,
                reference=new_reference("CHO"),
                submission_month=month,
                delivery_month=preview.delivery_month,
                is_mandatory=preview.is_mandatory,
                is_compliant=preview.is_compliant,
                compliance=preview.compliance_json(),
                warnings=preview.warnings,
                submitted_by=actor,
                submitted_at=submitted,
                decision_due_on=add_working_days(today_london(), settings.HUBS_ORDER_DECISION_WORKING_DAYS),
                final_decision_due_on=_last_day(month),
            )
            _create_consignments(order, items, ConsignmentStatus.PLANNED)
            audit.record(
                action="hubs.order_submitted",
                actor=actor,
                target=order,
                after={
                    "region": region,
                    "delivery_month": preview.delivery_month,
                    "compliant": preview.is_compliant,
                    "compliance": order.compliance,
                },
            )
            enqueue_on_commit("hubs.tasks.order_acknowledge", order_id=order.pk)
    except IntegrityError as exc:
        raise ValidationError(f"You already placed the {Region(region).label} order this month (SEC F5.13).") from exc
    return order


def _accept(order: Order, *, actor: User | None, to: str, reason: str = "") -> Order:
    order_move(
        order=order,
        to=to,
        actor=actor,
        reason=reason,
        updates={
            "oms_reference": order.oms_reference or new_reference("OMS"),
            "decided_at": now(),
            "decided_by": actor if getattr(actor, "pk", None) else None,
            "decision_reason": reason,
        },
    )
    for consignment in order.consignments.filter(status=ConsignmentStatus.PLANNED):
        consignment_move(consignment=consignment, to=ConsignmentStatus.SCHEDULED, actor=actor, reason="order accepted")
    return order


def order_acknowledge(*, order: Order) -> Order:
    """The DCC acknowledges an order and says whether it is compliant (F5.16, App H 3.19):
    compliant -> accepted with an OMS Order Reference; otherwise awaiting the DCC's decision by the
    end of the month. Idempotent: an order past 'submitted' is left alone."""
    with transaction.atomic(durable=True):
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.SUBMITTED:
            return order
        order_move(order=order, to=OrderStatus.ACKNOWLEDGED, actor=None, updates={"acknowledged_at": now()})
        url = reverse("hubs:order", args=[order.pk])
        if order.is_compliant:
            _accept(
                order, actor=None, to=OrderStatus.ACCEPTED, reason="compliant: accepted without amendment (F5.16(i))"
            )
            notify_oms(
                party=order.party,
                subject=f"CH order {order.reference} accepted: OMS reference {order.oms_reference}",
                url=url,
            )
        else:
            order_move(
                order=order,
                to=OrderStatus.PENDING_DECISION,
                actor=None,
                reason="not compliant (F5.16(ii))",
                updates={"oms_reference": new_reference("OMS")},
            )
            notify_oms(
                party=order.party,
                subject=f"CH order {order.reference} is not compliant",
                body=(
                    f"The DCC will decide by {order.final_decision_due_on:%d %B %Y} whether to accept it (SEC F5.17)."
                ),
                url=url,
            )
    return order


def order_decide(
    *, actor: User, order: Order, decision: str, reason: str, quantities: dict[int, int] | None = None
) -> Order:
    """The DCC's decision on a non-compliant order (F5.17): accept in full, accept with amended
    line quantities (``quantities`` maps ConsignmentLine pk to the new quantity), or reject.
    Reasons are required. Audit: status change plus ``hubs.order_amended`` for amendments."""
    from ..choices import OrderDecision
    from .base import require_dcc

    require_dcc(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reasons for the decision (SEC F5.17)."})
    if decision not in OrderDecision.values:
        raise ValidationError({"decision": f"Unknown decision '{decision}'."})
    with transaction.atomic(durable=True):
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.PENDING_DECISION:
            raise ValidationError(
                f"Order {order.reference} is {order.get_status_display().lower()}; only orders awaiting a decision "
                "can be decided."
            )
        url = reverse("hubs:order", args=[order.pk])
        if decision == OrderDecision.REJECT:
            order_move(
                order=order,
                to=OrderStatus.REJECTED,
                actor=actor,
                reason=reason,
                updates={"decided_at": now(), "decided_by": actor, "decision_reason": reason},
            )
            for consignment in order.consignments.filter(status=ConsignmentStatus.PLANNED):
                consignment_move(
                    consignment=consignment, to=ConsignmentStatus.CANCELLED, actor=actor, reason="order rejected"
                )
        elif decision == OrderDecision.ACCEPT_AMENDED:
            lines = {line.pk: line for line in ConsignmentLine.objects.filter(consignment__order=order)}
            changes = {pk: q for pk, q in (quantities or {}).items() if pk in lines and lines[pk].quantity != q}
            if not changes or any(q < 0 for q in changes.values()):
                raise ValidationError({"quantities": "Give the amended, non-negative quantity of at least one line."})
            for pk, qty in changes.items():
                before = lines[pk].quantity
                ConsignmentLine.objects.filter(pk=pk).update(quantity=qty)
                audit.record(
                    action="hubs.order_amended",
                    actor=actor,
                    target=order,
                    before={"line": pk, "quantity": before},
                    after={"line": pk, "quantity": qty},
                )
            _accept(order, actor=actor, to=OrderStatus.ACCEPTED_AMENDED, reason=reason)
        else:
            _accept(order, actor=actor, to=OrderStatus.ACCEPTED_IN_FULL, reason=reason)
        notify_oms(
            party=order.party,
            subject=f"CH order {order.reference}: {order.get_status_display()}",
            body=reason,
            url=url,
        )
    return order


def _deemed_product(party, region: str, han: str) -> HubProduct | None:
    line = (
        ConsignmentLine.objects.filter(
            consignment__order__party=party,
            consignment__order__region=region,
            product__han_variant=han,
            product__is_orderable=True,
        )
        .order_by("-consignment__order__submission_month")
        .select_related("product")
        .first()
    )
    if line is not None:
        return line.product
    return next((p for p in product_list(region=region) if p.han_variant == han), None)


def order_deem_missing(*, party, region: str, month: date) -> Order | None:
    """Deem an order at the compliant minimum when a mandatory order was not placed (F5.13(c),
    App H 3.6). It uses the previous order's Delivery Location; the Party has 2 Working Days to
    give details and 30 days to confirm, else its Consignment is deemed cancelled (App H 3.8-3.9).
    Audit: ``hubs.order_deemed``."""
    if Order.objects.filter(party=party, region=region, submission_month=month).exists():
        return None
    delivery_month = delivery_month_for(month)
    tolerances = tolerances_for(party=party, region=region, delivery_month=delivery_month)
    quantities = {}
    for han, tolerance in tolerances.items():
        if tolerance.minimum > 0 and (product := _deemed_product(party, region, han)):
            quantities[product] = tolerance.minimum
    if not quantities:
        return None
    previous = (
        Consignment.objects.filter(order__party=party, location__isnull=False, location__is_active=True)
        .order_by("-order__submission_month", "pk")
        .select_related("location")
        .first()
    )
    today = today_london()
    with transaction.atomic():
        order = Order.objects.create(
            party=party,
            region=region,
            reference=new_reference("CHO"),
            submission_month=month,
            delivery_month=delivery_month,
            status=OrderStatus.DEEMED,
            is_deemed=True,
            is_mandatory=True,
            is_compliant=True,
            compliance={
                h: {
                    "quantity": sum(q for p, q in quantities.items() if p.han_variant == h),
                    "minimum": t.minimum,
                    "maximum": t.maximum,
                    "forecast_10": t.forecast_10,
                    "forecast_7": t.forecast_7,
                    "compliant": True,
                }
                for h, t in tolerances.items()
            },
            submitted_at=now(),
            details_due_on=add_working_days(today, settings.HUBS_DEEMED_ORDER_DETAILS_WORKING_DAYS),
            confirm_by=today + timedelta(days=settings.HUBS_DEEMED_ORDER_CONFIRM_DAYS),
        )
        _create_consignments(
            order,
            [
                ConsignmentInput(
                    location=previous.location if previous else None,
                    delivery_date=None,
                    window_start=None,
                    window_end=None,
                    quantities=quantities,
                )
            ],
            ConsignmentStatus.PLANNED,
        )
        audit.record(
            action="hubs.order_deemed",
            target=order,
            party=party,
            after={"region": region, "quantities": {p.code: q for p, q in quantities.items()}},
        )
        notify_oms(
            party=party,
            subject=f"CH order {order.reference} deemed for {delivery_month:%B %Y}",
            body=(
                "No order arrived although one was mandatory, so the DCC deemed one at the compliant minimum (SEC "
                "F5.13). "
                f"Give Delivery Location details by {order.details_due_on:%d %B %Y} and confirm by "
                f"{order.confirm_by:%d %B %Y}."
            ),
            url=reverse("hubs:order", args=[order.pk]),
        )
    return order


def orders_deem_due(*, today: date | None = None) -> int:
    """After each month's order deadline, deem every mandatory order not placed (F5.13(c); beat, daily).

    Looks at this month and the catch-up months before it (``months_past_deadline``). Idempotent.
    """
    from portal.models import Party

    count = 0
    for month in months_past_deadline(today or today_london()):
        delivery_month = delivery_month_for(month)
        made_in = [add_months(delivery_month, -10), add_months(delivery_month, -7)]
        pairs = list(
            Forecast.objects.filter(submitted_month__in=made_in, is_current=True)
            .order_by()
            .values_list("party_id", "region")
            .distinct()
        )
        parties = Party.objects.in_bulk({p for p, _ in pairs})
        count += sum(order_deem_missing(party=parties[p], region=r, month=month) is not None for p, r in pairs)
    return count


def order_confirm_deemed(*, actor: User, order: Order, details: list[dict]) -> Order:
    """The Party confirms a deemed order's Delivery Location, date and window for each
    Consignment (App H 3.8); the order is then accepted. ``details`` items: consignment, location,
    delivery_date, window_start, window_end. Audit: consignment amendments and the status change."""
    require_ordering(actor)
    require_same_party(actor, order.party)
    with transaction.atomic(durable=True):
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.DEEMED:
            raise ValidationError("Only a deemed order awaiting your details can be confirmed.")
        if order.confirm_by and today_london() > order.confirm_by:
            # App H 3.9: details not confirmed within 30 days of the notice: the Consignments are deemed cancelled.
            raise ValidationError(
                f"The details of deemed order {order.reference} had to be confirmed by {order.confirm_by:%d %B %Y} "
                "(App H 3.9); its Consignments are deemed cancelled."
            )
        errors = []
        pending = {c.pk: c for c in order.consignments.filter(status=ConsignmentStatus.PLANNED)}
        given = {d["consignment"].pk: d for d in details if d["consignment"].pk in pending}
        if set(given) != set(pending):
            errors.append("Give the details of every Consignment of the order.")
        for pk, d in given.items():
            label = f"Consignment {pending[pk].reference}"
            location = d.get("location")
            if location is None or location.party_id != actor.party_id or not location.is_active:
                errors.append(f"{label}: choose one of your active Delivery Locations.")
            errors += consignment_date_errors(
                label=label,
                location=location,
                delivery_date=d.get("delivery_date"),
                delivery_month=order.delivery_month,
                exclude_pks=[pk],
            )
            errors += _window_errors(
                label, ConsignmentInput(location, d.get("delivery_date"), d.get("window_start"), d.get("window_end"))
            )
        if errors:
            raise ValidationError(errors)
        for pk, d in given.items():
            Consignment.objects.filter(pk=pk).update(
                location=d["location"],
                delivery_date=d["delivery_date"],
                window_start=d["window_start"],
                window_end=d["window_end"],
            )
            audit.record(
                action="hubs.consignment_amended",
                actor=actor,
                target=pending[pk],
                party=order.party,
                after={"location": d["location"].pk, "delivery_date": d["delivery_date"]},
            )
        _accept(order, actor=actor, to=OrderStatus.ACCEPTED, reason="deemed order details confirmed (App H 3.8)")
    return order


def orders_deemed_expire(*, today: date | None = None) -> int:
    """Deemed orders not confirmed within 30 days: their Consignments are deemed cancelled (App H 3.9, F5.19)."""
    today = today or today_london()
    count = 0
    for order in Order.objects.filter(status=OrderStatus.DEEMED, confirm_by__lt=today):
        with transaction.atomic():
            for consignment in order.consignments.filter(status=ConsignmentStatus.PLANNED):
                consignment_move(
                    consignment=consignment,
                    to=ConsignmentStatus.DEEMED_CANCELLED,
                    actor=None,
                    reason="deemed order not confirmed within 30 days (App H 3.9)",
                )
            order_move(order=order, to=OrderStatus.CANCELLED, actor=None, reason="deemed cancelled (App H 3.9)")
            notify_oms(
                party=order.party,
                subject=f"CH order {order.reference}: Consignments deemed cancelled",
                body=(
                    "The deemed order's details were not confirmed within 30 days (App H 3.9); cancellation costs "
                    "apply (F5.19)."
                ),
                url=reverse("hubs:order", args=[order.pk]),
            )
        count += 1
    return count


__all__ = [
    "ConsignmentInput",
    "OrderPreview",
    "consignment_date_errors",
    "forecast_deem",
    "forecast_submit",
    "forecasts_deem_due",
    "location_create",
    "location_deactivate",
    "location_update",
    "order_acknowledge",
    "order_confirm_deemed",
    "order_decide",
    "order_deem_missing",
    "order_preview",
    "order_submit",
    "orders_deem_due",
    "orders_deemed_expire",
]
