"""Browser: DCC staff import DCC's ZAZ1 test PKI; an ARO has test credentials issued and downloads keystore.json."""

import json
from pathlib import Path

import pytest
from cryptography import x509

from portal.choices import UserRole
from smki.models import Certificate, IssuedCredential
from tests.factories.portal import PartyFactory, PartyUserRoleFactory, give_totp
from tests.support.dcc_tools import dcc_package


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dcc_admin_imports_zaz1_and_reads_the_report(page, browser_sign_in, dcc_admin):
    keystore = dcc_package("@smartdcc/dccboxed-keystore") / "keystore.json"
    supplier = PartyFactory(name="RTDS Supplier", code="rtds-supplier")
    PartyUserRoleFactory(party=supplier, role=UserRole.IMPORT_SUPPLIER, user_id="90-B3-D5-1F-30-01-00-00")
    give_totp(dcc_admin)

    browser_sign_in(page, dcc_admin)
    page.goto(page.base_url + "/smki/")
    page.get_by_role("link", name="Test PKI import").click()
    page.get_by_label("keystore.json").set_input_files(str(keystore))
    page.get_by_role("button", name="Import certificates").click()

    outcome = page.get_by_test_id("outcome")
    outcome.wait_for()
    assert outcome.inner_text() == "18 imported (16 of them expired), 0 already imported, 15 not imported."
    report = page.get_by_test_id("import-report")
    assert report.locator('tr[data-outcome="unparseable"]').count() == 2
    assert report.locator('tr[data-outcome="imported"]').count() == 18
    # An imported certificate is an ordinary Repository entry.
    report.locator('tr[data-outcome="imported"]', has_text="xml-sign-90B3D51F30010000-ds").get_by_role("link").click()
    page.get_by_text("x500UniqueIdentifier=90-B3-D5-1F-30-01-00-00").first.wait_for()
    assert Certificate.objects.filter(subscriber__party=supplier).count() == 7


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_aro_has_test_credentials_issued_and_downloads_the_keystore(page, browser_sign_in, subscriber, aro):
    give_totp(aro)

    browser_sign_in(page, aro)
    page.goto(page.base_url + "/smki/")
    page.get_by_role("link", name="Test credentials").click()
    page.get_by_label("User ID").select_option("90-B3-D5-1F-30-01-00-01")
    page.get_by_role("button", name="Issue test credentials").click()
    page.get_by_text("3 certificates issued and In use for 90-B3-D5-1F-30-01-00-01").wait_for()
    assert page.get_by_test_id("credentials").locator("tbody tr").count() == 3

    with page.expect_download() as download:
        page.get_by_test_id("keystore-90-B3-D5-1F-30-01-00-01").click()
    tree = json.loads(Path(download.value.path()).read_text())
    entries = {serial: entry for usage in tree["90b3d51f30010001"].values() for serial, entry in usage.items()}
    assert len(entries) == 3
    assert sorted(entry["role"] for entry in entries.values()) == [2, 2, 135]
    for serial, entry in entries.items():
        assert x509.load_pem_x509_certificate(entry["certificate"].encode()).serial_number == int(serial)
        assert entry["privateKey"].startswith("-----BEGIN PRIVATE KEY-----")
    assert set(IssuedCredential.objects.values_list("download_count", flat=True)) == {1}
