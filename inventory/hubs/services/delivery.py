"""Consignments: amendment, cancellation, delivery into the SMI, confirmation or rejection (§2.4-§2.5)."""

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from inventory import services as inventory_services
from portal.models import User
from portal.services import audit
from portal.working_days import LONDON, add_working_days, is_working_day

from ..choices import ORDER_ACCEPTED_STATUSES, ConsignmentStatus, DeliveryGround, HubStatus, OrderStatus, ReturnReason
from ..models import Consignment, ConsignmentLine, Hub
from ..transitions import consignment_move, hubs_move, order_move
from .base import (
    notify_oms,
    now,
    require_dcc,
    require_delivery_returns,
    require_ordering,
    require_same_party,
    today_london,
)
from .diagnosis import returns_record_open
from .ordering import ConsignmentInput, _week_clash, _window_errors, consignment_date_errors

CANCELLABLE = (ConsignmentStatus.PLANNED, ConsignmentStatus.AWAITING_DATE, ConsignmentStatus.SCHEDULED)


def cancellation_deadline(consignment: Consignment) -> datetime | None:
    """F5.19: cancellation must reach the DCC at least 48 hours before the Delivery Date
    (its start, London time: D-HUB-03)."""
    if consignment.delivery_date is None:
        return None
    start = datetime.combine(consignment.delivery_date, time.min, tzinfo=LONDON)
    return start - timedelta(hours=settings.HUBS_CANCELLATION_NOTICE_HOURS)


def consignment_cancel(*, actor: User, consignment: Consignment, reason: str) -> Consignment:
    """Cancel a Consignment at least 48 hours before its Delivery Date (F5.19); the Party bears the
    DCC's reasonable costs. When every Consignment of an order is cancelled, the order is too.
    Audit: status changes. Raises ValidationError (too late, wrong state), NotPermitted."""
    require_ordering(actor)
    require_same_party(actor, consignment.order.party)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the Consignment is cancelled."})
    if consignment.status not in CANCELLABLE:
        raise ValidationError(
            f"Consignment {consignment.reference} is {consignment.get_status_display().lower()} and can no longer be "
            "cancelled."
        )
    deadline = cancellation_deadline(consignment)
    if deadline is not None and now() > deadline:
        raise ValidationError(
            f"Consignment {consignment.reference} is due on {consignment.delivery_date:%A %d %B %Y}; cancellations "
            "must reach the DCC "
            f"at least {settings.HUBS_CANCELLATION_NOTICE_HOURS} hours before the Delivery Date, by "
            f"{deadline.astimezone(LONDON):%d %B %Y %H:%M} (SEC F5.19).",
            code="too_late",
        )
    with transaction.atomic(durable=True):
        consignment_move(
            consignment=consignment,
            to=ConsignmentStatus.CANCELLED,
            actor=actor,
            reason=reason,
            updates={"cancel_reason": reason},
        )
        order = consignment.order
        open_left = order.consignments.exclude(
            status__in=[ConsignmentStatus.CANCELLED, ConsignmentStatus.DEEMED_CANCELLED]
        ).exists()
        if not open_left and order.status != OrderStatus.CANCELLED:
            order_move(order=order, to=OrderStatus.CANCELLED, actor=actor, reason="every Consignment cancelled")
        notify_oms(
            party=order.party,
            subject=f"Consignment {consignment.reference} cancelled",
            body="Cancellation costs reasonably incurred by the DCC go on your next Invoice (SEC F5.19).",
            url=reverse("hubs:order", args=[order.pk]),
        )
    return consignment


def consignment_amend(
    *,
    actor: User,
    consignment: Consignment,
    delivery_date: date,
    window_start: time,
    window_end: time,
    location=None,
    reason: str,
) -> Consignment:
    """The DCC contact amends a Delivery Location, Date or Window (App H 3.16, 3.18 consolidation).
    The same date, window and weekly-visit rules apply. Audit: ``hubs.consignment_amended``."""
    require_dcc(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the Consignment is amended (e.g. the Party's request)."})
    if consignment.status not in (
        ConsignmentStatus.PLANNED,
        ConsignmentStatus.SCHEDULED,
        ConsignmentStatus.AWAITING_DATE,
    ):
        raise ValidationError(
            f"Consignment {consignment.reference} is {consignment.get_status_display().lower()}; it can no longer be "
            "amended."
        )
    location = location or consignment.location
    if location is None or location.party_id != consignment.order.party_id:
        raise ValidationError("Choose a Delivery Location of the ordering Party.")
    label = f"Consignment {consignment.reference}"
    month = consignment.order.delivery_month if not consignment.replaces_id else delivery_date.replace(day=1)
    errors = consignment_date_errors(
        label=label, location=location, delivery_date=delivery_date, delivery_month=month, exclude_pks=[consignment.pk]
    )
    errors += _window_errors(label, ConsignmentInput(location, delivery_date, window_start, window_end))
    if errors:
        raise ValidationError(errors)
    before = {
        "location": consignment.location_id,
        "delivery_date": consignment.delivery_date,
        "window": f"{consignment.window_start}-{consignment.window_end}",
    }
    with transaction.atomic(durable=True):
        Consignment.objects.filter(pk=consignment.pk).update(
            location=location, delivery_date=delivery_date, window_start=window_start, window_end=window_end
        )
        consignment.location, consignment.delivery_date, consignment.window_start, consignment.window_end = (
            location,
            delivery_date,
            window_start,
            window_end,
        )
        audit.record(
            action="hubs.consignment_amended",
            actor=actor,
            target=consignment,
            party=consignment.order.party,
            before=before,
            after={
                "location": location.pk,
                "delivery_date": delivery_date,
                "window": f"{window_start}-{window_end}",
                "reason": reason,
            },
        )
        if consignment.status == ConsignmentStatus.AWAITING_DATE:
            consignment_move(
                consignment=consignment, to=ConsignmentStatus.SCHEDULED, actor=actor, reason="replacement date set"
            )
        notify_oms(
            party=consignment.order.party,
            subject=f"Consignment {consignment.reference} amended: {delivery_date:%d %B %Y}",
            body=reason,
            url=reverse("hubs:order", args=[consignment.order_id]),
        )
    return consignment


def consignment_choose_date(
    *, actor: User, consignment: Consignment, delivery_date: date, window_start: time, window_end: time
) -> Consignment:
    """The Party picks the date of a replacement delivery (F6.13-F6.14): a Working Day at least
    2 Working Days ahead, within Working Hours. Audit: amendment and status change."""
    require_delivery_returns(actor)
    require_same_party(actor, consignment.order.party)
    if consignment.status != ConsignmentStatus.AWAITING_DATE:
        raise ValidationError("Only a replacement awaiting a date can be scheduled here.")
    earliest = add_working_days(today_london(), 2)
    errors = []
    if delivery_date < earliest or not is_working_day(delivery_date):
        errors.append(f"Choose a Working Day on or after {earliest:%d %B %Y}.")
    # App H 3.13 (the replacement's date is a Delivery Date, F6.14): one delivery a week per location.
    elif consignment.location is not None and (
        clash := _week_clash(consignment.location, delivery_date, exclude_pks=[consignment.pk])
    ):
        errors.append(
            f"{consignment.location.name} already has consignment {clash.reference} on {clash.delivery_date:%d %B}; "
            "a location may be delivered to at most once a week (App H 3.13)."
        )
    errors += _window_errors(
        "Replacement", ConsignmentInput(consignment.location, delivery_date, window_start, window_end)
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        Consignment.objects.filter(pk=consignment.pk).update(
            delivery_date=delivery_date, window_start=window_start, window_end=window_end
        )
        consignment.delivery_date, consignment.window_start, consignment.window_end = (
            delivery_date,
            window_start,
            window_end,
        )
        consignment_move(
            consignment=consignment,
            to=ConsignmentStatus.SCHEDULED,
            actor=actor,
            reason=f"replacement on {delivery_date}",
        )
    return consignment


def _hub_id_pairs(count: int) -> list[tuple[str, str]]:
    """Fresh CHF/GPF Device ID pairs: a random even EUI-64 for the CHF, the next value for its GPF."""
    pairs = []
    for _ in range(count):
        base = secrets.randbits(39) * 2
        chf, gpf = base, base + 1

        def fmt(value: int) -> str:
            raw = f"00DB12{value:010X}"
            return "-".join(raw[i : i + 2] for i in range(0, 16, 2))

        pairs.append((fmt(chf), fmt(gpf)))
    return pairs


def consignment_deliver(
    *, actor: User, consignment: Consignment, delivered: dict[int, int] | None = None
) -> Consignment:
    """Record delivery on removal from the vehicle (F6.4): each delivered hub enters the SMI as a
    Pending CHF and GPF of the ordered Device Model, associated with each other (BAD Table 2;
    inventory ``hub_pairs_create``), visible to the receiving Party. ``delivered`` maps
    ConsignmentLine pk to the quantity actually delivered (default: as ordered). The Party then
    has 5 Working Days to confirm or reject. Audit: status change, ``hubs.consignment_delivered``."""
    require_dcc(actor)
    if consignment.status != ConsignmentStatus.SCHEDULED:
        raise ValidationError(
            f"Consignment {consignment.reference} is {consignment.get_status_display().lower()}; only scheduled ones "
            "can be delivered."
        )
    if consignment.order.status not in ORDER_ACCEPTED_STATUSES:
        raise ValidationError(f"Order {consignment.order.reference} is not accepted.")
    lines = list(
        ConsignmentLine.objects.filter(consignment=consignment).select_related("product", "product__device_model")
    )
    delivered = delivered or {}
    if any(q < 0 for q in delivered.values()) or set(delivered) - {line.pk for line in lines}:
        raise ValidationError({"delivered": "Give a non-negative delivered quantity for lines of this Consignment."})
    party = consignment.order.party
    delivered_on = today_london()
    with transaction.atomic(durable=True):
        hubs = []
        for line in lines:
            quantity = delivered.get(line.pk, line.quantity)
            ConsignmentLine.objects.filter(pk=line.pk).update(delivered_quantity=quantity)
            if not quantity:
                continue
            product = line.product
            pairs = inventory_services.hub_pairs_create(
                pairs=_hub_id_pairs(quantity),
                device_model=product.device_model,
                actor=actor,
                region=consignment.order.region,
                wan_variant=product.wan_variant,
                han_variant=product.han_variant,
                for_party=party,
                reason=f"Delivered in Consignment {consignment.reference}",
            )
            hubs += [
                Hub(party=party, consignment=consignment, product=product, chf_id=chf.device_id, gpf_id=gpf.device_id)
                for chf, gpf in pairs
            ]
        Hub.objects.bulk_create(hubs, batch_size=500)
        consignment_move(
            consignment=consignment,
            to=ConsignmentStatus.DELIVERED,
            actor=actor,
            updates={
                "delivered_at": now(),
                "confirmation_due_on": add_working_days(
                    delivered_on, settings.HUBS_DELIVERY_CONFIRMATION_WORKING_DAYS
                ),
            },
        )
        audit.record(
            action="hubs.consignment_delivered",
            actor=actor,
            target=consignment,
            party=party,
            after={"hubs": len(hubs), "chf_ids": [h.chf_id for h in hubs][:50]},
        )
        notify_oms(
            party=party,
            subject=f"Consignment {consignment.reference} delivered: {len(hubs)} Communications Hubs",
            body=(
                f"Confirm or reject the delivery by {consignment.confirmation_due_on:%d %B %Y}; silence means it "
                "complied (SEC F6.7-F6.8)."
            ),
            url=reverse("hubs:consignment", args=[consignment.pk]),
        )
    return consignment


def consignment_confirm(*, actor: User, consignment: Consignment) -> Consignment:
    """The Party confirms the delivery complied (F6.7). Audit: status change."""
    require_delivery_returns(actor)
    require_same_party(actor, consignment.order.party)
    _check_window(consignment)
    with transaction.atomic(durable=True):
        return consignment_move(
            consignment=consignment,
            to=ConsignmentStatus.ACCEPTED,
            actor=actor,
            reason="confirmed compliant",
            updates={"outcome_at": now()},
        )


def _check_window(consignment: Consignment) -> None:
    if consignment.status != ConsignmentStatus.DELIVERED:
        raise ValidationError(
            f"Consignment {consignment.reference} is {consignment.get_status_display().lower()}; there is nothing to "
            "confirm."
        )
    if consignment.confirmation_due_on and today_london() > consignment.confirmation_due_on:
        raise ValidationError(
            f"The confirmation window closed on {consignment.confirmation_due_on:%d %B %Y}; the delivery is deemed "
            "compliant (SEC F6.8)."
        )


def _replacement(consignment: Consignment, actor: User) -> Consignment:
    """F6.13: the DCC delivers replacements; the Party picks the date (awaiting_date)."""
    number = consignment.replacements.count() + 1
    replacement = Consignment.objects.create(
        order=consignment.order,
        reference=f"{consignment.reference}-R{number}",
        location=consignment.location,
        status=ConsignmentStatus.AWAITING_DATE,
        replaces=consignment,
        t1_aerials=consignment.t1_aerials,
        t2_aerials=consignment.t2_aerials,
    )
    for line in consignment.lines.all():
        missing = line.quantity - (line.delivered_quantity or 0)
        quantity = missing if consignment.ground == DeliveryGround.SHORT else line.quantity
        if quantity > 0:
            ConsignmentLine.objects.create(consignment=replacement, product=line.product, quantity=quantity)
    audit.record(
        action="hubs.replacement_created",
        actor=actor,
        target=replacement,
        party=consignment.order.party,
        after={"replaces": consignment.reference},
    )
    return replacement


def consignment_report(*, actor: User, consignment: Consignment, ground: str, notes: str) -> Consignment:
    """Notify a non-compliant delivery on one of the F6.9 grounds. (a) short delivery is not a
    rejection but is replaced; (b) over-delivery is rejected and not replaced; (c) and (d) are
    rejected and replaced (F6.10-F6.14). Rejected hubs await collection by the DCC (reason (h)).
    Audit: status changes, ``hubs.replacement_created``."""
    require_delivery_returns(actor)
    require_same_party(actor, consignment.order.party)
    if ground not in DeliveryGround.values:
        raise ValidationError({"ground": "Choose one of the grounds in SEC F6.9."})
    if not (notes or "").strip():
        raise ValidationError({"notes": "Describe what was wrong."})
    _check_window(consignment)
    with transaction.atomic(durable=True):
        if ground == DeliveryGround.SHORT:
            consignment_move(
                consignment=consignment,
                to=ConsignmentStatus.SHORT,
                actor=actor,
                reason=notes,
                updates={"ground": ground, "outcome_notes": notes, "outcome_at": now()},
            )
        else:
            consignment_move(
                consignment=consignment,
                to=ConsignmentStatus.REJECTED,
                actor=actor,
                reason=notes,
                updates={"ground": ground, "outcome_notes": notes, "outcome_at": now()},
            )
            hubs_move(
                hubs=consignment.hubs.filter(status=HubStatus.DELIVERED),
                to=HubStatus.REJECTED,
                actor=actor,
                reason=f"rejected on delivery, ground ({ground})",
                updates={"return_reason": ReturnReason.REJECTED_ON_DELIVERY},
            )
        if ground != DeliveryGround.OVER:
            _replacement(consignment, actor)
    return consignment


def consignments_deem_accepted(*, today: date | None = None) -> int:
    """F6.8: a delivery not confirmed or rejected within the window is deemed compliant (beat, daily)."""
    today = today or today_london()
    count = 0
    for consignment in Consignment.objects.filter(
        status=ConsignmentStatus.DELIVERED, confirmation_due_on__lt=today
    ).select_related("order"):
        with transaction.atomic():
            consignment_move(
                consignment=consignment,
                to=ConsignmentStatus.ACCEPTED,
                actor=None,
                reason="deemed compliant (SEC F6.8)",
                updates={"outcome_at": now()},
            )
        count += 1
    return count


def rejected_hubs_collect(*, actor: User, consignment: Consignment) -> int:
    """The DCC collected the rejected products of a Consignment (F6.10): they are returned. Audit: hub status."""
    require_dcc(actor)
    with transaction.atomic(durable=True):
        hubs = list(consignment.hubs.filter(status=HubStatus.REJECTED))
        if not hubs:
            raise ValidationError("No rejected hubs await collection in this Consignment.")
        moved = hubs_move(
            hubs=hubs,
            to=HubStatus.RETURNED,
            actor=actor,
            reason="collected after rejection",
            updates={"returned_at": now()},
        )
        for hub in hubs:
            returns_record_open(hub=hub, reason=ReturnReason.REJECTED_ON_DELIVERY, actor=actor)
        return moved


def consignment_estimate_request(*, actor: User, consignment: Consignment) -> Consignment:
    """Ask for a non-binding estimate of cancellation costs (F5.19): not less than 10 Working Days
    before the Delivery Date; the DCC answers not less than 5 Working Days before it.
    Audit: ``hubs.cancellation_estimate_requested``."""
    require_ordering(actor)
    require_same_party(actor, consignment.order.party)
    if consignment.status not in CANCELLABLE or consignment.delivery_date is None:
        raise ValidationError("Only a Consignment with a Delivery Date that can still be cancelled has an estimate.")
    if consignment.estimate_requested_on:
        raise ValidationError(f"An estimate was already requested on {consignment.estimate_requested_on:%d %B %Y}.")
    latest = add_working_days(consignment.delivery_date, -10)
    today = today_london()
    if today > latest:
        raise ValidationError(
            f"Estimates must be requested at least 10 Working Days before the Delivery Date, by {latest:%d %B %Y} "
            "(SEC F5.19)."
        )
    due = add_working_days(consignment.delivery_date, -5)
    with transaction.atomic(durable=True):
        Consignment.objects.filter(pk=consignment.pk).update(estimate_requested_on=today, estimate_due_on=due)
        consignment.estimate_requested_on, consignment.estimate_due_on = today, due
        audit.record(
            action="hubs.cancellation_estimate_requested",
            actor=actor,
            target=consignment,
            party=consignment.order.party,
            after={"due_on": due},
        )
    return consignment


def consignment_estimate_give(*, actor: User, consignment: Consignment, amount, notes: str = "") -> Consignment:
    """The DCC's non-binding cancellation cost estimate (F5.19). Audit: ``hubs.cancellation_estimate_given``."""
    require_dcc(actor)
    if not consignment.estimate_requested_on or consignment.estimate_given_on:
        raise ValidationError("No estimate request is waiting for an answer.")
    if amount is None or amount < 0:
        raise ValidationError({"amount": "Give the estimated cost (not negative)."})
    today = today_london()
    with transaction.atomic(durable=True):
        Consignment.objects.filter(pk=consignment.pk).update(
            estimate_amount=amount, estimate_given_on=today, estimate_notes=notes
        )
        consignment.estimate_amount, consignment.estimate_given_on, consignment.estimate_notes = amount, today, notes
        audit.record(
            action="hubs.cancellation_estimate_given",
            actor=actor,
            target=consignment,
            party=consignment.order.party,
            after={
                "amount": str(amount),
                "late": bool(consignment.estimate_due_on and today > consignment.estimate_due_on),
            },
        )
        notify_oms(
            party=consignment.order.party,
            subject=f"Cancellation cost estimate for {consignment.reference}: GBP {amount}",
            body=notes or "Non-binding estimate (SEC F5.19).",
            url=reverse("hubs:consignment", args=[consignment.pk]),
        )
    return consignment
