"""Fixtures of the DUIS gateway tests (the devices fixtures apply too)."""

import pytest

from devices.services import duis_credentials, duis_gateway
from tests.devices.conftest import IS_ID
from tests.support.duis import issue_certificate


@pytest.fixture(autouse=True)
def _fresh_dcc_credential(db):
    """Every answer is signed by the DCC's key, issued by our CAs on first use; no signer cached."""
    from smki.services import authority_hierarchy_bootstrap

    authority_hierarchy_bootstrap()
    duis_credentials.forget()
    duis_gateway.forget_signers()
    yield
    duis_credentials.forget()
    duis_gateway.forget_signers()


@pytest.fixture
def xml_signer(supplier_party, dcc_party):
    """The supplier's XmlSign credential for its Import Supplier User ID."""
    return issue_certificate(party=supplier_party, user_id=IS_ID)


@pytest.fixture
def post_duis(client, dcc_party):
    """``post_duis(service_letter, xml_bytes)`` -> the Django test response (no authentication)."""

    def post(service: str, data: bytes, content_type: str = "application/xml"):
        return client.post(f"/api/v1/service{service}", data=data, content_type=content_type)

    return post


@pytest.fixture
def live(home, ssi_user, gas_user, send, critical):
    """A home with the CH powered and both meters on the HAN and commissioned (through the JSON API)."""
    from devices.services.faults import hub_power_on
    from tests.devices.conftest import GS_ID, drain

    hub_power_on(actor=ssi_user, device_id=home.chf.device_id)
    send(ssi_user, IS_ID, home.chf, "8.11", {"device_id": home.esme.device_id, "mpxn": home.mpan})
    send(gas_user, GS_ID, home.chf, "8.11", {"device_id": home.gsme.device_id, "mpxn": home.mprn})
    drain()
    critical(ssi_user, IS_ID, home.esme, "8.1.1")
    critical(gas_user, GS_ID, home.gsme, "8.1.1")
    return home
