"""Browser: a Supplier commissions a hub and an electricity meter from the SSI."""

import pytest

from devices.models import ServiceRequest
from inventory.models import Device

from .conftest import IS_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _send(pg, device_id: str, srv: str, body: str = "", cv: str = "") -> None:
    pg.goto(pg.base_url + "/service-requests/new/")
    pg.get_by_label("Send as (User ID and Role)").select_option(IS_ID)
    pg.get_by_label("Target Device ID").fill(device_id)
    pg.locator("#id_srv").select_option(srv)
    pg.get_by_label("Body (JSON)").fill(body)
    if cv:
        pg.get_by_label("Command Variant").select_option(cv)
    pg.get_by_role("button", name="Send", exact=True).click()


def test_commission_a_hub_and_an_electricity_meter(page, browser_sign_in, ssi_user, home, org_keys):
    browser_sign_in(page, ssi_user)
    page.goto(page.base_url + "/service-requests/new/")
    page.get_by_label("Target Device ID").fill(home.chf.device_id)
    page.get_by_role("button", name="Power on the hub named above").click()
    page.get_by_text("is powered and on the SM WAN").wait_for()
    assert Device.objects.get(pk=home.chf.pk).smi_status == "commissioned"

    _send(page, home.chf.device_id, "8.11", f'{{"device_id": "{home.esme.device_id}", "mpxn": "{home.mpan}"}}')
    page.get_by_text("Accepted").first.wait_for()
    page.reload()
    page.get_by_text("Completed").first.wait_for()
    assert Device.objects.get(pk=home.esme.pk).smi_status == "installed_not_commissioned"

    _send(page, home.esme.device_id, "8.1.1", "", cv="4")
    page.get_by_role("heading", name="Sign the Pre-Command").wait_for()
    sr = ServiceRequest.objects.get(srv_code="8.1.1", is_accepted=True)
    page.get_by_label("Signature").fill(org_keys.sign(IS_ID, sr.pre_command))
    page.get_by_role("button", name="Return signed Pre-Command").click()
    page.get_by_text("Signed Pre-Command accepted").wait_for()
    page.reload()
    page.get_by_text("Completed").first.wait_for()
    assert Device.objects.get(pk=home.esme.pk).smi_status == "commissioned"
    page.goto(page.base_url + "/service-requests/")
    assert page.get_by_text("8.1.1").count() >= 1
