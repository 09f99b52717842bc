"""Forecasts, orders, tolerances, deemed forecasts and orders (smki-hubs-incidents-coverage.md §2.3-§2.4)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from inventory.hubs import services
from inventory.hubs.choices import ConsignmentStatus, OrderDecision, OrderStatus, Region
from inventory.hubs.constants import add_months
from inventory.hubs.models import Consignment, Forecast, Order
from portal.exceptions import NotPermitted
from portal.models import AuditEvent
from tests.factories.hubs import DeliveryLocationFactory, make_forecast

from .conftest import DELIVERY_MONTH
from .helpers import consignment, place_order

pytestmark = pytest.mark.django_db


def months(total=100, single=60, dual=40):
    return [
        {"total": total, "single_band": single if i < 10 else None, "dual_band": dual if i < 10 else None}
        for i in range(24)
    ]


def test_forecast_submit_stores_24_months_from_month_6(clock, ssi_user):
    forecast = services.forecast_submit(actor=ssi_user, region=Region.NORTH, months=months())
    rows = list(forecast.months.all())
    assert (forecast.submitted_month, forecast.first_month) == (date(2026, 3, 1), date(2026, 9, 1))
    assert [r.index for r in rows] == list(range(1, 25))
    assert rows[-1].month == date(2028, 8, 1)
    assert (rows[9].single_band, rows[9].dual_band, rows[10].single_band) == (60, 40, None)
    assert AuditEvent.objects.filter(action="hubs.forecast_submitted", target_id=str(forecast.pk)).count() == 1


def test_second_forecast_in_month_replaces_the_first(clock, ssi_user):
    first = services.forecast_submit(actor=ssi_user, region=Region.NORTH, months=months())
    second = services.forecast_submit(
        actor=ssi_user, region=Region.NORTH, months=months(total=200, single=100, dual=100)
    )
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (months(total=100, single=60, dual=30), "add up to 90"),
        ([{"total": 1}] * 23, "exactly 24 months"),
        ([{"total": 5, "single_band": None, "dual_band": None}] * 24, "HAN Variant"),
        (months(total=-1, single=0, dual=-1), "negative"),
    ],
)
def test_bad_forecast_changes_nothing(clock, ssi_user, payload, message):
    with pytest.raises(ValidationError) as exc:
        services.forecast_submit(actor=ssi_user, region=Region.NORTH, months=payload)
    assert message in " ".join(exc.value.messages)
    assert Forecast.objects.count() == 0


def test_forecast_after_deadline_is_refused(ssi_user):
    import time_machine

    late = datetime(2026, 3, 25, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(late, tick=False), pytest.raises(ValidationError) as exc:
        services.forecast_submit(actor=ssi_user, region=Region.NORTH, months=months())
    assert "Tuesday 24 March 2026" in exc.value.messages[0]
    assert Forecast.objects.count() == 0


def test_deemed_forecast_follows_f5_6(supplier_party):
    previous = make_forecast(
        party=supplier_party,
        region=Region.NORTH,
        made_in=date(2026, 2, 1),
        totals={add_months(date(2026, 8, 1), i): 100 + i for i in range(24)},
        split=(1, 4),
    )
    deemed = services.forecast_deem(party=supplier_party, region=Region.NORTH, month=date(2026, 3, 1))
    rows = {r.index: r for r in deemed.months.all()}
    prev = {r.month: r for r in previous.months.all()}
    assert deemed.is_deemed
    assert deemed.first_month == date(2026, 9, 1)
    # months 1-23: the previous forecast's corresponding month; month 24: zero
    assert all(rows[i].total == prev[rows[i].month].total for i in range(1, 24))
    assert rows[24].total == 0
    # months 1-9: the previous HAN numbers; month 10: month 9's proportions
    assert (rows[1].single_band, rows[1].dual_band) == (
        prev[date(2026, 9, 1)].single_band,
        prev[date(2026, 9, 1)].dual_band,
    )
    nine = rows[9]
    assert rows[10].single_band == rows[10].total * nine.single_band // (nine.single_band + nine.dual_band)
    assert rows[10].single_band + rows[10].dual_band == rows[10].total
    assert rows[11].single_band is None
    assert services.forecast_deem(party=supplier_party, region=Region.NORTH, month=date(2026, 3, 1)) is None


def test_preview_shows_tolerance_per_han_variant(clock, ssi_user, forecasts, location, single_band, dual_band):
    preview = services.order_preview(
        party=ssi_user.party, region="north", consignments=[consignment(location, {single_band: 280, dual_band: 320})]
    )
    assert preview.delivery_month == DELIVERY_MONTH
    assert preview.errors == []
    single, dual = preview.han["single_band"], preview.han["dual_band"]
    assert (
        single.tolerance.forecast_10,
        single.tolerance.forecast_7,
        single.tolerance.minimum,
        single.tolerance.maximum,
    ) == (400, 400, 320, 480)
    assert (single.quantity, single.compliant, dual.compliant) == (280, False, True)
    assert preview.is_mandatory
    assert not preview.is_compliant
    assert any("outside the compliant range 320-480" in w for w in preview.warnings)


def test_compliant_order_is_acknowledged_and_accepted(
    clock, ssi_user, forecasts, location, single_band, dual_band, django_capture_on_commit_callbacks
):
    order = place_order(ssi_user, location, single_band, dual_band, capture=django_capture_on_commit_callbacks)
    assert (order.status, order.is_compliant, order.delivery_month) == (OrderStatus.ACCEPTED, True, DELIVERY_MONTH)
    assert order.oms_reference.startswith("OMS-")
    assert order.acknowledged_at is not None
    assert order.decision_due_on == date(2026, 3, 10)  # 5 Working Days after Tue 3 March
    assert list(order.consignments.values_list("status", flat=True)) == [ConsignmentStatus.SCHEDULED]


def test_non_compliant_order_awaits_decision_then_dcc_amends(
    clock, ssi_user, dcc_admin, forecasts, location, single_band, dual_band, django_capture_on_commit_callbacks
):
    order = place_order(
        ssi_user, location, single_band, dual_band, single=600, dual=320, capture=django_capture_on_commit_callbacks
    )
    assert order.status == OrderStatus.PENDING_DECISION
    assert order.final_decision_due_on == date(2026, 3, 31)
    assert order.compliance["single_band"] == {
        "quantity": 600,
        "forecast_10": 400,
        "forecast_7": 400,
        "minimum": 320,
        "maximum": 480,
        "compliant": False,
    }
    with pytest.raises(ValidationError):
        services.order_decide(actor=dcc_admin, order=order, decision=OrderDecision.ACCEPT_IN_FULL, reason=" ")
    line = order.consignments.get().lines.get(product=single_band)
    services.order_decide(
        actor=dcc_admin,
        order=order,
        decision=OrderDecision.ACCEPT_AMENDED,
        reason="Capacity",
        quantities={line.pk: 480},
    )
    order.refresh_from_db()
    line.refresh_from_db()
    assert (order.status, order.decision_reason, line.quantity) == (OrderStatus.ACCEPTED_AMENDED, "Capacity", 480)
    assert order.consignments.get().status == ConsignmentStatus.SCHEDULED


def test_dcc_rejects_order_and_cancels_consignments(
    clock, ssi_user, dcc_admin, forecasts, location, single_band, dual_band, django_capture_on_commit_callbacks
):
    order = place_order(
        ssi_user, location, single_band, dual_band, single=600, capture=django_capture_on_commit_callbacks
    )
    services.order_decide(actor=dcc_admin, order=order, decision=OrderDecision.REJECT, reason="Far above forecast")
    order.refresh_from_db()
    assert order.status == OrderStatus.REJECTED
    assert order.consignments.get().status == ConsignmentStatus.CANCELLED


def test_party_cannot_decide_its_own_order(
    clock, ssi_user, forecasts, location, single_band, dual_band, django_capture_on_commit_callbacks
):
    order = place_order(
        ssi_user, location, single_band, dual_band, single=600, capture=django_capture_on_commit_callbacks
    )
    with pytest.raises(NotPermitted):
        services.order_decide(actor=ssi_user, order=order, decision=OrderDecision.ACCEPT_IN_FULL, reason="mine")
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_DECISION


@pytest.mark.parametrize(
    ("quantities", "day", "message"),
    [
        ({"s": 325, "d": 320}, date(2026, 8, 4), "whole number of cartons"),
        ({"s": 330, "d": 330}, date(2026, 8, 4), "complete pallet layers"),
        ({"s": 80, "d": 40}, date(2026, 8, 4), "less than one standard pallet"),
        ({"s": 320, "d": 320}, date(2026, 9, 1), "Delivery Month, August 2026"),
        ({"s": 320, "d": 320}, date(2026, 8, 8), "not a Working Day"),
        ({"s": 320, "d": 320}, date(2026, 8, 31), "not a Working Day"),  # Summer bank holiday
        ({"s": 0, "d": 0}, date(2026, 8, 4), "Auxiliary Equipment only"),
    ],
)
def test_order_breaking_hard_rules_changes_nothing(
    clock, ssi_user, forecasts, location, single_band, dual_band, quantities, day, message
):
    items = [consignment(location, {single_band: quantities["s"], dual_band: quantities["d"]}, day=day, t1=10)]
    items[0].quantities = {p: q for p, q in items[0].quantities.items() if q}
    with pytest.raises(ValidationError) as exc:
        services.order_submit(actor=ssi_user, region="north", consignments=items)
    assert message in " ".join(exc.value.messages)
    assert Order.objects.count() == 0
    assert Consignment.objects.count() == 0


def test_order_window_outside_working_hours_and_three_locations_refused(
    clock, ssi_user, forecasts, location, second_location, single_band, dual_band
):
    third = DeliveryLocationFactory(party=ssi_user.party, name="Hull depot")
    late = consignment(location, {single_band: 160})
    late.window_start, late.window_end = time(17, 0), time(19, 0)
    items = [late, consignment(second_location, {single_band: 160}), consignment(third, {dual_band: 320})]
    with pytest.raises(ValidationError) as exc:
        services.order_submit(actor=ssi_user, region="north", consignments=items)
    text = " ".join(exc.value.messages)
    assert "at most 2 Delivery Locations" in text
    assert "within Working Hours" in text
    assert Order.objects.count() == 0


def test_product_not_offered_in_region_is_refused(clock, ssi_user, forecasts, location, single_band, dual_band):
    with pytest.raises(ValidationError) as exc:
        services.order_submit(actor=ssi_user, region="south", consignments=[consignment(location, {single_band: 160})])
    assert "not orderable in the South Region" in " ".join(exc.value.messages)


def test_one_order_per_region_per_month(clock, ssi_user, forecasts, location, second_location, single_band, dual_band):
    place_order(ssi_user, location, single_band, dual_band)
    with pytest.raises(ValidationError) as exc:
        services.order_submit(
            actor=ssi_user,
            region="north",
            consignments=[consignment(second_location, {single_band: 320, dual_band: 320}, day=date(2026, 8, 12))],
        )
    assert "one order per Region per month" in exc.value.messages[0]
    assert Order.objects.count() == 1


def test_order_after_deadline_is_refused(ssi_user, forecasts, location, single_band, dual_band):
    import time_machine

    late = datetime(2026, 3, 25, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(late, tick=False), pytest.raises(ValidationError) as exc:
        place_order(ssi_user, location, single_band, dual_band)
    assert "deadline" in exc.value.messages[0]
    assert Order.objects.count() == 0


def test_missed_mandatory_order_is_deemed_then_confirmed(
    supplier_party, ssi_user, forecasts, location, single_band, dual_band
):
    import time_machine

    place_month = date(2026, 3, 1)
    with time_machine.travel(datetime(2026, 3, 25, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        # no earlier order: the location is not known, so the deemed order awaits details
        assert services.orders_deem_due() == 1
        order = Order.objects.get(party=supplier_party, submission_month=place_month)
        assert (order.status, order.is_deemed, order.details_due_on, order.confirm_by) == (
            OrderStatus.DEEMED,
            True,
            date(2026, 3, 27),
            date(2026, 4, 24),
        )
        quantities = {line.product.code: line.quantity for line in order.consignments.get().lines.all()}
        assert quantities == {"lrr-sb": 320, "lrr-db": 320}
        assert services.orders_deem_due() == 0  # idempotent
        c = order.consignments.get()
        services.order_confirm_deemed(
            actor=ssi_user,
            order=order,
            details=[
                {
                    "consignment": c,
                    "location": location,
                    "delivery_date": date(2026, 8, 5),
                    "window_start": time(9, 0),
                    "window_end": time(11, 0),
                }
            ],
        )
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
    assert order.consignments.get().status == ConsignmentStatus.SCHEDULED


def test_deeming_jobs_catch_up_on_a_month_they_missed(settings, supplier_party, forecasts, single_band, dual_band):
    """The beat was down from before March's deadline until 2 April: the March order is still deemed."""
    after_the_outage = date(2026, 4, 2)  # April's own deadline is weeks away
    settings.HUBS_DEEMING_CATCH_UP_MONTHS = 0
    assert services.orders_deem_due(today=after_the_outage) == 0
    settings.HUBS_DEEMING_CATCH_UP_MONTHS = 1
    assert services.orders_deem_due(today=after_the_outage) == 1
    assert Order.objects.get(party=supplier_party, is_deemed=True).submission_month == date(2026, 3, 1)
    assert services.orders_deem_due(today=after_the_outage) == 0  # idempotent


def test_forecast_deeming_catches_up_on_the_previous_month(supplier_party):
    make_forecast(
        party=supplier_party,
        region=Region.NORTH,
        made_in=date(2026, 2, 1),
        totals={add_months(date(2026, 8, 1), i): 100 for i in range(24)},
        split=(1, 1),
    )
    assert services.forecasts_deem_due(today=date(2026, 4, 2)) == 1
    deemed = Forecast.objects.get(party=supplier_party, is_deemed=True)
    assert deemed.submitted_month == date(2026, 3, 1)
    assert services.forecasts_deem_due(today=date(2026, 4, 2)) == 0


def test_unconfirmed_deemed_order_is_deemed_cancelled(clock, supplier_party, forecasts, single_band, dual_band):
    order = services.order_deem_missing(party=supplier_party, region="north", month=date(2026, 3, 1))
    assert services.orders_deemed_expire(today=date(2026, 4, 30)) == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.consignments.get().status == ConsignmentStatus.DEEMED_CANCELLED


def test_no_deemed_order_when_minimum_is_zero(supplier_party, single_band):
    assert services.order_deem_missing(party=supplier_party, region="north", month=date(2026, 3, 1)) is None


def test_deemed_order_cannot_be_confirmed_after_30_days(
    supplier_party, ssi_user, forecasts, location, single_band, dual_band
):
    import time_machine

    with time_machine.travel(datetime(2026, 3, 25, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        order = services.order_deem_missing(party=supplier_party, region="north", month=date(2026, 3, 1))
    c = order.consignments.get()
    details = [
        {
            "consignment": c,
            "location": location,
            "delivery_date": date(2026, 8, 5),
            "window_start": time(9, 0),
            "window_end": time(11, 0),
        }
    ]
    # 30 days after the notice is 24 April; the daily sweep has not yet run on the 27th.
    late = datetime(2026, 4, 27, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(late, tick=False), pytest.raises(ValidationError) as exc:
        services.order_confirm_deemed(actor=ssi_user, order=order, details=details)
    assert "App H 3.9" in exc.value.messages[0]
    order.refresh_from_db()
    c.refresh_from_db()
    assert order.status == OrderStatus.DEEMED
    assert (c.location_id, c.delivery_date) == (None, None)


def test_daily_forecast_sweep_visits_each_party_and_region_once(supplier_party):
    """However many earlier forecasts a Party made, the sweep deems one forecast per Region, with the
    same number of queries (the model's ordering must not leak into the DISTINCT)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def sweep(months_back):
        Forecast.objects.all().delete()
        for back in range(1, months_back + 1):
            make_forecast(
                party=supplier_party,
                region=Region.NORTH,
                made_in=add_months(date(2026, 3, 1), -back),
                totals={date(2026, 9, 1): 100},
            )
        with CaptureQueriesContext(connection) as ctx:
            deemed = services.forecasts_deem_due(today=date(2026, 3, 30))
        return deemed, len(ctx.captured_queries)

    # From two months back, so the catch-up month (February) has a forecast in every case.
    one = sweep(2)
    many = sweep(5)
    assert one[0] == many[0] == 1
    assert many[1] == one[1]
