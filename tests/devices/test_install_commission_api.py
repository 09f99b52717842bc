"""The main path through the API: a Supplier installs and commissions a hub, an electricity meter,
a gas meter with its GPF and a PPMID, reads them, tops up, changes tariff, disables and re-arms
supply, updates firmware and decommissions - with the SMI statuses and alerts at each step.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from devices.models import AlertRecord, EmulatedDevice, ServiceRequest
from devices.services.faults import hub_power_on
from inventory.models import Association, Device
from portal.models import OutboxMessage
from tests.factories.cpl import DeviceModelFactory
from tests.factories.devices import image_hash, utrn

from .conftest import GS_ID, IS_ID, drain

pytestmark = pytest.mark.django_db


def _status(device) -> str:
    return Device.objects.get(pk=device.pk).smi_status


def _sr(rid) -> ServiceRequest:
    return ServiceRequest.objects.get(request_id=rid, is_accepted=True)


def _done(rid, code="I0"):
    sr = _sr(rid)
    assert (sr.status, sr.response_code) == ("completed" if code == "I0" else "failed", code), sr.response_reason
    return sr.responses.filter(kind="service_response").get().body["data"]


def _install(home, ssi_user, gas_user, send, critical):
    hub_power_on(actor=ssi_user, device_id=home.chf.device_id)
    _, rid = send(ssi_user, IS_ID, home.chf, "8.11", {"device_id": home.esme.device_id, "mpxn": home.mpan})
    drain()
    _done(rid)
    critical(ssi_user, IS_ID, home.esme, "8.1.1")
    _, rid = send(ssi_user, IS_ID, home.chf, "8.11", {"device_id": home.ppmid.device_id})
    drain()
    _done(rid)
    _, rid = send(ssi_user, IS_ID, home.esme, "8.7.2", {"other_device_id": home.ppmid.device_id})
    drain()
    _done(rid)
    _, rid = send(gas_user, GS_ID, home.chf, "8.11", {"device_id": home.gsme.device_id, "mpxn": home.mprn})
    drain()
    _done(rid)
    critical(gas_user, GS_ID, home.gsme, "8.1.1")
    _, rid = send(gas_user, GS_ID, home.gpf, "8.7.2", {"other_device_id": home.gsme.device_id})
    drain()
    _done(rid)


def test_install_and_commission_every_device(home, ssi_user, gas_user, send, critical):
    hub_power_on(actor=ssi_user, device_id=home.chf.device_id)
    assert (_status(home.chf), _status(home.gpf)) == ("commissioned", "pending")

    response, rid = send(ssi_user, IS_ID, home.chf, "8.11", {"device_id": home.esme.device_id, "mpxn": home.mpan})
    assert response.status_code == 202
    assert response.json()["code"] == "I99"
    drain()
    _done(rid)
    assert _status(home.esme) == "installed_not_commissioned"
    assert set(AlertRecord.objects.filter(device_id=home.esme.device_id).values_list("code", flat=True)) == {
        "N16",
        "N24",
    }
    # The CHF's two CS14 alerts: added to the Device Log, then joined the HAN (row 7).
    assert AlertRecord.objects.filter(device_id=home.chf.device_id, code="0x8F12").count() == 2

    critical(ssi_user, IS_ID, home.esme, "8.1.1")
    assert _status(home.esme) == "commissioned"

    _, rid = send(ssi_user, IS_ID, home.chf, "8.11", {"device_id": home.ppmid.device_id})
    drain()
    assert _status(home.ppmid) == "installed_not_commissioned"
    _, rid = send(ssi_user, IS_ID, home.esme, "8.7.2", {"other_device_id": home.ppmid.device_id})
    drain()
    _done(rid)
    assert _status(home.ppmid) == "commissioned"  # row 16: copies the Commissioned ESME
    assert Association.objects.filter(device=home.ppmid, partner=home.esme).exists()

    _, rid = send(ssi_user, IS_ID, home.chf, "8.11", {"device_id": home.gsme.device_id, "mpxn": home.mprn})
    drain()
    assert _sr(rid).response_code == "E4"  # the Import Supplier is not Registered for the MPRN
    _, rid = send(gas_user, GS_ID, home.chf, "8.11", {"device_id": home.gsme.device_id, "mpxn": home.mprn})
    drain()
    _done(rid)
    critical(gas_user, GS_ID, home.gsme, "8.1.1")
    assert _status(home.gsme) == "commissioned"
    _, rid = send(gas_user, GS_ID, home.gpf, "8.7.2", {"other_device_id": home.gsme.device_id})
    drain()
    _done(rid)
    assert _status(home.gpf) == "commissioned"  # AC 4.10: GPF joined to a Commissioned GSME
    # Every response reached the sender's outbox.
    assert OutboxMessage.objects.filter(party=home.esme.prenotified_by_party, kind="service_response").count() >= 4


def test_reads_tariff_top_up_supply_firmware_and_decommission(home, ssi_user, gas_user, send, critical):
    _install(home, ssi_user, gas_user, send, critical)

    _, rid = send(ssi_user, IS_ID, home.esme, "4.1.1")
    drain()
    before = _done(rid)["import"]
    _, rid = send(gas_user, GS_ID, home.gpf, "4.1.1")  # gas reads are answered by the GPF's mirror
    drain()
    assert _done(rid)["via"] == home.gpf.device_id

    rid = critical(
        ssi_user,
        IS_ID,
        home.esme,
        "1.1.1",
        {"switching": [{"from": "00:00", "register": 0}, {"from": "07:00", "register": 1}]},
    )
    assert len(_done(rid)["tariff"]["switching"]) == 2
    rid = critical(ssi_user, IS_ID, home.esme, "1.6", {"mode": "prepayment"})
    _done(rid)
    _, rid = send(ssi_user, IS_ID, home.esme, "2.2", {"utrn": utrn(42), "value": 2000})
    drain()
    balance = _done(rid)["meter_balance"]
    assert balance == pytest.approx(2000, abs=5)
    _, replay = send(ssi_user, IS_ID, home.esme, "2.2", {"utrn": utrn(42), "value": 2000})
    drain()
    assert (_sr(replay).status, _sr(replay).response_code) == ("failed", "I0")  # the meter itself refuses a used UTRN

    rid = critical(ssi_user, IS_ID, home.esme, "7.2")
    assert _done(rid) == {"supply_state": "Disabled", "locked": True}
    rid = critical(ssi_user, IS_ID, home.esme, "7.3")
    assert _done(rid)["supply_state"] == "Armed"
    rid = critical(ssi_user, IS_ID, home.esme, "7.1")
    assert _done(rid)["supply_state"] == "Enabled"
    rid = critical(gas_user, GS_ID, home.gsme, "7.2")
    _done(rid)
    response, _ = send(gas_user, GS_ID, home.gsme, "7.1", command_variant=4)
    assert (response.status_code, response.json()["code"]) == (400, "E2")  # 7.1 is Import Supplier only
    rid = critical(gas_user, GS_ID, home.gsme, "7.3")
    assert _done(rid)["supply_state"] == "Armed"  # gas is armed remotely, enabled only at the meter

    model = Device.objects.get(pk=home.esme.pk).device_model
    new = DeviceModelFactory(
        manufacturer_id=model.manufacturer_id,
        model_id=model.model_id,
        hardware_version=model.hardware_version,
        firmware_version="9.9",
        firmware_hash=image_hash("esme 9.9"),
    )
    image = {"firmware_version": "9.9", "image_hash": new.firmware_hash, "image_size": 400_000}
    rid = critical(ssi_user, IS_ID, home.esme, "11.3", {"image_hash": new.firmware_hash})
    assert (_sr(rid).status, _sr(rid).response_code) == ("failed", "I0")  # no image stored yet: the meter refuses
    soon = timezone.now() + timedelta(minutes=5)
    response, rid = send(ssi_user, IS_ID, home.esme, "11.1", image, execute_at=soon.isoformat())
    assert response.status_code == 202
    drain()
    assert _sr(rid).status == "scheduled"  # held by the DCC until its execution date-time
    drain(now=soon + timedelta(seconds=1))
    _done(rid)
    assert AlertRecord.objects.filter(code="0x8F72", service_request__request_id=rid).exists()
    rid = critical(ssi_user, IS_ID, home.esme, "11.3", {"image_hash": new.firmware_hash})
    assert _done(rid)["firmware_version"] == "9.9"
    assert Device.objects.get(pk=home.esme.pk).device_model_id == new.pk  # the SMI follows the activation
    _, rid = send(ssi_user, IS_ID, home.esme, "4.1.1")
    drain()
    assert _done(rid)["import"] >= before

    _, rid = send(ssi_user, IS_ID, home.esme, "8.3", command_variant=8)
    drain()
    _done(rid)
    assert _status(home.esme) == "decommissioned"
    assert AlertRecord.objects.filter(code="N1", device_id=home.esme.device_id).exists()
    assert EmulatedDevice.objects.filter(device_id=home.esme.device_id).exists()
