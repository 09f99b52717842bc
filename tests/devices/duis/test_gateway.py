"""The DUIS web services end to end on a small estate: requests in, signed answers out."""

import pytest

from devices.choices import DuisMessageKind, SRStatus, Transport
from devices.models import DuisMessage, ServiceRequest
from portal.models import OutboxMessage
from tests.devices.conftest import IS_ID, drain
from tests.factories.devices import next_counter
from tests.support.duis import parse_answer, request_xml, sign

pytestmark = pytest.mark.django_db


def _rid(device_id: str, counter: int | None = None) -> str:
    return f"{IS_ID}:{device_id}:{counter or next_counter()}"


def test_read_is_acknowledged_then_answered(live, xml_signer, post_duis, django_capture_on_commit_callbacks):
    rid = _rid(live.esme.device_id)
    with django_capture_on_commit_callbacks(execute=True):
        signed = sign(request_xml(rid, "4.1.1", "<sr:ReadInstantaneousImportRegisters/>"), xml_signer)
        response = post_duis("S", signed)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    answer = parse_answer(response.content)
    assert (answer["code"], answer["request_id"], answer["signed"]) == ("I99", rid, True)
    sr = ServiceRequest.objects.get(request_id=rid)
    assert (sr.transport, sr.user_role, sr.command_variant) == (Transport.DUIS, "EIS", 1)
    drain()
    sr.refresh_from_db()
    assert (sr.status, sr.response_code) == (SRStatus.COMPLETED, "I0")
    assert OutboxMessage.objects.filter(correlation_id=rid, code="I0").count() == 1
    kept = list(DuisMessage.objects.filter(service_request=sr).order_by("pk"))
    assert [m.kind for m in kept] == [DuisMessageKind.REQUEST, DuisMessageKind.ANSWER]
    assert b"ReadInstantaneousImportRegisters" in kept[0].xml
    assert b"<sr:ResponseCode>I99</sr:ResponseCode>" in kept[1].xml


def _signed_pre_command(sr, key) -> str:
    """What a DUIS client sends back (D-DUIS-08): the payload, 0x40, then the 64-byte r||s."""
    import base64

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    payload = base64.b64decode(sr.pre_command["payload"])
    r, s = decode_dss_signature(key.sign(payload, ec.ECDSA(hashes.SHA256())))
    return base64.b64encode(payload + b"\x40" + r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()


def test_critical_request_transform_then_signed_pre_command_executes(
    live, xml_signer, post_duis, supplier_party, monkeypatch
):
    """CV 4 answers I0 with the Pre-Command; CV 5 with the signed payload answers I99 and runs (spec §5)."""
    import base64

    from smki.choices import RemotePartyRole
    from tests.support.duis import issue_certificate

    digital_signing = issue_certificate(party=supplier_party, user_id=IS_ID, role_code=RemotePartyRole.SUPPLIER)
    monkeypatch.setattr("devices.services.signing.certificate_for", lambda user_id: digital_signing.certificate.x509())
    rid = _rid(live.esme.device_id)
    transform = post_duis("T", sign(request_xml(rid, "7.2", "<sr:DisableSupply/>", command_variant=4), xml_signer))
    answer = parse_answer(transform.content)
    assert (answer["code"], answer["content"]) == ("I0", ["PreCommand"])
    sr = ServiceRequest.objects.get(request_id=rid, is_accepted=True)
    assert sr.status == SRStatus.AWAITING_SIGNATURE
    sent = answer["root"].findtext(".//{*}PreCommand/{*}GBCSPayload")
    assert base64.b64decode(sent) == base64.b64decode(sr.pre_command["payload"])
    assert not OutboxMessage.objects.filter(correlation_id=rid).exists()  # answered synchronously only
    signed_payload = _signed_pre_command(sr, digital_signing.key)
    body = f"<sr:SignedPreCommand><sr:GBCSPayload>{signed_payload}</sr:GBCSPayload></sr:SignedPreCommand>"
    signed = post_duis("S", sign(request_xml(rid, "7.2", body, command_variant=5), xml_signer))
    assert parse_answer(signed.content)["code"] == "I99"
    drain()
    sr.refresh_from_db()
    assert (sr.status, sr.response_code, sr.command_variant) == (SRStatus.COMPLETED, "I0", 5)


def test_non_device_request_is_answered_synchronously(live, xml_signer, post_duis, dcc_party):
    """CV 8 (8.2 Read Inventory) targets the DCC's User ID; the DSPInventory comes back at once."""
    rid = f"{IS_ID}:00-DC-C0-00-00-00-00-01:{next_counter()}"
    body = f"<sr:ReadInventory><sr:DeviceID>{live.esme.device_id}</sr:DeviceID></sr:ReadInventory>"
    response = post_duis("D", sign(request_xml(rid, "8.2", body, command_variant=8), xml_signer))
    answer = parse_answer(response.content)
    assert (answer["code"], answer["content"]) == ("I0", ["DSPInventory"])
    ids = [e.text for e in answer["root"].iterfind(".//{*}DSPInventory/{*}Device/{*}DeviceID")]
    assert live.esme.device_id in ids
    sr = ServiceRequest.objects.get(request_id=rid)
    assert (sr.status, sr.target_device_id) == (SRStatus.COMPLETED, live.esme.device_id)
    assert not OutboxMessage.objects.filter(correlation_id=rid).exists()


def test_responses_are_pushed_as_signed_duis_xml(
    live, xml_signer, post_duis, ssi_admin, settings, django_capture_on_commit_callbacks
):
    from cryptography import x509

    from devices.duis import xmldsig
    from devices.services.duis_credentials import dsp_signer
    from portal.choices import PushFormat
    from portal.services.outbox import endpoint_register, outbox_dispatch
    from tests.portal.fakes import ScriptedPushClient

    settings.PORTAL_PUSH_CLIENT = "tests.portal.fakes.ScriptedPushClient"
    ScriptedPushClient.calls, ScriptedPushClient.script = [], []
    endpoint_register(actor=ssi_admin, url="https://supplier.example/duis", format=PushFormat.DUIS)
    rid = _rid(live.esme.device_id)
    post_duis("S", sign(request_xml(rid, "4.1.1", "<sr:ReadInstantaneousImportRegisters/>"), xml_signer))
    drain()
    assert outbox_dispatch()["delivered"] >= 1
    pushed = [c for c in ScriptedPushClient.calls if rid.encode() in c["body"]]
    assert len(pushed) == 1
    assert pushed[0]["headers"]["Content-Type"] == "application/xml"
    answer = parse_answer(pushed[0]["body"])
    assert (answer["code"], answer["request_id"], answer["content"]) == ("I0", rid, ["GBCSPayload"])
    certificate = x509.load_pem_x509_certificate(dsp_signer().certificate_pem.encode())
    signature = answer["root"].find("{http://www.w3.org/2000/09/xmldsig#}Signature")
    xmldsig.verify(answer["root"], signature, certificate.public_key())
    sr = ServiceRequest.objects.get(request_id=rid)
    assert [m.kind for m in sr.duis_messages.order_by("pk")] == ["request", "answer", "response"]


def test_every_gbcs_codec_code_is_answered_as_a_duis_code():
    """The GBCS codec's errors name project codes (D-GBCS-03); XML answers carry DUIS's (D-DUIS-02)."""
    from devices.duis.constants import DUIS_RESPONSE_CODES
    from devices.duis.rendering import response_root
    from devices.gbcs import errors

    classes = [errors.GBCSError]
    while classes:
        error = classes.pop()
        classes.extend(error.__subclasses__())
        root, _ = response_root(code=error.duis_code, request_id=None, response_id=None)
        answered = root.findtext("{*}Header/{*}ResponseCode")
        assert answered in DUIS_RESPONSE_CODES, (error.__name__, error.duis_code, answered)
    assert (
        response_root(code="E16", request_id=None, response_id=None)[0].findtext("{*}Header/{*}ResponseCode") == "E1"
    )
