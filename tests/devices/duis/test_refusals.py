"""Bad input at the DUIS web services: each is refused with its code and nothing runs.

"Nothing stored beyond the audit record": a transport failure leaves nothing at all; a refusal
before the sender is authenticated (or before its request is translated) leaves one audit event
``devices.duis_refused`` and no request; a request the submission checks refuse is kept as a
rejected request, the audit trail of Service Requests, and never reaches a device.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from devices.models import DuisMessage, EmulatedDevice, ServiceRequest
from devices.services import duis_gateway
from portal.models import AuditEvent, OutboxMessage
from smki.choices import CertificateStatus, RemotePartyRole
from tests.devices.conftest import GS_ID, IS_ID
from tests.factories.devices import next_counter
from tests.support.duis import issue_certificate, parse_answer, request_xml, sign

pytestmark = pytest.mark.django_db

READ = "<sr:ReadInstantaneousImportRegisters/>"


def _rid(device_id: str) -> str:
    return f"{IS_ID}:{device_id}:{next_counter()}"


def _nothing_ran(before_audit: int, *, audited: bool = True) -> None:
    assert not ServiceRequest.objects.exists()
    assert not DuisMessage.objects.exists()
    assert not OutboxMessage.objects.filter(kind="service_response").exists()
    refused = AuditEvent.objects.filter(action="devices.duis_refused").count()
    assert refused == before_audit + (1 if audited else 0)


@pytest.fixture
def audited():
    return AuditEvent.objects.filter(action="devices.duis_refused").count


@pytest.mark.parametrize(
    ("data", "status", "reason"),
    [
        (b"<sr:Request", 400, "not well-formed XML"),
        (b"   ", 400, "empty"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><sr:Request xmlns:sr="x">&lol3;</sr:Request>',
            400,
            "DOCTYPE",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway">&xxe;</sr:Request>',
            400,
            "DOCTYPE",
        ),
        (b"<a>" * 60 + b"</a>" * 60, 400, "deeper than"),
    ],
)
def test_transport_failures_are_plain_text_and_store_nothing(post_duis, audited, data, status, reason):
    before = audited()
    response = post_duis("S", data)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/plain")
    assert reason in response.content.decode()
    _nothing_ran(before, audited=False)


def test_wrong_content_type_method_and_size(post_duis, client, settings, audited):
    before = audited()
    assert post_duis("S", b"<x/>", content_type="application/json").status_code == 415
    assert client.get("/api/v1/serviceS").status_code == 405
    settings.DUIS_MAX_REQUEST_BYTES = 100
    assert post_duis("S", b"<x>" + b" " * 200 + b"</x>").status_code == 413
    _nothing_ran(before, audited=False)


def test_wrong_namespace_is_e11(post_duis, audited):
    before = audited()
    response = post_duis("S", b'<Request xmlns="urn:not-duis"><Header/></Request>')
    assert (response.status_code, parse_answer(response.content)["code"]) == (200, "E11")
    _nothing_ran(before)


def test_missing_header_element_is_e11(home, post_duis, xml_signer, audited):
    before = audited()
    xml = request_xml(_rid(home.esme.device_id), "4.1.1", READ).replace(
        b"<sr:CommandVariant>1</sr:CommandVariant>", b""
    )
    answer = parse_answer(post_duis("S", sign(xml, xml_signer)).content)
    assert answer["code"] == "E11"
    _nothing_ran(before)


def test_schema_violation_is_e11(home, post_duis, xml_signer, settings, audited):
    from tests.support.dcc_tools import duis_schema_path

    settings.DUIS_XSD_PATH = str(duis_schema_path())
    before = audited()
    bad_body = "<sr:TopUpDevice><sr:UTRN>not-a-utrn</sr:UTRN></sr:TopUpDevice>"
    answer = parse_answer(
        post_duis("S", sign(request_xml(_rid(home.esme.device_id), "2.2", bad_body), xml_signer)).content
    )
    assert answer["code"] == "E11"
    _nothing_ran(before)
    event = AuditEvent.objects.filter(action="devices.duis_refused").latest("pk")
    assert "schema" in event.after["reason"]


def test_unsigned_request_is_e1(home, post_duis, xml_signer, audited):
    before = audited()
    answer = parse_answer(post_duis("S", request_xml(_rid(home.esme.device_id), "4.1.1", READ)).content)
    assert answer["code"] == "E1"
    _nothing_ran(before)


def test_body_tampered_after_signing_is_e1(home, post_duis, xml_signer, audited):
    before = audited()
    signed = sign(
        request_xml(
            _rid(home.esme.device_id),
            "3.1",
            "<sr:DisplayMessage><sr:SupplierMessage>Hello</sr:SupplierMessage></sr:DisplayMessage>",
        ),
        xml_signer,
    )
    answer = parse_answer(post_duis("S", signed.replace(b"Hello", b"Pay up")).content)
    assert answer["code"] == "E1"
    _nothing_ran(before)
    assert (
        "changed after signing"
        in AuditEvent.objects.filter(action="devices.duis_refused").latest("pk").after["reason"]
    )


def test_another_partys_key_is_e1(home, post_duis, other_party, audited):
    """Dales signs a request that claims Northern Lights' User ID as its originator."""
    dales_key = issue_certificate(party=other_party, user_id=GS_ID)
    before = audited()
    answer = parse_answer(
        post_duis("S", sign(request_xml(_rid(home.esme.device_id), "4.1.1", READ), dales_key)).content
    )
    assert answer["code"] == "E1"
    _nothing_ran(before)


def test_a_key_that_is_not_xml_sign_is_e1(home, post_duis, supplier_party, audited):
    digital_signing = issue_certificate(party=supplier_party, user_id=IS_ID, role_code=RemotePartyRole.SUPPLIER)
    before = audited()
    answer = parse_answer(
        post_duis("S", sign(request_xml(_rid(home.esme.device_id), "4.1.1", READ), digital_signing)).content
    )
    assert answer["code"] == "E1"
    _nothing_ran(before)


@pytest.mark.parametrize("problem", ["revoked", "expired", "not_in_use"])
def test_revoked_or_expired_certificate_is_e1(home, post_duis, xml_signer, audited, problem):
    from smki.models import Certificate

    if problem == "expired":
        Certificate.objects.filter(pk=xml_signer.certificate.pk).update(not_after=timezone.now() - timedelta(days=1))
    else:
        status = CertificateStatus.REVOKED if problem == "revoked" else CertificateStatus.NOT_IN_USE
        Certificate.objects.filter(pk=xml_signer.certificate.pk).update(status=status)
    before = audited()
    answer = parse_answer(
        post_duis("S", sign(request_xml(_rid(home.esme.device_id), "4.1.1", READ), xml_signer)).content
    )
    assert answer["code"] == "E1"
    _nothing_ran(before)


def test_a_revocation_takes_effect_once_the_cached_signer_expires(home, post_duis, xml_signer, settings, monkeypatch):
    """Who may sign is cached briefly (D-DUIS-18); the signature is still verified every time."""
    from smki.models import Certificate

    settings.DUIS_CERTIFICATE_CACHE_SECONDS = 60
    now = [1000.0]
    monkeypatch.setattr(duis_gateway, "_monotonic", lambda: now[0])
    read = lambda: parse_answer(  # noqa: E731
        post_duis("S", sign(request_xml(_rid(home.esme.device_id), "4.1.1", READ), xml_signer)).content
    )
    assert read()["code"] != "E1"
    Certificate.objects.filter(pk=xml_signer.certificate.pk).update(status=CertificateStatus.REVOKED)
    assert read()["code"] != "E1"  # within the cache's life
    display = "<sr:DisplayMessage><sr:SupplierMessage>Hello</sr:SupplierMessage></sr:DisplayMessage>"
    tampered = sign(request_xml(_rid(home.esme.device_id), "3.1", display), xml_signer).replace(b"Hello", b"Pay up")
    assert parse_answer(post_duis("S", tampered).content)["code"] == "E1"
    now[0] += 61
    assert read()["code"] == "E1"


def test_replayed_counter_is_e12_and_runs_once(live, post_duis, xml_signer):
    rid = _rid(live.esme.device_id)
    first = sign(request_xml(rid, "4.1.1", READ), xml_signer)
    assert parse_answer(post_duis("S", first).content)["code"] == "I99"
    executed = ServiceRequest.objects.filter(request_id=rid, is_accepted=True).count()
    replay = parse_answer(post_duis("S", first).content)
    assert replay["code"] == "E12"
    assert ServiceRequest.objects.filter(request_id=rid, is_accepted=True).count() == executed == 1
    rejected = ServiceRequest.objects.get(request_id=rid, is_accepted=False)
    assert (rejected.status, rejected.response_code, rejected.sent_at) == ("rejected", "E12", None)


def test_unknown_srv_is_e11_and_a_missing_one_e13(home, post_duis, xml_signer, audited):
    before = audited()
    unknown = sign(request_xml(_rid(home.esme.device_id), "99.9", "<sr:ReadNothing/>"), xml_signer)
    assert parse_answer(post_duis("S", unknown).content)["code"] == "E11"
    later = sign(
        request_xml(_rid(home.esme.device_id), "7.14", "<sr:ReadAuxiliaryControllerConfigurationData/>"), xml_signer
    )
    assert parse_answer(post_duis("S", later).content)["code"] == "E13"  # in DUIS, not yet in our catalogue
    assert not ServiceRequest.objects.exists()
    assert audited() == before + 2


def test_wrong_command_variant_for_the_srv_or_the_service(home, post_duis, xml_signer, audited):
    before = audited()
    # 4.1.1 is Non-Critical: CV 4 (Transform) is refused by the submission checks, and kept as rejected.
    wrong_cv = sign(request_xml(_rid(home.esme.device_id), "4.1.1", READ, command_variant=4), xml_signer)
    assert parse_answer(post_duis("T", wrong_cv).content)["code"] == "E11"
    assert ServiceRequest.objects.get().status == "rejected"
    # CV 1 belongs to the Send Command service, not Transform: refused before anything is stored.
    wrong_service = sign(request_xml(_rid(home.esme.device_id), "4.1.1", READ), xml_signer)
    assert parse_answer(post_duis("T", wrong_service).content)["code"] == "E11"
    assert ServiceRequest.objects.count() == 1
    assert audited() == before + 1
    assert not EmulatedDevice.objects.exists()  # no device was ever contacted


def test_body_for_another_srv_is_e11(home, post_duis, xml_signer, audited):
    before = audited()
    mismatched = sign(request_xml(_rid(home.esme.device_id), "4.1.1", "<sr:ReadSupplyStatus/>"), xml_signer)
    assert parse_answer(post_duis("S", mismatched).content)["code"] == "E11"
    _nothing_ran(before)


def test_non_device_request_must_target_the_dcc(home, post_duis, xml_signer, dcc_party, audited):
    before = audited()
    body = f"<sr:ReadInventory><sr:DeviceID>{home.esme.device_id}</sr:DeviceID></sr:ReadInventory>"
    wrong = sign(request_xml(_rid(home.esme.device_id), "8.2", body, command_variant=8), xml_signer)
    assert parse_answer(post_duis("D", wrong).content)["code"] == "E11"
    _nothing_ran(before)
