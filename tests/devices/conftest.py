"""Fixtures of the Service Request tests."""

import pytest

from devices.catalogue_cache import forget
from devices.services.catalogue import catalogue_load
from devices.services.pipeline import service_requests_process_due
from portal.choices import PortalRole, UserRole
from tests.factories.devices import build_home, request_id
from tests.factories.portal import PartyFactory, PartyUserRoleFactory

IS_ID = "90-B3-D5-1F-30-01-00-01"  # supplier_party's Import Supplier User ID
ES_ID = "90-B3-D5-1F-30-01-00-02"
GS_ID = "90-B3-D5-1F-30-02-00-01"  # other_party's Gas Supplier User ID
ED_ID = "90-B3-D5-1F-30-03-00-01"
OU_ID = "90-B3-D5-1F-30-05-00-01"


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.DEVICES_GSME_WAKE_INTERVAL_SECONDS = 0
    settings.DEVICES_ON_DEMAND_RETRY_SECONDS = 0
    settings.DEVICES_KICK_INTERVAL_SECONDS = 0
    forget()
    yield
    forget()


@pytest.fixture
def catalogue(db):
    return catalogue_load()


@pytest.fixture
def network_party(db):
    party = PartyFactory(name="Pennine Power Networks", code="pennine")
    PartyUserRoleFactory(party=party, role=UserRole.ELECTRICITY_DISTRIBUTOR, user_id=ED_ID)
    return party


@pytest.fixture
def other_user_party(db):
    party = PartyFactory(name="Switch Advice Ltd", code="switchadvice")
    PartyUserRoleFactory(party=party, role=UserRole.OTHER_USER, user_id=OU_ID)
    return party


@pytest.fixture
def home(catalogue, supplier_party, other_party, network_party):
    return build_home(supplier=supplier_party, gas_supplier=other_party, distributor=network_party)


@pytest.fixture
def gas_user(other_user):
    return other_user


@pytest.fixture
def dcc_staff(make_person, dcc_party):
    return make_person(dcc_party, PortalRole.DCC_ADMINISTRATOR, email="backdoor@dcc.test")


def drain(now=None) -> int:
    """Run the pipeline until nothing is due (what the workers do)."""
    total = 0
    for _ in range(50):
        done = service_requests_process_due(limit=200, now=now)
        total += done
        if not done:
            return total
    raise AssertionError("pipeline did not settle")


@pytest.fixture
def send(api_client_for):
    """``send(user, user_id, device, srv, body=None, **extra)`` -> (HTTP response, RequestID)."""

    def do(user, user_id, device, srv, body=None, **extra):
        rid = request_id(user_id, device.device_id if hasattr(device, "device_id") else device)
        payload = {"request_id": rid, "srv": srv, "body": body or {}, **extra}
        response = api_client_for(user).post("/api/v1/service-requests/", payload, format="json")
        return response, rid

    return do
