"""Delivery into the SMI, acceptance, cancellation, status updates, the 90-day rule, RMAs, recalls (§2.4-§2.8)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from inventory.choices import DeviceType, SMIStatus
from inventory.hubs import services
from inventory.hubs.choices import (
    ConsignmentStatus,
    DeliveryGround,
    HubStatus,
    OrderStatus,
    RecallBasis,
    RecallReason,
    ReturnReason,
    RmaStatus,
)
from inventory.hubs.models import Consignment, Hub, HubStatusUpdate, Rma
from inventory.models import Device
from portal.exceptions import NotPermitted

from .helpers import place_order

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def accepted_order(clock, ssi_user, forecasts, location, single_band, dual_band, django_capture_on_commit_callbacks):
    order = place_order(ssi_user, location, single_band, dual_band, capture=django_capture_on_commit_callbacks)
    assert order.status == OrderStatus.ACCEPTED
    return order


@pytest.fixture
def delivered(accepted_order, dcc_admin, single_band, dual_band):
    consignment = accepted_order.consignments.get()
    lines = {line.product_id: line.pk for line in consignment.lines.all()}
    # A small delivery keeps the test fast: 2 single band and 1 dual band were unloaded.
    with time_machine.travel(datetime(2026, 8, 4, 10, 0, tzinfo=LONDON), tick=False):
        services.consignment_deliver(
            actor=dcc_admin, consignment=consignment, delivered={lines[single_band.pk]: 2, lines[dual_band.pk]: 1}
        )
    consignment.refresh_from_db()
    return consignment


def test_delivery_puts_pending_chf_gpf_pairs_in_the_smi(delivered, supplier_party, single_band):
    hubs = list(delivered.hubs.order_by("product__code"))
    assert delivered.status == ConsignmentStatus.DELIVERED
    assert delivered.confirmation_due_on == date(2026, 8, 11)  # 5 Working Days after Tue 4 August
    assert len(hubs) == 3
    assert {h.party_id for h in hubs} == {supplier_party.pk}
    for hub in hubs:
        chf = Device.objects.get(device_id=hub.chf_id)
        gpf = Device.objects.get(device_id=hub.gpf_id)
        assert (chf.device_type, chf.smi_status, gpf.device_type, gpf.smi_status) == (
            DeviceType.CHF,
            SMIStatus.PENDING,
            DeviceType.GPF,
            SMIStatus.PENDING,
        )
        assert gpf.hub_id == chf.pk  # associated with each other
        assert chf.device_model_id == hub.product.device_model_id
        assert chf.region == "north"
    assert sorted(line.delivered_quantity for line in delivered.lines.all()) == [1, 2]


def test_only_dcc_records_delivery(accepted_order, ssi_user):
    consignment = accepted_order.consignments.get()
    with pytest.raises(NotPermitted):
        services.consignment_deliver(actor=ssi_user, consignment=consignment)
    assert Device.objects.count() == 0
    assert Hub.objects.count() == 0


def test_confirm_delivery(delivered, ssi_user):
    with time_machine.travel(datetime(2026, 8, 5, 9, 0, tzinfo=LONDON), tick=False):
        services.consignment_confirm(actor=ssi_user, consignment=delivered)
    delivered.refresh_from_db()
    assert delivered.status == ConsignmentStatus.ACCEPTED


def test_silence_is_deemed_compliance(delivered):
    assert services.consignments_deem_accepted(today=date(2026, 8, 11)) == 0
    assert services.consignments_deem_accepted(today=date(2026, 8, 12)) == 1
    delivered.refresh_from_db()
    assert delivered.status == ConsignmentStatus.ACCEPTED


def test_confirmation_after_window_is_refused(delivered, ssi_user):
    with time_machine.travel(datetime(2026, 8, 12, 9, 0, tzinfo=LONDON), tick=False), pytest.raises(ValidationError):
        services.consignment_confirm(actor=ssi_user, consignment=delivered)
    delivered.refresh_from_db()
    assert delivered.status == ConsignmentStatus.DELIVERED


@pytest.mark.parametrize(
    ("ground", "status", "replaced", "hub_status"),
    [
        (DeliveryGround.SHORT, ConsignmentStatus.SHORT, True, HubStatus.DELIVERED),
        (DeliveryGround.OVER, ConsignmentStatus.REJECTED, False, HubStatus.REJECTED),
        (DeliveryGround.DAMAGED, ConsignmentStatus.REJECTED, True, HubStatus.REJECTED),
    ],
)
def test_non_compliant_delivery_grounds(delivered, ssi_user, ground, status, replaced, hub_status):
    with time_machine.travel(datetime(2026, 8, 5, 9, 0, tzinfo=LONDON), tick=False):
        services.consignment_report(actor=ssi_user, consignment=delivered, ground=ground, notes="Checked at the dock")
    delivered.refresh_from_db()
    assert delivered.status == status
    replacements = list(delivered.replacements.all())
    assert bool(replacements) is replaced
    if replaced:
        assert replacements[0].status == ConsignmentStatus.AWAITING_DATE
        quantities = sorted(line.quantity for line in replacements[0].lines.all())
        # short: only what was missing (320-2, 320-1); damaged: the whole Consignment again
        assert quantities == ([318, 319] if ground == DeliveryGround.SHORT else [320, 320])
    assert set(delivered.hubs.values_list("status", flat=True)) == {hub_status}


def test_cancellation_at_least_48_hours_before_delivery(accepted_order, ssi_user):
    consignment = accepted_order.consignments.get()  # due Tuesday 4 August 2026
    with (
        time_machine.travel(datetime(2026, 8, 2, 0, 30, tzinfo=LONDON), tick=False),
        pytest.raises(ValidationError) as exc,
    ):
        services.consignment_cancel(actor=ssi_user, consignment=consignment, reason="Too late")
    assert "48 hours" in exc.value.messages[0]
    consignment.refresh_from_db()
    assert consignment.status == ConsignmentStatus.SCHEDULED
    with time_machine.travel(datetime(2026, 8, 1, 23, 59, tzinfo=LONDON), tick=False):
        services.consignment_cancel(actor=ssi_user, consignment=consignment, reason="Plans changed")
    consignment.refresh_from_db()
    accepted_order.refresh_from_db()
    assert consignment.status == ConsignmentStatus.CANCELLED
    assert accepted_order.status == OrderStatus.CANCELLED


def test_other_party_cannot_cancel(accepted_order, other_user):
    with pytest.raises(NotPermitted):
        services.consignment_cancel(actor=other_user, consignment=accepted_order.consignments.get(), reason="x")


def test_dcc_amends_delivery_date_respecting_rules(accepted_order, dcc_admin):
    consignment = accepted_order.consignments.get()
    with pytest.raises(ValidationError):
        services.consignment_amend(
            actor=dcc_admin,
            consignment=consignment,
            delivery_date=date(2026, 8, 31),
            window_start=time(9),
            window_end=time(10),
            reason="bank holiday",
        )
    services.consignment_amend(
        actor=dcc_admin,
        consignment=consignment,
        delivery_date=date(2026, 8, 6),
        window_start=time(13),
        window_end=time(15),
        reason="Party asked",
    )
    consignment.refresh_from_db()
    assert (consignment.delivery_date, consignment.window_start) == (date(2026, 8, 6), time(13))


def _hub(delivered) -> Hub:
    return delivered.hubs.order_by("pk").first()


def test_install_then_fault_return_starts_90_day_clock(delivered, ssi_user):
    hub = _hub(delivered)
    with time_machine.travel(datetime(2026, 9, 1, 9, 0, tzinfo=LONDON), tick=False):
        services.hub_status_update(actor=ssi_user, hub=hub, kind="8.14.1", occurred_on=date(2026, 9, 1))
        hub.refresh_from_db()
        assert (hub.status, hub.ever_installed) == (HubStatus.INSTALLED, True)
        update = services.hub_status_update(
            actor=ssi_user,
            hub=hub,
            kind="8.14.3",
            occurred_on=date(2026, 9, 1),
            return_reason=ReturnReason.CH_DEFECT,
            fault_type="No power",
        )
    hub.refresh_from_db()
    assert (hub.status, hub.removed_on, hub.return_due_on, hub.return_reason) == (
        HubStatus.AWAITING_RETURN,
        date(2026, 9, 1),
        date(2026, 11, 30),
        "f",
    )
    assert update.is_late is False
    assert services.hubs_deem_lost(today=date(2026, 11, 30)) == 0
    assert services.hubs_deem_lost(today=date(2026, 12, 1)) == 1
    hub.refresh_from_db()
    assert (hub.status, hub.wan_blocked) == (HubStatus.LOST, True)


def test_never_installed_hub_has_no_90_day_rule(delivered, ssi_user):
    hub = _hub(delivered)
    with time_machine.travel(datetime(2026, 8, 20, 9, 0, tzinfo=LONDON), tick=False):
        services.hub_status_update(
            actor=ssi_user, hub=hub, kind="8.14.4", occurred_on=date(2026, 8, 20), return_reason=ReturnReason.OTHER
        )
    hub.refresh_from_db()
    assert (hub.status, hub.return_due_on) == (HubStatus.AWAITING_RETURN, None)
    assert services.hubs_deem_lost(today=date(2027, 6, 1)) == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "8.14.3", "return_reason": "f", "fault_type": ""}, "fault return type"),
        ({"kind": "8.14.3", "return_reason": "e", "fault_type": "x"}, "fault reasons"),
        ({"kind": "8.14.4", "return_reason": "f"}, "No Fault Return"),
        ({"kind": "8.14.2"}, "Significant Metallic Obstruction"),
    ],
)
def test_bad_status_updates_change_nothing(delivered, ssi_user, kwargs, message):
    hub = _hub(delivered)
    with (
        time_machine.travel(datetime(2026, 8, 20, 9, 0, tzinfo=LONDON), tick=False),
        pytest.raises(ValidationError) as exc,
    ):
        services.hub_status_update(actor=ssi_user, hub=hub, occurred_on=date(2026, 8, 19), **kwargs)
    assert message in " ".join(exc.value.messages)
    hub.refresh_from_db()
    assert hub.status == HubStatus.DELIVERED
    assert HubStatusUpdate.objects.count() == 0


def test_late_install_no_wan_is_flagged(delivered, ssi_user):
    hub = _hub(delivered)
    with time_machine.travel(datetime(2026, 8, 20, 9, 0, tzinfo=LONDON), tick=False):
        update = services.hub_status_update(
            actor=ssi_user,
            hub=hub,
            kind="8.14.2",
            occurred_on=date(2026, 8, 13),
            metallic_obstruction=False,
            stone_walls=True,
            shared_area=False,
        )
    hub.refresh_from_db()
    assert update.is_late is True  # 5 Working Days after, more than 3
    assert hub.status == HubStatus.INSTALLED_NO_WAN


def _removed(delivered, user) -> Hub:
    hub = _hub(delivered)
    with time_machine.travel(datetime(2026, 9, 1, 9, 0, tzinfo=LONDON), tick=False):
        services.hub_status_update(
            actor=user, hub=hub, kind="8.14.3", occurred_on=date(2026, 9, 1), return_reason="f", fault_type="Dead"
        )
    hub.refresh_from_db()
    return hub


def test_rma_return_date_must_be_5_working_days_ahead(delivered, ssi_user, returns_location):
    hub = _removed(delivered, ssi_user)
    with time_machine.travel(datetime(2026, 9, 2, 9, 0, tzinfo=LONDON), tick=False):
        with pytest.raises(ValidationError) as exc:
            services.rma_request(
                actor=ssi_user,
                hubs=[hub],
                location=returns_location,
                return_date=date(2026, 9, 8),
                contact_name="Jo",
                contact_email="jo@example.test",
                contact_phone="01",
            )
        assert "Wednesday 09 September 2026" in " ".join(exc.value.messages)
        assert Rma.objects.count() == 0
        rma = services.rma_request(
            actor=ssi_user,
            hubs=[hub],
            location=returns_location,
            return_date=date(2026, 9, 9),
            contact_name="Jo",
            contact_email="jo@example.test",
            contact_phone="01",
            pallet_ids=["P1"],
        )
    hub.refresh_from_db()
    assert rma.status == RmaStatus.CONFIRMED
    assert rma.booking_reference.startswith("BK-")
    assert (hub.status, hub.rma_id) == (HubStatus.RMA_BOOKED, rma.pk)


def test_rma_needs_prior_status_update(delivered, ssi_user, returns_location):
    hub = _hub(delivered)
    with pytest.raises(ValidationError) as exc:
        services.rma_request(
            actor=ssi_user,
            hubs=[hub],
            location=returns_location,
            return_date=date(2027, 1, 4),
            contact_name="Jo",
            contact_email="jo@example.test",
            contact_phone="01",
        )
    assert "send SR 8.14.3 or 8.14.4" in " ".join(exc.value.messages)


def test_dcc_receives_return_and_records_missing_hubs(delivered, ssi_user, dcc_admin, returns_location):
    hub = _removed(delivered, ssi_user)
    second = delivered.hubs.exclude(pk=hub.pk).order_by("pk").first()
    with time_machine.travel(datetime(2026, 9, 1, 12, 0, tzinfo=LONDON), tick=False):
        services.hub_status_update(
            actor=ssi_user, hub=second, kind="8.14.4", occurred_on=date(2026, 9, 1), return_reason="e"
        )
        second.refresh_from_db()
        rma = services.rma_request(
            actor=ssi_user,
            hubs=[hub, second],
            location=returns_location,
            return_date=date(2026, 9, 9),
            contact_name="Jo",
            contact_email="jo@example.test",
            contact_phone="01",
        )
    services.rma_receive(actor=dcc_admin, rma=rma, received_chf_ids=[hub.chf_id], discrepancies="One short")
    hub.refresh_from_db()
    second.refresh_from_db()
    rma.refresh_from_db()
    assert (hub.status, second.status, second.rma_id) == (HubStatus.RETURNED, HubStatus.AWAITING_RETURN, None)
    assert rma.status == RmaStatus.RECEIVED
    assert f"Not received: {second.chf_id}" in rma.discrepancies


def test_recall_names_who_returns_each_hub(delivered, ssi_user, dcc_admin):
    hubs = list(delivered.hubs.order_by("pk"))
    with time_machine.travel(datetime(2026, 9, 1, 9, 0, tzinfo=LONDON), tick=False):
        services.hub_status_update(actor=ssi_user, hub=hubs[1], kind="8.14.1", occurred_on=date(2026, 9, 1))
    recall = services.recall_create(
        actor=dcc_admin, reason=RecallReason.PRODUCT_RECALL, description="Batch fault", hubs=hubs
    )
    basis = {i.hub_id: i.basis for i in recall.items.all()}
    assert basis == {
        hubs[0].pk: RecallBasis.ORDERER,
        hubs[1].pk: RecallBasis.LEAD_SUPPLIER,
        hubs[2].pk: RecallBasis.ORDERER,
    }
    assert {i.responsible_party_id for i in recall.items.all()} == {ssi_user.party_id}


def test_report_lost(delivered, ssi_user):
    hub = _hub(delivered)
    with pytest.raises(ValidationError):
        services.hub_report_lost(actor=ssi_user, hub=hub, reason="f", notes="gone")
    services.hub_report_lost(actor=ssi_user, hub=hub, reason="d", notes="Stolen from van")
    hub.refresh_from_db()
    assert (hub.status, hub.return_reason) == (HubStatus.LOST, "d")


def test_replacement_date_chosen_by_party(delivered, ssi_user):
    with time_machine.travel(datetime(2026, 8, 5, 9, 0, tzinfo=LONDON), tick=False):
        services.consignment_report(
            actor=ssi_user, consignment=delivered, ground=DeliveryGround.DAMAGED, notes="Crushed cartons"
        )
        replacement = Consignment.objects.get(replaces=delivered)
        with pytest.raises(ValidationError):
            services.consignment_choose_date(
                actor=ssi_user,
                consignment=replacement,
                delivery_date=date(2026, 8, 6),
                window_start=time(9),
                window_end=time(10),
            )
        services.consignment_choose_date(
            actor=ssi_user,
            consignment=replacement,
            delivery_date=date(2026, 8, 10),
            window_start=time(9),
            window_end=time(10),
        )
    replacement.refresh_from_db()
    assert replacement.status == ConsignmentStatus.SCHEDULED


def test_daily_sweep_runs_every_step(delivered):
    from inventory.hubs.tasks import hubs_daily

    # Tue 25 August 2026: after the August deadline (Fri 21 August) and the delivery window (11 August).
    with time_machine.travel(datetime(2026, 8, 25, 1, 0, tzinfo=LONDON), tick=False):
        result = hubs_daily()
    assert result == {
        "forecasts_deemed": 2,  # the Party forecast before, but neither in August nor in July (caught up)
        "orders_deemed": 0,
        "deemed_orders_cancelled": 0,
        "deliveries_deemed_accepted": 1,
        "hubs_deemed_lost": 0,
        "returns_records_closed": 0,
    }


def test_cancellation_cost_estimate(accepted_order, ssi_user, dcc_admin):
    from decimal import Decimal

    consignment = accepted_order.consignments.get()  # due Tuesday 4 August 2026
    with (
        time_machine.travel(datetime(2026, 7, 22, 9, 0, tzinfo=LONDON), tick=False),
        pytest.raises(ValidationError) as exc,
    ):
        services.consignment_estimate_request(actor=ssi_user, consignment=consignment)
    assert "by 21 July 2026" in exc.value.messages[0]
    with time_machine.travel(datetime(2026, 7, 21, 9, 0, tzinfo=LONDON), tick=False):
        services.consignment_estimate_request(actor=ssi_user, consignment=consignment)
        assert consignment.estimate_due_on == date(2026, 7, 28)
        with pytest.raises(NotPermitted):
            services.consignment_estimate_give(actor=ssi_user, consignment=consignment, amount=Decimal("10"))
        services.consignment_estimate_give(
            actor=dcc_admin, consignment=consignment, amount=Decimal("1250.00"), notes="Haulier fee"
        )
    consignment.refresh_from_db()
    assert (consignment.estimate_amount, consignment.estimate_given_on) == (Decimal("1250.00"), date(2026, 7, 21))


def test_rma_late_arrival_notice_and_dcc_answer(delivered, ssi_user, dcc_admin, returns_location):
    hub = _removed(delivered, ssi_user)
    with time_machine.travel(datetime(2026, 9, 1, 12, 0, tzinfo=LONDON), tick=False):
        rma = services.rma_request(
            actor=ssi_user,
            hubs=[hub],
            location=returns_location,
            return_date=date(2026, 9, 9),
            contact_name="Jo",
            contact_email="jo@example.test",
            contact_phone="01",
        )
    eta = datetime(2026, 9, 9, 13, 0, tzinfo=LONDON)  # booking 09:00-12:00
    with time_machine.travel(datetime(2026, 9, 8, 9, 0, tzinfo=LONDON), tick=False):
        with pytest.raises(ValidationError):
            services.rma_late_notice(
                actor=ssi_user, rma=rma, reason="Van broke down", eta=datetime(2026, 9, 9, 8, 0, tzinfo=LONDON)
            )
        services.rma_late_notice(actor=ssi_user, rma=rma, reason="Van broke down", eta=eta)
    assert rma.late_notice_short is False  # notified a Working Day ahead of the 09:00 booking
    with time_machine.travel(datetime(2026, 9, 9, 7, 0, tzinfo=LONDON), tick=False):
        services.rma_late_notice(actor=ssi_user, rma=rma, reason="Still broken", eta=eta)
    assert rma.late_notice_short is True
    services.rma_late_response(actor=dcc_admin, rma=rma, able=False)
    rma.refresh_from_db()
    assert (rma.late_accepted, rma.late_reason) == (False, "Still broken")
    with pytest.raises(ValidationError):
        services.rma_late_response(actor=dcc_admin, rma=rma, able=True)


def test_status_update_listeners_run_in_the_transaction(delivered, ssi_user, monkeypatch):
    from inventory.hubs.services import returns

    seen = []
    monkeypatch.setattr(returns, "_status_update_listeners", [])
    services.register_status_update_listener(lambda *, update, actor: seen.append((update.kind, actor)))
    hub = _hub(delivered)
    with time_machine.travel(datetime(2026, 8, 20, 9, 0, tzinfo=LONDON), tick=False):
        services.hub_status_update(
            actor=ssi_user,
            hub=hub,
            kind="8.14.2",
            occurred_on=date(2026, 8, 19),
            metallic_obstruction=False,
            stone_walls=False,
            shared_area=True,
        )
    assert seen == [("8.14.2", ssi_user)]


def test_recall_of_a_hub_named_twice_recalls_it_once(delivered, dcc_admin):
    hubs = list(delivered.hubs.order_by("pk"))
    recall = services.recall_create(
        actor=dcc_admin, reason=RecallReason.PRODUCT_RECALL, description="Batch fault", hubs=[*hubs, hubs[0]]
    )
    assert recall.items.count() == len(hubs)


def test_recall_page_by_chf_id_and_consignment_names_each_hub_once(delivered, dcc_admin, login):
    from inventory.hubs.models import Recall

    first = delivered.hubs.order_by("pk").first()
    response = login(dcc_admin).post(
        "/hubs/recalls/new/",
        {
            "reason": RecallReason.PRODUCT_RECALL,
            "description": "Batch fault",
            "chf_ids": first.chf_id,
            "consignment": delivered.reference,
        },
    )
    assert response.status_code == 302
    assert Recall.objects.get().items.count() == delivered.hubs.count()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("chf_ids", "00-DB-99-99-99-99-99-99", "Unknown CHF IDs"),
        ("consignment", "CHO-NOPE-1", "No hubs were delivered"),
    ],
)
def test_recall_page_with_unknown_hubs_recalls_nothing(delivered, dcc_admin, login, field, value, message):
    from inventory.hubs.models import Recall

    first = delivered.hubs.order_by("pk").first()
    data = {"reason": RecallReason.PRODUCT_RECALL, "description": "Batch fault", "chf_ids": first.chf_id}
    data[field] = value if field == "consignment" else f"{first.chf_id}\n{value}"
    response = login(dcc_admin).post("/hubs/recalls/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Recall.objects.count() == 0


def test_recall_api_with_unknown_chf_id_recalls_nothing(delivered, dcc_admin, api_client_for):
    from inventory.hubs.models import Recall

    first = delivered.hubs.order_by("pk").first()
    response = api_client_for(dcc_admin).post(
        "/api/v1/hubs/recalls/",
        {"recall_reason": "product_recall", "description": "x", "chf_ids": [first.chf_id, "00-DB-99-99-99-99-99-99"]},
        format="json",
    )
    assert response.status_code == 400
    assert "00-DB-99-99-99-99-99-99" in response.json()["detail"]
    assert Recall.objects.count() == 0


def test_rma_checks_the_returns_location_once_not_per_hub(delivered, ssi_user, returns_location):
    """The queries of an RMA do not grow with the number of hubs on it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hubs = list(delivered.hubs.order_by("pk"))
    with time_machine.travel(datetime(2026, 9, 1, 9, 0, tzinfo=LONDON), tick=False):
        for hub in hubs:
            services.hub_status_update(
                actor=ssi_user, hub=hub, kind="8.14.3", occurred_on=date(2026, 9, 1), return_reason="f", fault_type="x"
            )
    hubs = list(Hub.objects.filter(pk__in=[h.pk for h in hubs]))

    def request(chosen):
        with CaptureQueriesContext(connection) as ctx:
            services.rma_request(
                actor=ssi_user,
                hubs=chosen,
                location=returns_location,
                return_date=date(2026, 9, 9),
                contact_name="Jo",
                contact_email="jo@example.test",
                contact_phone="01",
            )
        return len(ctx.captured_queries)

    with time_machine.travel(datetime(2026, 9, 2, 9, 0, tzinfo=LONDON), tick=False):
        one = request(hubs[:1])
        many = request(hubs[1:])
    assert len(hubs[1:]) >= 2
    assert many == one


def test_replacement_date_keeps_one_delivery_a_week_per_location(delivered, ssi_user):
    """App H 3.13: the location already took a delivery on Tuesday 4 August, so Friday 7 August is refused."""
    with time_machine.travel(datetime(2026, 8, 5, 9, 0, tzinfo=LONDON), tick=False):
        services.consignment_report(
            actor=ssi_user, consignment=delivered, ground=DeliveryGround.DAMAGED, notes="Crushed cartons"
        )
        replacement = Consignment.objects.get(replaces=delivered)
        with pytest.raises(ValidationError) as exc:
            services.consignment_choose_date(
                actor=ssi_user,
                consignment=replacement,
                delivery_date=date(2026, 8, 7),
                window_start=time(9),
                window_end=time(10),
            )
    assert "App H 3.13" in exc.value.messages[0]
    replacement.refresh_from_db()
    assert (replacement.status, replacement.delivery_date) == (ConsignmentStatus.AWAITING_DATE, None)


def test_hub_list_filters_by_device_model_name_and_date(delivered, ssi_user, single_band, login):
    client = login(ssi_user)
    page = client.get("/hubs/hubs/").content.decode()
    assert f'<option value="{single_band.pk}">{single_band.name}</option>' in page
    assert 'type="date" name="return_due_before"' in page
    assert 'type="hidden" name="consignment_id"' in page
    response = client.get("/hubs/hubs/", {"product_id": single_band.pk, "export": "csv"})
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert len(rows) - 1 == delivered.hubs.filter(product=single_band).count() == 2
