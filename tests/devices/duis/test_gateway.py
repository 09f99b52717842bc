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
        response = post_duis("S", sign(request_xml(rid, "4.1.1", "<sr:ReadInstantaneousImportRegisters/>"), xml_signer))
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
