"""Browser: the Organisation Certificate path (ARO submits, RA approves, SRO accepts and revokes)."""

from pathlib import Path

import pytest
from cryptography import x509

from smki.choices import CertificateStatus
from smki.models import Certificate
from tests.factories.portal import give_totp
from tests.factories.smki import organisation_csr


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organisation_certificate_path(page, browser_sign_in, subscriber, aro, sro, ra_officer):
    for person in (aro, sro, ra_officer):
        give_totp(person)

    # An ARO, signed in with 2FA, pastes an Organisation CSR into the form.
    browser_sign_in(page, aro)
    page.goto(page.base_url + "/smki/requests/new/")
    page.get_by_label("Certificate family").select_option("organisation")
    page.get_by_label("CSR (PEM)").fill(organisation_csr().decode())
    page.get_by_role("button", name="Submit CSR").click()
    page.get_by_text("it now waits for registration authority review").wait_for()
    page.context.clear_cookies()

    # A registration authority officer reviews the parsed CSR and approves it.
    browser_sign_in(page, ra_officer)
    page.goto(page.base_url + "/smki/requests/review/")
    page.locator("#request-rows a").first.click()
    assert "x500UniqueIdentifier=90-B3-D5-1F-30-01-00-01" in page.get_by_test_id("parsed-csr").inner_text()
    page.get_by_role("button", name="Approve and issue").click()
    page.get_by_text("the certificate is issued").wait_for()
    certificate = Certificate.objects.get()
    page.context.clear_cookies()

    # The SRO finds it in the repository, downloads it, accepts it, then revokes it.
    browser_sign_in(page, sro)
    page.goto(page.base_url + "/smki/repository/")
    page.get_by_label("Search").fill("90-B3-D5-1F-30-01-00-01")
    page.get_by_role("button", name="Search").click()
    page.locator("#certificate-rows a").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PEM").click()
    downloaded = x509.load_pem_x509_certificate(Path(download.value.path()).read_bytes())
    assert downloaded.serial_number == int(certificate.serial, 16)
    page.get_by_role("button", name="Accept certificate").click()
    page.get_by_text("it is now In use").wait_for()
    page.get_by_label("Reason").select_option("key_compromise")
    page.get_by_label("I understand revocation is permanent").check()
    page.get_by_role("button", name="Revoke certificate").click()
    page.get_by_text("the new CRL is published").wait_for()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    crl = x509.load_der_x509_crl(page.request.get(page.base_url + "/smki/revocation/crl.crl").body())
    assert crl.get_revoked_certificate_by_serial_number(int(certificate.serial, 16)) is not None
