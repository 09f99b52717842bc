"""Status changes of orders, consignments, hubs and RMAs (STYLE rule 7: the only place a status changes).

Order (F5.16, F5.17, App H 3.6-3.9)::

    submitted --acknowledge--> acknowledged --compliant--> accepted
                                            --not compliant--> pending_decision
    pending_decision --DCC--> accepted_in_full | accepted_amended | rejected
    deemed --details confirmed--> accepted
    any open order --all consignments cancelled--> cancelled

Consignment (F5.19, F6)::

    planned --order accepted--> scheduled --delivered--> delivered --confirm / 5 WD silence--> accepted
                                                                  --ground (a)--> short  --ground (b)-(d)--> rejected
    awaiting_date (replacement) --date chosen--> scheduled
    planned | awaiting_date | scheduled --cancel >= 48 h before--> cancelled
    planned --30 days unconfirmed--> deemed_cancelled

Hub (F8, App I 9-10)::

    delivered --8.14.1--> installed; --8.14.2--> installed_no_wan --8.14.1--> installed
    delivered | installed | installed_no_wan --8.14.3/8.14.4--> awaiting_return
    awaiting_return --RMA--> rma_booked --received--> returned;  rma_booked --RMA cancelled--> awaiting_return
    delivered --rejected on delivery--> rejected --collected--> returned
    delivered | installed | installed_no_wan | awaiting_return | rma_booked --lost / 90 days--> lost

RMA:: confirmed --received--> received;  confirmed --cancel--> cancelled

Returns record (F9.9-F9.14)::

    open --notice--> under_analysis --report--> report_issued --objection--> disputed --Panel--> closed
    open --10 days silent--> closed;  under_analysis --agrees / 35 days silent--> closed
    report_issued --35 days without objection--> closed
"""

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from portal.exceptions import InvalidTransition
from portal.models import Party, User
from portal.services import audit
from portal.transitions import compare_and_set

from .choices import ConsignmentStatus as C
from .choices import HubStatus as H
from .choices import OrderStatus as O
from .choices import ReturnsRecordStatus as RR
from .choices import RmaStatus as R
from .models import Consignment, Hub, Order, ReturnsRecord, Rma

_OPEN_ORDER = {O.CANCELLED}
ORDER_TRANSITIONS: Mapping[str, frozenset[str]] = {
    O.SUBMITTED: frozenset({O.ACKNOWLEDGED, *_OPEN_ORDER}),
    O.ACKNOWLEDGED: frozenset({O.ACCEPTED, O.PENDING_DECISION, *_OPEN_ORDER}),
    O.PENDING_DECISION: frozenset({O.ACCEPTED_IN_FULL, O.ACCEPTED_AMENDED, O.REJECTED, *_OPEN_ORDER}),
    O.DEEMED: frozenset({O.ACCEPTED, *_OPEN_ORDER}),
    O.ACCEPTED: frozenset(_OPEN_ORDER),
    O.ACCEPTED_IN_FULL: frozenset(_OPEN_ORDER),
    O.ACCEPTED_AMENDED: frozenset(_OPEN_ORDER),
    O.REJECTED: frozenset(),
    O.CANCELLED: frozenset(),
}

CONSIGNMENT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    C.PLANNED: frozenset({C.SCHEDULED, C.CANCELLED, C.DEEMED_CANCELLED}),
    C.AWAITING_DATE: frozenset({C.SCHEDULED, C.CANCELLED}),
    C.SCHEDULED: frozenset({C.DELIVERED, C.CANCELLED}),
    C.DELIVERED: frozenset({C.ACCEPTED, C.SHORT, C.REJECTED}),
    C.ACCEPTED: frozenset(),
    C.SHORT: frozenset(),
    C.REJECTED: frozenset(),
    C.CANCELLED: frozenset(),
    C.DEEMED_CANCELLED: frozenset(),
}

HUB_TRANSITIONS: Mapping[str, frozenset[str]] = {
    H.DELIVERED: frozenset({H.INSTALLED, H.INSTALLED_NO_WAN, H.AWAITING_RETURN, H.REJECTED, H.LOST}),
    H.INSTALLED: frozenset({H.AWAITING_RETURN, H.LOST}),
    H.INSTALLED_NO_WAN: frozenset({H.INSTALLED, H.AWAITING_RETURN, H.LOST}),
    H.AWAITING_RETURN: frozenset({H.RMA_BOOKED, H.LOST}),
    H.RMA_BOOKED: frozenset({H.RETURNED, H.AWAITING_RETURN, H.LOST}),
    H.REJECTED: frozenset({H.RETURNED}),
    H.RETURNED: frozenset(),
    H.LOST: frozenset(),
}

RMA_TRANSITIONS: Mapping[str, frozenset[str]] = {
    R.CONFIRMED: frozenset({R.RECEIVED, R.CANCELLED}),
    R.RECEIVED: frozenset(),
    R.CANCELLED: frozenset(),
}


def order_move(*, order: Order, to: str, actor: User | None, reason: str = "", updates=None) -> Order:
    """Move an order; audit ``hubs.order_status_changed``. Raises InvalidTransition."""
    return compare_and_set(
        obj=order,
        to=to,
        table=ORDER_TRANSITIONS,
        actor=actor,
        action="hubs.order_status_changed",
        reason=reason,
        updates=updates,
    )


def consignment_move(
    *, consignment: Consignment, to: str, actor: User | None, reason: str = "", updates=None
) -> Consignment:
    """Move a consignment; audit ``hubs.consignment_status_changed`` (against the order's Party)."""
    current = consignment.status
    if to not in CONSIGNMENT_TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(
            f"Consignment {consignment.reference} cannot go from {current} to {to}.",
            code="consignment.invalid_transition",
            extra={"from": current, "to": to},
        )
    values = {"status": to, **(updates or {})}
    with transaction.atomic():
        if not Consignment.objects.filter(pk=consignment.pk, status=current).update(
            **values, updated_at=timezone.now()
        ):
            raise InvalidTransition(
                f"Consignment {consignment.reference} changed while you were working on it; reload and try again.",
                code="consignment.concurrent_change",
            )
        for name, value in values.items():
            setattr(consignment, name, value)
        after = {"status": to, **({"reason": reason} if reason else {})}
        audit.record(
            action="hubs.consignment_status_changed",
            actor=actor,
            target=consignment,
            party=consignment.order.party,
            before={"status": current},
            after=after,
        )
    return consignment


def hubs_move(*, hubs: Iterable[Hub], to: str, actor: User | None, reason: str = "", updates=None) -> int:
    """Move several hubs at once (a guarded bulk update: each must be in a state that allows ``to``).

    Raises InvalidTransition naming the first hub that may not move; nothing changes then.
    Audit: one ``hubs.hub_status_changed`` per Party with the CHF IDs moved.
    """
    hubs = list(hubs)
    for hub in hubs:
        if to not in HUB_TRANSITIONS.get(hub.status, frozenset()):
            raise InvalidTransition(
                f"Communications Hub {hub.chf_id} is {hub.get_status_display().lower()} and cannot become "
                f"{H(to).label.lower()}.",
                code="hub.invalid_transition",
                extra={"chf_id": hub.chf_id, "from": hub.status, "to": to},
            )
    values = {"status": to, **(updates or {})}
    with transaction.atomic():
        by_status: dict[str, list[int]] = {}
        for hub in hubs:
            by_status.setdefault(hub.status, []).append(hub.pk)
        moved = 0
        for status, pks in by_status.items():
            moved += Hub.objects.filter(pk__in=pks, status=status).update(**values, updated_at=timezone.now())
        if moved != len(hubs):
            raise InvalidTransition(
                "Some hubs changed while you were working on them; reload and try again.", code="hub.concurrent_change"
            )
        by_party: dict = {}
        for hub in hubs:
            by_party.setdefault(hub.party_id, []).append(hub)
            for name, value in values.items():
                setattr(hub, name, value)
        # One read of the Parties, however many hubs move (callers need not select_related them).
        parties = Party.objects.in_bulk(list(by_party))
        for party_id, items in by_party.items():
            party = parties[party_id]
            audit.record(
                action="hubs.hub_status_changed",
                actor=actor,
                target=items[0] if len(items) == 1 else None,
                target_type="hubs.hub",
                target_id=",".join(str(h.pk) for h in items)[:200],
                target_label=f"{len(items)} hub(s)",
                party=party,
                after={"status": to, "chf_ids": [h.chf_id for h in items], **({"reason": reason} if reason else {})},
            )
    return moved


def rma_move(*, rma: Rma, to: str, actor: User, reason: str = "", updates=None) -> Rma:
    """Move an RMA; audit ``hubs.rma_status_changed``."""
    return compare_and_set(
        obj=rma,
        to=to,
        table=RMA_TRANSITIONS,
        actor=actor,
        action="hubs.rma_status_changed",
        reason=reason,
        updates=updates,
    )


RETURNS_RECORD_TRANSITIONS: Mapping[str, frozenset[str]] = {
    RR.OPEN: frozenset({RR.UNDER_ANALYSIS, RR.CLOSED}),
    RR.UNDER_ANALYSIS: frozenset({RR.REPORT_ISSUED, RR.CLOSED}),
    RR.REPORT_ISSUED: frozenset({RR.DISPUTED, RR.CLOSED}),
    RR.DISPUTED: frozenset({RR.CLOSED}),
    RR.CLOSED: frozenset(),
}


def returns_record_move(
    *, record: ReturnsRecord, to: str, actor: User | None, reason: str = "", updates=None
) -> ReturnsRecord:
    """Move a returns record; audit ``hubs.returns_record_status_changed``."""
    return compare_and_set(
        obj=record,
        to=to,
        table=RETURNS_RECORD_TRANSITIONS,
        actor=actor,
        action="hubs.returns_record_status_changed",
        reason=reason,
        updates=updates,
    )
