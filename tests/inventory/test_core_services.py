"""Services other apps call: pre-notification, the DCC hub load, responsible parties at time T."""

from datetime import UTC, datetime

import pytest

from inventory.choices import DeviceType, SMIStatus
from inventory.exceptions import DuplicateDevice, ModelNotCurrent
from inventory.models import Device, DeviceAccess, StatusChange
from inventory.selectors import device_get, is_responsible_supplier, responsible_parties
from inventory.services import device_attach_to_hub, device_prenotify, hub_pair_create, meter_point_link
from portal.exceptions import ApplicationError, NotPermitted
from portal.models import AuditEvent
from portal.services.outbox import Recipient
from tests.factories.cpl import DeviceModelFactory
from tests.factories.inventory import DeviceFactory, MeterPointFactory, RegistrationFactory

T0 = datetime(2025, 1, 1, tzinfo=UTC)
T1 = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.mark.django_db
def test_prenotify_meter_enters_pending_and_is_visible_to_the_prenotifier(ssi_user, other_user):
    model = DeviceModelFactory()
    device = device_prenotify(
        actor=ssi_user, device_id="00db12000000abcd", device_type=DeviceType.ESME, device_model=model
    )
    assert device.device_id == "00-DB-12-00-00-00-AB-CD"
    assert device.smi_status == SMIStatus.PENDING
    assert (device.prenotified_by_party, device.prenotified_by_role) == (ssi_user.party, "EIS")
    assert StatusChange.objects.get(device=device).rule == 1
    assert AuditEvent.objects.filter(action="inventory.device_prenotified", target_id=str(device.pk)).exists()
    assert device_get(actor=ssi_user, device_id="00-DB-12-00-00-00-AB-CD") == device
    from django.http import Http404

    with pytest.raises(Http404):
        device_get(actor=other_user, device_id=device.device_id)


@pytest.mark.django_db
def test_prenotify_type2_has_no_status_and_no_model(ssi_user):
    device = device_prenotify(
        actor=ssi_user, device_id="00-DB-12-00-00-00-00-02", device_type=DeviceType.IHD, type2_description="Glow IHD"
    )
    assert device.smi_status is None
    assert StatusChange.objects.get(device=device).rule == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"device_type": "CHF"}, ApplicationError, "inventory.hub_not_prenotifiable"),
        ({"device_model": "removed"}, ModelNotCurrent, "inventory.model_not_current"),
        ({"device_model": "gas"}, ApplicationError, "inventory.model_wrong_type"),
        ({"device_model": None}, ModelNotCurrent, "inventory.model_required"),
    ],
)
def test_prenotify_refusals_create_nothing(ssi_user, kwargs, error, code):
    models = {"removed": DeviceModelFactory(removed=True), "gas": DeviceModelFactory(gas=True), None: None}
    args = {"device_type": DeviceType.ESME, "device_model": DeviceModelFactory()}
    args.update({k: models[v] if k == "device_model" else v for k, v in kwargs.items()})
    with pytest.raises(error) as err:
        device_prenotify(actor=ssi_user, device_id="00-DB-12-00-00-00-00-03", **args)
    assert err.value.code == code
    assert not Device.objects.exists()


@pytest.mark.django_db
def test_prenotify_duplicate_and_bad_eui64(ssi_user):
    from django.core.exceptions import ValidationError

    model = DeviceModelFactory()
    device_prenotify(actor=ssi_user, device_id="00-DB-12-00-00-00-00-04", device_type="ESME", device_model=model)
    with pytest.raises(DuplicateDevice):
        device_prenotify(actor=ssi_user, device_id="00-DB-12-00-00-00-00-04", device_type="ESME", device_model=model)
    with pytest.raises(ValidationError):
        device_prenotify(actor=ssi_user, device_id="00-DB-12-00-00", device_type="ESME", device_model=model)
    assert Device.objects.count() == 1


@pytest.mark.django_db
def test_prenotify_reuses_a_decommissioned_device(ssi_user):
    device = DeviceFactory(smi_status=SMIStatus.DECOMMISSIONED)
    again = device_prenotify(
        actor=ssi_user, device_id=device.device_id, device_type="ESME", device_model=device.device_model
    )
    assert again.pk == device.pk
    assert again.smi_status == SMIStatus.PENDING
    assert again.status_changes.get().rule == 26


@pytest.mark.django_db
def test_people_without_a_user_role_may_not_prenotify(no_role_user, dcc_admin):
    model = DeviceModelFactory()
    for person in (no_role_user, dcc_admin):
        with pytest.raises(NotPermitted):
            device_prenotify(actor=person, device_id="00-DB-12-00-00-00-00-05", device_type="ESME", device_model=model)


@pytest.mark.django_db
def test_hub_pair_create_adds_an_associated_pending_pair(supplier_party):
    model = DeviceModelFactory(hub=True)
    chf, gpf = hub_pair_create(
        chf_device_id="00-DB-12-00-00-00-10-01",
        gpf_device_id="00-DB-12-00-00-00-10-02",
        device_model=model,
        region="north",
        for_party=supplier_party,
    )
    assert (chf.smi_status, gpf.smi_status) == (SMIStatus.PENDING, SMIStatus.PENDING)
    assert gpf.hub == chf
    assert chf.hub is None
    assert {s.rule for s in StatusChange.objects.all()} == {2}
    assert DeviceAccess.objects.filter(party=supplier_party).count() == 2


@pytest.mark.django_db
def test_hub_pair_refuses_meter_models_and_duplicates():
    with pytest.raises(ApplicationError):
        hub_pair_create(
            chf_device_id="00-DB-12-00-00-00-10-01",
            gpf_device_id="00-DB-12-00-00-00-10-02",
            device_model=DeviceModelFactory(),
        )
    model = DeviceModelFactory(hub=True)
    hub_pair_create(
        chf_device_id="00-DB-12-00-00-00-10-01", gpf_device_id="00-DB-12-00-00-00-10-02", device_model=model
    )
    with pytest.raises(DuplicateDevice):
        hub_pair_create(
            chf_device_id="00-DB-12-00-00-00-10-03", gpf_device_id="00-DB-12-00-00-00-10-02", device_model=model
        )
    assert Device.objects.count() == 2


@pytest.mark.django_db
def test_responsible_parties_follow_registration_data_over_time(
    supplier_party, other_party, network_party, gas_network_party, make_person
):
    from tests.factories.portal import PartyFactory, PartyUserRoleFactory

    gaining = PartyFactory(code="gaining")
    PartyUserRoleFactory(party=gaining, role="EIS")
    chf = DeviceFactory(chf=True)
    esme = DeviceFactory(hub=chf)
    gsme = DeviceFactory(gas=True, hub=chf)
    gpf = DeviceFactory(gpf=True, hub=chf)
    mpan = MeterPointFactory()
    mprn = MeterPointFactory(gas=True)
    RegistrationFactory(meter_point=mpan, role="EIS", party=supplier_party, effective_from=T0, effective_to=T1)
    RegistrationFactory(meter_point=mpan, role="EIS", party=gaining, effective_from=T1)
    RegistrationFactory(meter_point=mpan, role="ENO", party=network_party, effective_from=T0)
    RegistrationFactory(meter_point=mprn, role="GIS", party=other_party, effective_from=T0)
    RegistrationFactory(meter_point=mprn, role="GNO", party=gas_network_party, effective_from=T0)
    meter_point_link(device=esme, mpxn=mpan.mpxn, kind="import")
    meter_point_link(device=gsme, mpxn=mprn.mpxn, kind="mprn")

    before = responsible_parties(device=esme, at=datetime(2025, 3, 1, tzinfo=UTC))
    assert before.suppliers == (Recipient(supplier_party, "EIS"),)
    assert before.network_operators == (Recipient(network_party, "ENO"),)
    after = responsible_parties(device=esme, at=datetime(2025, 7, 1, tzinfo=UTC))
    assert after.suppliers == (Recipient(gaining, "EIS"),)
    hub = responsible_parties(device=chf, at=datetime(2025, 3, 1, tzinfo=UTC))
    assert set(hub.suppliers) == {Recipient(supplier_party, "EIS"), Recipient(other_party, "GIS")}
    gas_side = responsible_parties(device=gpf, at=datetime(2025, 3, 1, tzinfo=UTC))
    assert gas_side.recipients() == [Recipient(other_party, "GIS"), Recipient(gas_network_party, "GNO")]
    assert is_responsible_supplier(device=esme, party=gaining, role="EIS")
    assert not is_responsible_supplier(device=esme, party=supplier_party)
    # Access follows the current registrations of the whole SMS.
    assert set(DeviceAccess.objects.filter(device=chf).values_list("party__code", flat=True)) == {
        "gaining",
        "pennine",
        "dales",
        "wessex",
    }


@pytest.mark.django_db
def test_attach_to_hub_requires_a_chf():
    meter = DeviceFactory()
    with pytest.raises(ApplicationError):
        device_attach_to_hub(device=meter, hub=DeviceFactory())
    chf = DeviceFactory(chf=True)
    device_attach_to_hub(device=meter, hub=chf)
    meter.refresh_from_db()
    assert meter.hub == chf


@pytest.mark.django_db
def test_everyone_who_sees_a_chf_sees_its_gpf(supplier_party, network_party):
    chf = DeviceFactory(chf=True)
    gpf = DeviceFactory(gpf=True, hub=chf)
    esme = DeviceFactory(hub=chf)
    mpan = MeterPointFactory()
    RegistrationFactory(meter_point=mpan, role="EIS", party=supplier_party, effective_from=T0)
    meter_point_link(device=esme, mpxn=mpan.mpxn, kind="import")
    assert DeviceAccess.objects.filter(device=gpf, party=supplier_party).exists()
    assert responsible_parties(device=gpf).recipients() == []  # alerts for the GPF go to the gas side only
