"""Browser: a Supplier places an order, sees the live tolerance check, and the DCC's delivery
puts the hubs in the SMI; one hub goes back with SR 8.14.3 and an RMA label.

The clock is set to Tuesday 2 March 2027 (a date after today, so browser cookies stay valid):
orders placed then are delivered in August 2027, against forecasts made in October 2026 and
January 2027.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from inventory.hubs.choices import OrderStatus, Region
from inventory.hubs.models import Order
from inventory.models import Device
from tests.factories.hubs import make_forecast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONDON = ZoneInfo("Europe/London")


def test_supplier_orders_through_the_browser(
    page, browser_sign_in, ssi_user, dcc_admin, location, single_band, dual_band, returns_location
):
    for made_in in (date(2026, 10, 1), date(2027, 1, 1)):
        make_forecast(
            party=ssi_user.party, region=Region.NORTH, made_in=made_in, totals={date(2027, 8, 1): 800}, split=(1, 2)
        )
    with time_machine.travel(datetime(2027, 3, 2, 10, 0, tzinfo=LONDON), tick=True):
        browser_sign_in(page, ssi_user)
        page.goto(page.base_url + "/hubs/")
        page.get_by_role("link", name="Place an order").click()
        page.get_by_role("heading", name="Place an order").wait_for()
        page.get_by_label("Delivery Location").first.select_option(label=str(location))
        page.locator("#id_c1_date").fill("2027-08-03")
        page.get_by_label("LRR single band").first.fill("280")
        page.get_by_label("LRR dual band").first.fill("320")
        check = page.get_by_test_id("order-check")
        check.locator("tr[data-han=dual_band]").get_by_text("Compliant").wait_for()
        single_row = check.locator("tr[data-han=single_band]")
        assert "Outside tolerance" in single_row.inner_text()
        assert "320 – 480" in single_row.inner_text()
        page.get_by_label("LRR single band").first.fill("320")
        check.get_by_text("The order is compliant.").wait_for()
        page.screenshot(path="var/test-hubs-order-form.png", full_page=True)
        page.get_by_role("button", name="Submit order").click()
        page.get_by_test_id("order-status").wait_for()
        order = Order.objects.get()
        assert order.status == OrderStatus.ACCEPTED
        assert page.get_by_test_id("order-status").inner_text() == "Accepted (compliant)"
        page.screenshot(path="var/test-hubs-order.png")

        # The DCC records a (small) delivery; the hubs are Pending CHF+GPF pairs in the SMI.
        consignment = order.consignments.get()
        from inventory.hubs import services

        lines = {line.product_id: line.pk for line in consignment.lines.all()}
        services.consignment_deliver(
            actor=dcc_admin, consignment=consignment, delivered={lines[single_band.pk]: 1, lines[dual_band.pk]: 0}
        )
        hub = consignment.hubs.get()
        assert Device.objects.get(device_id=hub.chf_id).smi_status == "pending"

        # The Supplier returns it with a fault (SR 8.14.3) and books an RMA with a label.
        page.goto(page.base_url + f"/hubs/hubs/{hub.pk}/")
        page.get_by_label("Service Request").select_option("8.14.3")
        page.get_by_label("Installation or removal date").fill("2027-03-02")
        page.get_by_label("Return reason (SEC F9.5)").select_option("f")
        page.get_by_label("Fault return type").fill("No power")
        page.get_by_role("button", name="Send").click()
        page.get_by_test_id("hub-status").get_by_text("Removed: awaiting return").wait_for()
        page.get_by_role("link", name="Request an RMA for this hub").click()
        page.get_by_label("DCC Returns Location").select_option(index=1)
        page.get_by_label("Contact phone").fill("0113 496 0000")
        page.get_by_role("button", name="Request RMA").click()
        page.get_by_test_id("label-link").click()
        label = page.get_by_test_id("rma-label")
        label.wait_for()
        assert hub.chf_id in label.inner_text()
        page.screenshot(path="var/test-hubs-rma-label.png", full_page=True)
