"""The issue's main path in a real browser (issue 3 "Done when")."""

import pytest

from inventory.models import Device, DeviceAccess, MeterPointLink
from portal.choices import PortalRole
from portal.models import OutboxMessage
from tests.factories.cpl import DeviceModelFactory
from tests.factories.inventory import DeviceFactory, MeterPointFactory, RegistrationFactory
from tests.factories.portal import give_totp


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_prenotify_by_csv_and_cpl_removal(page, browser_sign_in, ssi_user, make_person, dcc_party, tmp_path):
    from datetime import UTC, datetime

    model = DeviceModelFactory(manufacturer_name="Acme Metering", model_name="Volta E1")
    chf = DeviceFactory(chf=True, smi_status="commissioned")
    meter = DeviceFactory(device_model=model, hub=chf, smi_status="commissioned")
    mpan = MeterPointFactory()
    MeterPointLink.objects.create(device=meter, meter_point=mpan, kind="import")
    RegistrationFactory(
        meter_point=mpan, role="EIS", party=ssi_user.party, effective_from=datetime(2024, 1, 1, tzinfo=UTC)
    )
    for device in (chf, meter):
        DeviceAccess.for_device(party_id=ssi_user.party_id, device=device).save()

    # A supplier searches by MPAN and opens the Smart Metering System.
    browser_sign_in(page, ssi_user)
    page.goto(page.base_url + "/inventory/")
    page.get_by_label("Device ID, MPxN, postcode or UPRN").fill(mpan.mpxn)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=meter.device_id).click()
    sms = page.get_by_test_id("sms")
    assert chf.device_id in sms.inner_text()
    assert mpan.mpxn in page.content()

    # ... pre-notifies 1,000 devices by CSV: dry run first, then the import.
    csv = tmp_path / "devices.csv"
    rows = [
        f"00-DB-77-00-00-00-{n >> 8:02X}-{n & 0xFF:02X},ESME,{model.manufacturer_id},{model.model_id},"
        f"{model.hardware_version},{model.firmware_version}"
        for n in range(1000)
    ]
    csv.write_text(
        "device_id,device_type,manufacturer_id,model_id,hardware_version,firmware_version\n" + "\n".join(rows) + "\n"
    )
    for mode, expected in (
        ("Dry run: validate only", "Dry run: 1000 of 1000 rows would be imported"),
        ("Import: stop if any row is invalid", "Imported 1000 Devices as Pending"),
    ):
        page.goto(page.base_url + "/inventory/prenotify/upload/")
        page.get_by_label("CSV file").set_input_files(str(csv))
        page.get_by_label(mode).check()
        page.get_by_role("button", name="Upload").click()
        page.get_by_test_id("outcome").wait_for()
        assert expected in page.get_by_test_id("outcome").inner_text()
    page.get_by_role("link", name="See Pending devices").click()
    assert "1000 devices" in page.get_by_test_id("result-count").inner_text()
    assert Device.objects.filter(smi_status="pending", prenotified_by_party=ssi_user.party).count() == 1000

    # A CPL administrator removes the model: its devices are Suspended and N28 is in the outbox.
    admin = make_person(dcc_party, PortalRole.CPL_ADMINISTRATOR, email="cpl@dcc.test")
    give_totp(admin)
    page.context.clear_cookies()
    browser_sign_in(page, admin)
    page.goto(page.base_url + f"/cpl/models/{model.pk}/")
    page.get_by_label("Reason").fill("CPA certificate withdrawn by NCSC")
    # The suspension job runs in the request here (eager tasks): give it time on a busy machine.
    page.get_by_role("button", name="Mark removed").click(timeout=120_000)
    assert "being suspended" in page.content()
    page.goto(page.base_url + f"/inventory/devices/{meter.device_id}/")
    assert page.get_by_test_id("smi-status").inner_text() == "Suspended"
    assert Device.objects.filter(device_model=model, smi_status="suspended").count() == 1001
    assert OutboxMessage.objects.filter(code="N28", device_id=meter.device_id, party=ssi_user.party).exists()

    # The supplier sees the N28 in its outbox (one per suspended device, the pre-notified ones too).
    assert OutboxMessage.objects.filter(code="N28", party=ssi_user.party).count() == 1001
    page.context.clear_cookies()
    browser_sign_in(page, ssi_user)
    page.goto(page.base_url + f"/outbox/?device_id={meter.device_id}")
    assert "N28" in page.content()
    assert meter.device_id in page.content()
