"""Browser: an SSI administrator registers a DUIS endpoint, then reads a request's XML exchange."""

import pytest

from devices.models import ServiceRequest
from portal.models import PushEndpoint
from tests.devices.conftest import IS_ID, drain
from tests.factories.devices import next_counter
from tests.factories.portal import give_totp
from tests.support.duis import request_xml, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_a_duis_endpoint_and_read_the_xml_exchange(
    page, browser_sign_in, ssi_admin, live, xml_signer, client
):
    give_totp(ssi_admin)  # SSI administrators sign in with a second factor
    browser_sign_in(page, ssi_admin)
    page.goto(page.base_url + "/admin-ssi/endpoints/")
    page.get_by_label("HTTPS URL").fill("https://supplier.example/duis/receive")
    page.get_by_label("Format").select_option("duis")
    page.get_by_role("button", name="Register").click()
    page.get_by_text("DUIS endpoint registered").wait_for()
    endpoint = PushEndpoint.objects.get(party=ssi_admin.party, is_active=True)
    assert (endpoint.format, endpoint.url) == ("duis", "https://supplier.example/duis/receive")
    page.get_by_role("cell", name="DUIS XML (sr:Response signed by the DCC)").wait_for()

    rid = f"{IS_ID}:{live.esme.device_id}:{next_counter()}"
    answer = client.post(
        "/api/v1/serviceS",
        data=sign(request_xml(rid, "4.1.1", "<sr:ReadInstantaneousImportRegisters/>"), xml_signer),
        content_type="application/xml",
    )
    assert b"<sr:ResponseCode>I99</sr:ResponseCode>" in answer.content
    drain()
    sr = ServiceRequest.objects.get(request_id=rid)
    page.goto(page.base_url + f"/service-requests/{sr.pk}/")
    page.get_by_role("heading", name="DUIS XML exchanged").wait_for()
    exchange = page.locator("#duis-exchange")
    assert "Request (as received)" in exchange.inner_text()
    assert "ReadInstantaneousImportRegisters" in exchange.locator("pre").first.inner_text()
    answer = exchange.locator("details", has_text="Synchronous answer")
    answer.locator("summary").click()
    assert "<sr:ResponseCode>I99</sr:ResponseCode>" in answer.locator("pre").inner_text()
    pushed = exchange.locator("details", has_text="Asynchronous response")
    pushed.locator("summary").click()
    assert "<sr:ResponseCode>I0</sr:ResponseCode>" in pushed.locator("pre").inner_text()
