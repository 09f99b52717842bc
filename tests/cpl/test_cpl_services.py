"""CPL maintenance and CPL-driven suspension (§2.3 rows 19-20, 7.1.2.4.3-4)."""

from datetime import UTC, datetime

import pytest

from cpl.choices import CPLStatus
from cpl.models import CPAExpiryWarning, DeviceModel, DeviceModelChange
from cpl.services import (
    cpa_expiry_warnings,
    device_model_create,
    device_model_reinstate,
    device_model_remove,
    device_model_update,
    device_models_import,
)
from inventory.choices import SMIStatus
from inventory.models import StatusChange
from portal.exceptions import ApplicationError, InvalidTransition, NotPermitted
from portal.models import Job, OutboxMessage
from tests.factories.cpl import DeviceModelFactory
from tests.factories.inventory import DeviceFactory, MeterPointFactory, RegistrationFactory

FIELDS = {
    "device_type": "ESME",
    "manufacturer_id": "abcd",
    "manufacturer_name": "Acme",
    "model_id": "0001",
    "model_name": "E1",
    "hardware_version": "1.0",
    "firmware_version": "2.0",
    "firmware_hash": "A" * 64,
    "smets_chts_version": "SMETS2",
}


@pytest.mark.django_db
def test_create_normalises_and_records_history(cpl_admin):
    model = device_model_create(actor=cpl_admin, reason="Panel decision 12", **FIELDS)
    assert (model.manufacturer_id, model.firmware_hash, model.status) == ("ABCD", "a" * 64, CPLStatus.CURRENT)
    change = DeviceModelChange.objects.get(device_model=model)
    assert (change.kind, change.actor, change.reason) == ("created", cpl_admin, "Panel decision 12")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("firmware_hash", "xyz"), ("manufacturer_id", "12345"), ("hardware_version", "bad version!")]
)
def test_create_refuses_bad_fields(cpl_admin, field, value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        device_model_create(actor=cpl_admin, **{**FIELDS, field: value})
    assert not DeviceModel.objects.exists()


@pytest.mark.django_db
def test_only_cpl_administrators_change_the_cpl(ssi_user, agent):
    model = DeviceModelFactory()
    for person in (ssi_user, agent):
        with pytest.raises(NotPermitted):
            device_model_remove(actor=person, device_model=model, reason="x")
    model.refresh_from_db()
    assert model.status == CPLStatus.CURRENT


@pytest.mark.django_db
def test_identity_fields_are_immutable(cpl_admin):
    model = DeviceModelFactory()
    with pytest.raises(ApplicationError):
        device_model_update(actor=cpl_admin, device_model=model, firmware_version="9.9")
    device_model_update(actor=cpl_admin, device_model=model, model_name="Renamed", reason="typo")
    model.refresh_from_db()
    assert model.model_name == "Renamed"
    assert model.changes.get(kind="updated").after == {"model_name": "Renamed"}


@pytest.mark.django_db
def test_removing_a_model_suspends_its_devices_and_raises_n28(
    cpl_admin, supplier_party, make_person, django_capture_on_commit_callbacks
):
    from tests.factories.portal import PartyFactory, PartyUserRoleFactory

    network = PartyFactory(code="pennine")
    PartyUserRoleFactory(party=network, role="ENO")
    model = DeviceModelFactory()
    chf = DeviceFactory(chf=True, smi_status=SMIStatus.COMMISSIONED)
    commissioned = DeviceFactory(device_model=model, smi_status=SMIStatus.COMMISSIONED, hub=chf)
    pending = DeviceFactory(device_model=model, smi_status=SMIStatus.PENDING)
    decommissioned = DeviceFactory(device_model=model, smi_status=SMIStatus.DECOMMISSIONED)
    other_model = DeviceFactory(smi_status=SMIStatus.COMMISSIONED)
    mpan = MeterPointFactory()
    RegistrationFactory(
        meter_point=mpan, role="EIS", party=supplier_party, effective_from=datetime(2020, 1, 1, tzinfo=UTC)
    )
    RegistrationFactory(meter_point=mpan, role="ENO", party=network, effective_from=datetime(2020, 1, 1, tzinfo=UTC))
    from inventory.models import MeterPointLink

    MeterPointLink.objects.create(device=commissioned, meter_point=mpan, kind="import")
    with django_capture_on_commit_callbacks(execute=True):
        device_model_remove(actor=cpl_admin, device_model=model, reason="CPA certificate withdrawn")
    for d in (commissioned, pending, decommissioned, other_model):
        d.refresh_from_db()
    assert (commissioned.smi_status, commissioned.status_before_suspension) == ("suspended", "commissioned")
    assert (pending.smi_status, pending.status_before_suspension) == ("suspended", "pending")
    assert decommissioned.smi_status == "decommissioned"
    assert other_model.smi_status == "commissioned"
    job = Job.objects.get(kind="inventory.cpl_suspend")
    assert (job.status, job.result["devices"]) == ("succeeded", 2)
    n28 = OutboxMessage.objects.filter(code="N28", device_id=commissioned.device_id)
    assert {(m.party.code, m.user_role) for m in n28} == {("northern", "EIS"), ("pennine", "ENO")}
    assert StatusChange.objects.filter(device=commissioned, rule=19).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        device_model_reinstate(actor=cpl_admin, device_model=model, reason="New certificate issued")
    commissioned.refresh_from_db()
    pending.refresh_from_db()
    assert (commissioned.smi_status, commissioned.status_before_suspension) == ("commissioned", "")
    assert pending.smi_status == "pending"
    assert OutboxMessage.objects.filter(code="N29", device_id=commissioned.device_id).count() == 2


@pytest.mark.django_db
def test_removing_twice_is_refused(cpl_admin, django_capture_on_commit_callbacks):
    model = DeviceModelFactory(removed=True)
    with pytest.raises(InvalidTransition):
        device_model_remove(actor=cpl_admin, device_model=model, reason="again")
    with pytest.raises(ApplicationError):
        device_model_reinstate(actor=cpl_admin, device_model=model, reason="  ")
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_cpa_expiry_warnings_are_sent_once_per_threshold(cpl_admin):
    from datetime import date

    DeviceModelFactory(cpa_expiry=date(2026, 10, 1))
    DeviceModelFactory(cpa_expiry=date(2026, 3, 1))
    DeviceModelFactory(cpa_expiry=date(2028, 1, 1))
    assert cpa_expiry_warnings(today=date(2026, 1, 1)) == 3  # 12-month: both; 6-month: the March one
    assert cpa_expiry_warnings(today=date(2026, 1, 2)) == 0
    assert CPAExpiryWarning.objects.count() == 3
    assert cpl_admin.notifications.count() == 3


@pytest.mark.django_db
def test_csv_import_is_all_or_nothing(cpl_admin):
    header = ",".join(FIELDS)
    good = ",".join(FIELDS.values())
    bad = good.replace("A" * 64, "nothex")
    assert (
        device_models_import(actor=cpl_admin, text=f"{header}\n{good}\n{bad.replace('0001', '0002')}\n")["errors"][0][
            "line"
        ]
        == 3
    )
    assert not DeviceModel.objects.exists()
    result = device_models_import(actor=cpl_admin, text=f"{header}\n{good}\n{good}\n")
    assert (result["added"], result["skipped"]) == (1, 1)
    with pytest.raises(ApplicationError):
        device_models_import(actor=cpl_admin, text="wrong,header\n1,2\n")


@pytest.mark.django_db
def test_pending_devices_nobody_registered_for_alert_their_prenotifier(
    cpl_admin, supplier_party, django_capture_on_commit_callbacks
):
    model = DeviceModelFactory()
    pending = DeviceFactory(device_model=model, prenotified_by_party=supplier_party, prenotified_by_role="EIS")
    with django_capture_on_commit_callbacks(execute=True):
        device_model_remove(actor=cpl_admin, device_model=model, reason="withdrawn")
    message = OutboxMessage.objects.get(code="N28", device_id=pending.device_id)
    assert (message.party, message.user_role) == (supplier_party, "EIS")


@pytest.mark.django_db
def test_firmware_moving_a_suspended_device_to_a_current_model_restores_it(supplier_party):
    from inventory.services import device_change_model

    removed = DeviceModelFactory(removed=True)
    fixed = DeviceModelFactory()
    device = DeviceFactory(
        device_model=removed,
        smi_status="suspended",
        status_before_suspension="commissioned",
        prenotified_by_party=supplier_party,
        prenotified_by_role="EIS",
    )
    device_change_model(device=device, device_model=fixed, reason="SR 11.3 activated 2.1")
    device.refresh_from_db()
    assert (device.smi_status, device.device_model) == ("commissioned", fixed)
    assert StatusChange.objects.get(device=device).trigger == "firmware_activated"
    assert OutboxMessage.objects.filter(code="N29", device_id=device.device_id).count() == 1
