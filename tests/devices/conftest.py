"""Fixtures of the Service Request tests."""

import pytest

from devices.catalogue_cache import forget
from devices.services.catalogue import catalogue_load
from devices.services.faults import hub_power_on
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


@pytest.fixture
def org_keys(monkeypatch):
    """An Organisation Certificate (ECDSA P-256) per User ID, served where SMKI would serve it.

    ``org_keys.sign(pre_command)`` returns the base64 signature a User would send back.
    """
    import base64
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    class Keys:
        def __init__(self):
            self.keys, self.certs = {}, {}

        def cert_for(self, user_id):
            if user_id not in self.certs:
                key = ec.generate_private_key(ec.SECP256R1())
                name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "02")])
                now = datetime.now(UTC)
                self.keys[user_id] = key
                self.certs[user_id] = (
                    x509.CertificateBuilder()
                    .subject_name(name)
                    .issuer_name(name)
                    .public_key(key.public_key())
                    .serial_number(x509.random_serial_number())
                    .not_valid_before(now - timedelta(days=1))
                    .not_valid_after(now + timedelta(days=365))
                    .sign(key, hashes.SHA256())
                )
            return self.certs[user_id]

        def sign(self, user_id, pre_command, *, wrong=False):
            self.cert_for(user_id)
            payload = base64.b64decode(pre_command["payload"]) + (b"x" if wrong else b"")
            return base64.b64encode(self.keys[user_id].sign(payload, ec.ECDSA(hashes.SHA256()))).decode()

    keys = Keys()
    monkeypatch.setattr("devices.services.signing.certificate_for", keys.cert_for)
    return keys


@pytest.fixture
def critical(api_client_for, send, org_keys):
    """``critical(user, user_id, device, srv, body)``: send, sign the Pre-Command, return; -> RequestID."""
    from devices.models import ServiceRequest

    def do(user, user_id, device, srv, body=None, **extra):
        response, rid = send(user, user_id, device, srv, body, command_variant=4, **extra)
        assert response.status_code == 202, response.json()
        drain()
        sr = ServiceRequest.objects.get(request_id=rid, is_accepted=True)
        assert sr.status == "awaiting_signature", (sr.status, sr.response_code, sr.response_reason)
        signature = org_keys.sign(user_id, sr.pre_command)
        answer = api_client_for(user).post(
            f"/api/v1/service-requests/{rid}/signed-pre-command/",
            {"signature": signature, "command_variant": 5},
            format="json",
        )
        assert answer.status_code == 202, answer.json()
        drain()
        return rid

    return do


@pytest.fixture
def live(home, ssi_user, gas_user, send, critical):
    """A home with the CH powered, the ESME commissioned and the GSME on the HAN and commissioned."""
    hub_power_on(actor=ssi_user, device_id=home.chf.device_id)
    send(ssi_user, IS_ID, home.chf, "8.11", {"device_id": home.esme.device_id, "mpxn": home.mpan})
    send(gas_user, GS_ID, home.chf, "8.11", {"device_id": home.gsme.device_id, "mpxn": home.mprn})
    drain()
    critical(ssi_user, IS_ID, home.esme, "8.1.1")
    critical(gas_user, GS_ID, home.gsme, "8.1.1")
    return home


def dcc_person():
    """A DCC administrator (the back door: fault injection)."""
    from portal.models import Party
    from tests.factories.portal import PartyFactory, UserFactory

    party = Party.objects.filter(is_dcc=True).first() or PartyFactory(dcc=True)
    return UserFactory(party=party, roles=[PortalRole.DCC_ADMINISTRATOR])
