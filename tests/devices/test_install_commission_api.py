"""The main path through the API: install and commission a hub, meters and a PPMID, then use them."""

import pytest

from devices.models import AlertRecord, ServiceRequest
from devices.services.faults import hub_power_on
from inventory.models import Device

from .conftest import IS_ID, drain

pytestmark = pytest.mark.django_db


def _status(device) -> str:
    return Device.objects.get(pk=device.pk).smi_status


def _sr(rid) -> ServiceRequest:
    return ServiceRequest.objects.get(request_id=rid, is_accepted=True)


def test_install_and_commission_electricity_then_read_and_top_up(home, ssi_user, send):
    hub_power_on(actor=ssi_user, device_id=home.chf.device_id)
    assert _status(home.chf) == "commissioned"
    assert _status(home.gpf) == "pending"

    response, rid = send(ssi_user, IS_ID, home.chf, "8.11", {"device_id": home.esme.device_id, "mpxn": home.mpan})
    assert response.status_code == 202, response.json()
    assert response.json()["code"] == "I99"
    drain()
    sr = _sr(rid)
    assert (sr.status, sr.response_code) == ("completed", "I0")
    assert _status(home.esme) == "installed_not_commissioned"
    assert AlertRecord.objects.filter(code="N24", device_id=home.esme.device_id).exists()
    assert AlertRecord.objects.filter(code="N16", device_id=home.esme.device_id).exists()

    response, rid = send(ssi_user, IS_ID, home.esme, "8.1.1", command_variant=4)
    assert response.status_code == 202, response.json()
    drain()
    assert _sr(rid).status == "awaiting_signature"
