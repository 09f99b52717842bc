"""Communications Hub status updates (SR 8.14.1-8.14.4), the 90-day rule, losses, RMAs, recalls (§2.6-§2.8)."""

from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from inventory.choices import SMIStatus
from inventory.models import Device
from portal.models import Party, User
from portal.services import audit
from portal.working_days import add_working_days, add_working_hours, is_working_day, working_days_between

from ..choices import (
    FAULT_RETURN_REASONS,
    LOSS_REASONS,
    NO_FAULT_RETURN_REASONS,
    HubStatus,
    RecallBasis,
    RecallReason,
    RmaStatus,
    StatusUpdateKind,
)
from ..models import Hub, HubStatusUpdate, Recall, RecallItem, ReturnsLocation, Rma
from ..transitions import hubs_move, rma_move
from .base import (
    new_reference,
    notify_oms,
    now,
    require_dcc,
    require_delivery_returns,
    require_same_party,
    today_london,
)
from .diagnosis import returns_record_open

INSTALLED_STATES = (HubStatus.INSTALLED, HubStatus.INSTALLED_NO_WAN)
# Working Days after the event within which each update is due (App I 4.9 for 8.14.2; 9.x and [L1042] for the rest).
DUE_WORKING_DAYS: dict[str, int] = {
    StatusUpdateKind.INSTALL_SUCCESS: 5,
    StatusUpdateKind.INSTALL_NO_WAN: 3,
    StatusUpdateKind.FAULT_RETURN: 5,
    StatusUpdateKind.NO_FAULT_RETURN: 5,
}


_status_update_listeners: list[Callable] = []


def register_status_update_listener(fn: Callable) -> None:
    """Let a higher app react to SR 8.14.x, e.g. the incidents app opening the Incident the DCC raises
    on 8.14.2 'Install No SM WAN' (App I 4.10). ``fn(*, update, actor)`` runs inside the transaction."""
    if fn not in _status_update_listeners:
        _status_update_listeners.append(fn)


def smi_ever_installed(chf_id: str) -> bool:
    """F8.6: whether the CHF ever had SMI Status 'installed not commissioned' or 'commissioned'."""
    wanted = [SMIStatus.INSTALLED_NOT_COMMISSIONED, SMIStatus.COMMISSIONED]
    device = Device.objects.filter(device_id=chf_id).first()
    if device is None:
        return False
    return device.smi_status in wanted or device.status_changes.filter(to_status__in=wanted).exists()


def _update_errors(
    hub: Hub, kind: str, occurred_on: date, return_reason: str, fault_type: str, conditions: dict
) -> list[str]:
    errors = []
    if occurred_on > today_london():
        errors.append("The date cannot be in the future.")
    if kind in (StatusUpdateKind.INSTALL_SUCCESS, StatusUpdateKind.INSTALL_NO_WAN):
        allowed = (
            (HubStatus.DELIVERED, HubStatus.INSTALLED_NO_WAN)
            if kind == StatusUpdateKind.INSTALL_SUCCESS
            else (HubStatus.DELIVERED,)
        )
        if hub.status not in allowed:
            errors.append(
                f"Hub {hub.chf_id} is {hub.get_status_display().lower()}; {StatusUpdateKind(kind).label} does not "
                "apply."
            )
        if kind == StatusUpdateKind.INSTALL_NO_WAN and any(
            conditions.get(k) is None for k in ("metallic_obstruction", "stone_walls", "shared_area")
        ):
            # App I 4.9: state whether each condition exists.
            errors.append(
                "State whether there is a Significant Metallic Obstruction, Substantial Stone Walls, and whether "
                "the CH is in a shared or communal area (App I 4.9)."
            )
        return errors
    if hub.status not in (HubStatus.DELIVERED, *INSTALLED_STATES):
        errors.append(f"Hub {hub.chf_id} is {hub.get_status_display().lower()}; it cannot be notified as removed.")
    if kind == StatusUpdateKind.FAULT_RETURN:
        if not fault_type.strip():
            errors.append("A Fault Return gives the fault return type (App I 9.4).")
        if return_reason not in FAULT_RETURN_REASONS:
            errors.append("A Fault Return gives one of the fault reasons of SEC F9.5: (d), (f), (g), (h) or (i).")
    elif return_reason not in NO_FAULT_RETURN_REASONS:
        errors.append("A No Fault Return gives one of the reasons of SEC F9.5: (a), (b), (c) or (e).")
    return errors


def hub_status_update(
    *,
    actor: User,
    hub: Hub,
    kind: str,
    occurred_on: date,
    return_reason: str = "",
    fault_type: str = "",
    fault_description: str = "",
    metallic_obstruction: bool | None = None,
    stone_walls: bool | None = None,
    shared_area: bool | None = None,
    channel: str = "ssi",
) -> HubStatusUpdate:
    """Record a Communications Hub Status Update SR (8.14.1-8.14.4) and move the hub.

    8.14.1 -> installed; 8.14.2 -> installed, no SM WAN (the DCC then opens an Incident, App I
    4.10); 8.14.3/8.14.4 -> removed and awaiting return, due back within 90 days when the CHF was
    ever installed (F8.6). A late update is accepted and flagged. Audit: ``hubs.status_update``
    plus the hub status change. Raises ValidationError naming each broken rule, NotPermitted.
    """
    require_delivery_returns(actor)
    require_same_party(actor, hub.party)
    if kind not in StatusUpdateKind.values:
        raise ValidationError({"kind": "Choose one of 8.14.1, 8.14.2, 8.14.3 or 8.14.4."})
    conditions = {"metallic_obstruction": metallic_obstruction, "stone_walls": stone_walls, "shared_area": shared_area}
    errors = _update_errors(hub, kind, occurred_on, return_reason, fault_type, conditions)
    if errors:
        raise ValidationError(errors)
    is_late = working_days_between(occurred_on, today_london()) > DUE_WORKING_DAYS[kind]
    with transaction.atomic(durable=True):
        update = HubStatusUpdate.objects.create(
            hub=hub,
            party=actor.party,
            person=actor,
            kind=kind,
            occurred_on=occurred_on,
            submitted_at=now(),
            channel=channel,
            return_reason=return_reason
            if kind in (StatusUpdateKind.FAULT_RETURN, StatusUpdateKind.NO_FAULT_RETURN)
            else "",
            fault_type=fault_type,
            fault_description=fault_description,
            is_late=is_late,
            **(conditions if kind == StatusUpdateKind.INSTALL_NO_WAN else {}),
        )
        if kind == StatusUpdateKind.INSTALL_SUCCESS:
            hubs_move(
                hubs=[hub],
                to=HubStatus.INSTALLED,
                actor=actor,
                reason=kind,
                updates={"ever_installed": True, "installed_on": hub.installed_on or occurred_on},
            )
        elif kind == StatusUpdateKind.INSTALL_NO_WAN:
            hubs_move(
                hubs=[hub],
                to=HubStatus.INSTALLED_NO_WAN,
                actor=actor,
                reason=kind,
                updates={"ever_installed": True, "installed_on": occurred_on},
            )
        else:
            ever = hub.ever_installed or hub.status in INSTALLED_STATES or smi_ever_installed(hub.chf_id)
            # F8.6: the 90-day return obligation applies only to CHs whose CHF was ever installed.
            due = occurred_on + timedelta(days=settings.HUBS_RETURN_DEADLINE_DAYS) if ever else None
            hubs_move(
                hubs=[hub],
                to=HubStatus.AWAITING_RETURN,
                actor=actor,
                reason=kind,
                updates={
                    "ever_installed": ever,
                    "removed_on": occurred_on,
                    "return_due_on": due,
                    "return_reason": return_reason,
                },
            )
        for listener in _status_update_listeners:
            listener(update=update, actor=actor)
        audit.record(
            action="hubs.status_update",
            actor=actor,
            target=hub,
            after={"kind": kind, "occurred_on": occurred_on, "late": is_late, "channel": channel},
        )
    return update


def hubs_deem_lost(*, today: date | None = None) -> int:
    """F8.6 / App I 10.11: a removed hub not returned within 90 days is deemed lost or stolen and
    prevented from connecting to the SM WAN (beat, daily; idempotent)."""
    today = today or today_london()
    hubs = list(
        Hub.objects.filter(
            status__in=[HubStatus.AWAITING_RETURN, HubStatus.RMA_BOOKED], ever_installed=True, return_due_on__lt=today
        ).select_related("party")
    )
    if not hubs:
        return 0
    with transaction.atomic():
        moved = hubs_move(
            hubs=hubs,
            to=HubStatus.LOST,
            actor=None,
            reason="not returned within 90 days of removal (SEC F8.6)",
            updates={"wan_blocked": True},
        )
        for party in {h.party for h in hubs}:
            notify_oms(
                party=party,
                subject="Communications Hubs deemed lost or stolen",
                body=(
                    "Hubs removed more than 90 days ago and not returned are deemed lost or stolen and blocked from "
                    "the SM WAN (SEC F8.6)."
                ),
                url=reverse("hubs:hubs") + "?status=lost",
            )
    return moved


def hub_report_lost(*, actor: User, hub: Hub, reason: str, notes: str) -> Hub:
    """Notify a lost or destroyed hub through the CH Ordering System (F8.17), with reason (d) or (g)."""
    require_delivery_returns(actor)
    require_same_party(actor, hub.party)
    if reason not in LOSS_REASONS:
        raise ValidationError({"reason": "A loss is reason (d) or (g) of SEC F9.5."})
    if not (notes or "").strip():
        raise ValidationError({"notes": "Describe what happened."})
    with transaction.atomic(durable=True):
        hubs_move(
            hubs=[hub],
            to=HubStatus.LOST,
            actor=actor,
            reason=notes,
            updates={"return_reason": reason, "wan_blocked": True},
        )
        # F9.9: a loss or destruction notice opens a returns record like a return does.
        returns_record_open(hub=hub, reason=reason, actor=actor)
    return hub


def rma_earliest_return_date(today: date | None = None) -> date:
    """App I 10.5: the Return Date is a Working Day at least 5 Working Days after the request."""
    return add_working_days(today or today_london(), settings.HUBS_RMA_MIN_WORKING_DAYS)


def rma_request(
    *,
    actor: User,
    hubs: list[Hub],
    location: ReturnsLocation,
    return_date: date,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    pallet_ids: list[str] | None = None,
) -> Rma:
    """Request a Return Material Authorisation (App I 10.5-10.7) for hubs already notified as
    removed (8.14.3/8.14.4). The DCC confirms at once with a booking reference, timeslot and a
    printable label. Audit: ``hubs.rma_requested`` and hub status changes."""
    require_delivery_returns(actor)
    errors = []
    if not hubs:
        errors.append("Choose at least one hub to return.")
    # F8.8: which Device Models the location takes, read once for the whole RMA.
    taken = set(location.products.values_list("pk", flat=True)) if location is not None else set()
    for hub in hubs:
        if hub.party_id != actor.party_id:
            errors.append(f"Hub {hub.chf_id} is not held by {actor.party.name}.")
        elif hub.status != HubStatus.AWAITING_RETURN:
            errors.append(
                f"Hub {hub.chf_id} is {hub.get_status_display().lower()}; send SR 8.14.3 or 8.14.4 before requesting "
                "an RMA (App I 10.5)."
            )
        elif location is not None and hub.product_id not in taken:
            errors.append(
                f"{location.name} does not take {hub.product.name}; choose the Returns Location for that Device "
                "Model (SEC F8.8)."
            )
    if location is None or not location.is_active:
        errors.append("Choose an active DCC Returns Location.")
    earliest = rma_earliest_return_date()
    if return_date < earliest or not is_working_day(return_date):
        errors.append(
            f"The Return Date must be a Working Day at least {settings.HUBS_RMA_MIN_WORKING_DAYS} Working Days after "
            f"today: {earliest:%A %d %B %Y} or later (App I 10.5)."
        )
    if not (contact_name.strip() and contact_email.strip() and contact_phone.strip()):
        errors.append("Give a contact name, email and telephone number (App I 10.5).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(durable=True):
        rma = Rma.objects.create(
            party=actor.party,
            reference=new_reference("RMA"),
            booking_reference=new_reference("BK"),
            location=location,
            return_date=return_date,
            timeslot=settings.HUBS_DEFAULT_DELIVERY_WINDOW,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            pallet_ids=pallet_ids or [],
            requested_by=actor,
        )
        hubs_move(hubs=hubs, to=HubStatus.RMA_BOOKED, actor=actor, reason=f"RMA {rma.reference}", updates={"rma": rma})
        audit.record(
            action="hubs.rma_requested",
            actor=actor,
            target=rma,
            after={"hubs": [h.chf_id for h in hubs], "return_date": return_date, "location": location.pk},
        )
        notify_oms(
            party=actor.party,
            subject=f"RMA {rma.reference} confirmed: booking {rma.booking_reference}",
            body=(
                f"Return to {location.name} on {return_date:%d %B %Y}, {rma.timeslot}. Print the label from the RMA "
                "page (App I 10.13)."
            ),
            url=reverse("hubs:rma", args=[rma.pk]),
        )
    return rma


def rma_cancel(*, actor: User, rma: Rma, reason: str) -> Rma:
    """Withdraw an RMA before its Return Date; its hubs await return again. Audit: status changes."""
    require_delivery_returns(actor)
    require_same_party(actor, rma.party)
    if rma.return_date <= today_london():
        raise ValidationError("The Return Date has come; contact the Service Desk to change it.")
    with transaction.atomic(durable=True):
        rma_move(rma=rma, to=RmaStatus.CANCELLED, actor=actor, reason=reason or "withdrawn")
        hubs_move(
            hubs=list(rma.hubs.filter(status=HubStatus.RMA_BOOKED)),
            to=HubStatus.AWAITING_RETURN,
            actor=actor,
            reason=f"RMA {rma.reference} cancelled",
            updates={"rma": None},
        )
    return rma


def rma_receive(*, actor: User, rma: Rma, received_chf_ids: list[str], discrepancies: str = "") -> Rma:
    """The DCC checks a return against the RMA and signs the Return Delivery Note (App I 10.16-10.19).
    Hubs received are returned; any not received await return again and are recorded as a
    discrepancy. Audit: status changes."""
    require_dcc(actor)
    hubs = list(rma.hubs.filter(status=HubStatus.RMA_BOOKED))
    received = [h for h in hubs if h.chf_id in set(received_chf_ids)]
    unknown = sorted(set(received_chf_ids) - {h.chf_id for h in hubs})
    if unknown:
        raise ValidationError(f"Not on RMA {rma.reference}: {', '.join(unknown)} (App I 10.16).")
    missing = [h for h in hubs if h not in received]
    note = discrepancies.strip()
    if missing:
        note = (note + "\n" if note else "") + "Not received: " + ", ".join(h.chf_id for h in missing)
    with transaction.atomic(durable=True):
        if received:
            for hub in received:
                returns_record_open(hub=hub, reason=hub.return_reason, actor=actor)
            hubs_move(
                hubs=received,
                to=HubStatus.RETURNED,
                actor=actor,
                reason=f"received on RMA {rma.reference}",
                updates={"returned_at": now()},
            )
        if missing:
            hubs_move(
                hubs=missing,
                to=HubStatus.AWAITING_RETURN,
                actor=actor,
                reason=f"missing from RMA {rma.reference}",
                updates={"rma": None},
            )
        rma_move(rma=rma, to=RmaStatus.RECEIVED, actor=actor, updates={"received_at": now(), "discrepancies": note})
        notify_oms(
            party=rma.party,
            subject=f"RMA {rma.reference} received: {len(received)} hub(s)",
            body=note,
            url=reverse("hubs:rma", args=[rma.pk]),
        )
    return rma


def _recall_basis(hub: Hub) -> tuple[str, Party | None]:
    """F8.1: who returns a recalled hub, by its stage."""
    if hub.status == HubStatus.DELIVERED:
        return RecallBasis.ORDERER, hub.consignment.order.party
    if hub.status in INSTALLED_STATES:
        # F8.1(b): the Lead Supplier; the installing Supplier holds the hub in this replica (D-HUB-06).
        return RecallBasis.LEAD_SUPPLIER, hub.party
    return RecallBasis.REMOVER, hub.party


def recall_create(*, actor: User, reason: str, description: str, hubs: list[Hub]) -> Recall:
    """The DCC recalls named hubs (§2.8) and tells each Party which hubs it must return and why;
    returns use SR 8.14.3 with reason (i) (App I 9.7). Audit: ``hubs.recall_created``."""
    require_dcc(actor)
    if reason not in RecallReason.values:
        raise ValidationError({"reason": "Choose Product Recall or Technology Refresh."})
    if not description.strip():
        raise ValidationError({"description": "Describe the recall."})
    unique = {h.pk: h for h in hubs}.values()  # a hub named twice (by CHF ID and by consignment) is recalled once
    eligible = [h for h in unique if h.status in (HubStatus.DELIVERED, *INSTALLED_STATES, HubStatus.AWAITING_RETURN)]
    if not eligible:
        raise ValidationError("None of the named hubs is still in the field: nothing to recall.")
    with transaction.atomic(durable=True):
        recall = Recall.objects.create(
            reference=new_reference("RCL"), reason=reason, description=description, created_by=actor
        )
        items = []
        for hub in eligible:
            basis, party = _recall_basis(hub)
            items.append(RecallItem(recall=recall, hub=hub, responsible_party=party, basis=basis))
        RecallItem.objects.bulk_create(items)
        audit.record(
            action="hubs.recall_created", actor=actor, target=recall, after={"reason": reason, "hubs": len(items)}
        )
        for party in {i.responsible_party for i in items}:
            count = sum(1 for i in items if i.responsible_party == party)
            notify_oms(
                party=party,
                subject=f"Recall {recall.reference}: {count} Communications Hub(s) to return",
                body=f"{RecallReason(reason).label}. Return them with SR 8.14.3 and reason (i) (SEC F8.1, App I 9.7).",
                url=reverse("hubs:recall", args=[recall.pk]),
            )
    return recall


def returns_location_save(*, actor: User, location: ReturnsLocation, products) -> ReturnsLocation:
    """Publish or change a DCC Returns Location: at most two per Region (F8.8).

    Audit: ``hubs.returns_location_saved``."""
    require_dcc(actor)
    others = ReturnsLocation.objects.filter(region=location.region, is_active=True).exclude(pk=location.pk).count()
    if location.is_active and others >= 2:
        raise ValidationError("A Region has at most two Returns Locations (SEC F8.8).")
    location.full_clean()
    with transaction.atomic(durable=True):
        location.save()
        location.products.set(products)
        audit.record(
            action="hubs.returns_location_saved", actor=actor, target=location, after={"region": location.region}
        )
    return location


def rma_late_notice(*, actor: User, rma: Rma, reason: str, eta) -> Rma:
    """Tell the DCC a return will arrive late, with the reason and ETA (App I 10.14). Due at least
    5 Working Hours before the booking time where reasonable: later notices are accepted and flagged.
    Audit: ``hubs.rma_late_notice``."""
    require_delivery_returns(actor)
    require_same_party(actor, rma.party)
    if rma.status != RmaStatus.CONFIRMED:
        raise ValidationError("Only a confirmed RMA can be notified as late.")
    if not (reason or "").strip() or eta is None:
        raise ValidationError("Give the reason and the expected time of arrival (App I 10.14).")
    booking = rma.booking_starts_at()
    if eta <= booking:
        raise ValidationError("The expected arrival is not after the booking time; nothing is late.")
    notified = now()
    short = add_working_hours(notified, 5) > booking
    with transaction.atomic(durable=True):
        Rma.objects.filter(pk=rma.pk).update(
            late_reason=reason, late_eta=eta, late_notified_at=notified, late_notice_short=short, late_accepted=None
        )
        rma.late_reason, rma.late_eta, rma.late_notified_at, rma.late_notice_short, rma.late_accepted = (
            reason,
            eta,
            notified,
            short,
            None,
        )
        audit.record(action="hubs.rma_late_notice", actor=actor, target=rma, after={"eta": eta, "short_notice": short})
    return rma


def rma_late_response(*, actor: User, rma: Rma, able: bool) -> Rma:
    """The DCC confirms whether it is able to accept the late return (App I 10.14).

    Audit: ``hubs.rma_late_response``."""
    require_dcc(actor)
    if rma.late_notified_at is None or rma.late_accepted is not None:
        raise ValidationError("No late-arrival notice is waiting for an answer.")
    with transaction.atomic(durable=True):
        Rma.objects.filter(pk=rma.pk).update(late_accepted=able)
        rma.late_accepted = able
        audit.record(action="hubs.rma_late_response", actor=actor, target=rma, party=rma.party, after={"able": able})
        notify_oms(
            party=rma.party,
            subject=f"RMA {rma.reference}: the DCC is {'able' if able else 'unable'} to accept the late return",
            body="" if able else "Cancel this RMA and request a new booking.",
            url=reverse("hubs:rma", args=[rma.pk]),
        )
    return rma
