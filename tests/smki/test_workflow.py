"""Organisation and device certificate lifecycles through the services, checked with OpenSSL."""

import shutil
import subprocess

import pytest
from cryptography import x509

from portal.exceptions import NotPermitted
from portal.models import AuditEvent
from smki import selectors
from smki.choices import (
    CaKind,
    CertificateStatus,
    KeyUsage,
    RejectionReason,
    RequestStatus,
    RevocationListKind,
    RevocationReason,
)
from smki.exceptions import CsrRejected
from smki.models import Certificate, RevocationList
from smki.services import (
    certificate_accept,
    certificate_reject_by_subscriber,
    certificate_request_approve,
    certificate_request_reject,
    certificate_request_submit,
    certificate_revoke,
    device_credentials_issue,
)
from tests.factories.smki import NORTHERN_USER_ID, device_csr, organisation_csr

pytestmark = pytest.mark.django_db


def _issued_organisation_certificate(org_submission, ra_officer, usage=KeyUsage.DIGITAL_SIGNATURE):
    request = certificate_request_submit(submission=org_submission, csr=organisation_csr(usage=usage))
    certificate_request_approve(actor=ra_officer, request=request)
    request.refresh_from_db()
    return request.certificate


def test_organisation_csr_waits_for_review_then_issues(org_submission, ra_officer):
    request = certificate_request_submit(submission=org_submission, csr=organisation_csr())
    assert request.status == RequestStatus.PENDING_REVIEW
    assert request.subject == f"CN=Northern Lights Energy, OU=02, x500UniqueIdentifier={NORTHERN_USER_ID}"
    assert Certificate.objects.count() == 0

    certificate_request_approve(actor=ra_officer, request=request)

    request.refresh_from_db()
    certificate = request.certificate
    assert request.status == RequestStatus.ISSUED
    assert request.reviewed_by == ra_officer
    assert certificate.status == CertificateStatus.PENDING
    assert certificate.user_id == NORTHERN_USER_ID
    assert certificate.role_code == 2
    parsed = certificate.x509()
    assert parsed.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    assert not parsed.extensions.get_extension_for_class(x509.KeyUsage).value.key_agreement
    assert AuditEvent.objects.filter(action="smki.certificate.issued", target_id=str(certificate.pk)).count() == 1


def test_only_ra_officers_review_and_not_their_own_submission(org_submission, aro, sro):
    request = certificate_request_submit(submission=org_submission, csr=organisation_csr())
    for person in (aro, sro):
        with pytest.raises(NotPermitted):
            certificate_request_approve(actor=person, request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING_REVIEW


def test_rejected_csr_can_be_resubmitted_with_the_same_key(org_submission, ra_officer):
    from tests.factories.smki import new_key

    key = new_key()
    request = certificate_request_submit(submission=org_submission, csr=organisation_csr(key=key))
    certificate_request_reject(
        actor=ra_officer,
        request=request,
        reason=RejectionReason.SUBJECT_INVALID,
        detail="CN does not match the company register",
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED
    again = certificate_request_submit(submission=org_submission, csr=organisation_csr(key=key, common_name="NLE"))
    assert again.status == RequestStatus.PENDING_REVIEW


def test_accept_supersedes_and_selector_returns_the_in_use_certificate(org_submission, ra_officer, aro):
    first = _issued_organisation_certificate(org_submission, ra_officer)
    assert (
        selectors.organisation_certificate_for_user_id(user_id=NORTHERN_USER_ID, usage=KeyUsage.DIGITAL_SIGNATURE)
        is None
    )
    certificate_accept(actor=aro, certificate=first)
    found = selectors.organisation_certificate_for_user_id(
        user_id="90b3d51f30010001", usage=KeyUsage.DIGITAL_SIGNATURE
    )
    assert found == first
    assert found.public_key().public_numbers() == first.x509().public_key().public_numbers()

    second = _issued_organisation_certificate(org_submission, ra_officer)
    certificate_accept(actor=aro, certificate=second)
    first.refresh_from_db()
    assert first.status == CertificateStatus.NOT_IN_USE
    assert selectors.organisation_certificate_for_user_id(user_id=NORTHERN_USER_ID, usage="ds") == second
    assert selectors.organisation_certificate_for_user_id(user_id=NORTHERN_USER_ID, usage="ka") is None


def test_sro_revokes_and_the_new_crl_lists_the_serial(org_submission, ra_officer, sro, aro):
    certificate = _issued_organisation_certificate(org_submission, ra_officer)
    certificate_accept(actor=aro, certificate=certificate)
    before = RevocationList.objects.filter(kind=RevocationListKind.CRL).count()

    with pytest.raises(NotPermitted):  # §1.9: an ARO cannot request revocation
        certificate_revoke(actor=aro, certificate=certificate, reason=RevocationReason.KEY_COMPROMISE)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.IN_USE

    certificate_revoke(actor=sro, certificate=certificate, reason=RevocationReason.KEY_COMPROMISE)

    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_by == sro
    crl_row = selectors.current_revocation_list(kind=RevocationListKind.CRL)
    assert RevocationList.objects.filter(kind=RevocationListKind.CRL).count() == before + 1
    crl = x509.load_der_x509_crl(bytes(crl_row.der))
    entry = crl.get_revoked_certificate_by_serial_number(int(certificate.serial, 16))
    assert entry is not None
    assert entry.extensions.get_extension_for_class(x509.CRLReason).value.reason == x509.ReasonFlags.key_compromise
    assert crl.is_signature_valid(certificate.authority.x509().public_key())
    # Permanent: no second revocation, no way back.
    with pytest.raises(NotPermitted):
        certificate_revoke(actor=ra_officer, certificate=certificate, reason=RevocationReason.SUPERSEDED)
    assert sro.notifications.filter(subject__contains=certificate.serial).exists()


def test_device_certificates_cannot_be_revoked(device_submission, ra_officer, sro):
    request = certificate_request_submit(submission=device_submission, csr=device_csr())
    for person in (ra_officer, sro):
        with pytest.raises(NotPermitted) as excinfo:
            certificate_revoke(actor=person, certificate=request.certificate, reason=RevocationReason.KEY_COMPROMISE)
        assert "cannot be revoked" in str(excinfo.value)
    request.certificate.refresh_from_db()
    assert request.certificate.status == CertificateStatus.PENDING


def test_subscriber_rejects_an_inconsistent_certificate_and_it_is_revoked(org_submission, ra_officer, aro):
    certificate = _issued_organisation_certificate(org_submission, ra_officer)
    certificate_reject_by_subscriber(actor=aro, certificate=certificate, detail="CN differs from our CSR")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revocation_reason == RevocationReason.INCONSISTENT


def test_other_party_cannot_accept(org_submission, ra_officer, other_aro, other_subscriber):
    certificate = _issued_organisation_certificate(org_submission, ra_officer)
    with pytest.raises(NotPermitted):
        certificate_accept(actor=other_aro, certificate=certificate)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.PENDING


def test_ad_hoc_device_csr_issues_at_once(device_submission):
    request = certificate_request_submit(
        submission=device_submission, csr=device_csr(device_id="00-DB-00-00-00-00-00-07")
    )
    assert request.status == RequestStatus.ISSUED
    parsed = request.certificate.x509()
    assert len(parsed.subject) == 0
    san = parsed.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert san.critical
    assert request.certificate.device_id == "00-DB-00-00-00-00-00-07"


def test_device_credentials_for_demo_devices(cas):
    creds = device_credentials_issue(device_ids=["00-DB-00-00-00-00-00-11", "00-DB-00-00-00-00-00-12"])
    assert set(creds) == {"00-DB-00-00-00-00-00-11", "00-DB-00-00-00-00-00-12"}
    one = creds["00-DB-00-00-00-00-00-11"]
    ds = x509.load_pem_x509_certificate(one.digital_signature_certificate_pem.encode())
    assert ds.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    assert Certificate.objects.filter(device_id="00-DB-00-00-00-00-00-11").count() == 2


def test_no_active_ca_is_a_named_rejection(device_submission, cas):
    from smki.models import CertificateAuthority

    CertificateAuthority.objects.filter(kind=CaKind.ISSUING_DEVICE).update(status="disabled")
    with pytest.raises(CsrRejected) as excinfo:
        certificate_request_submit(submission=device_submission, csr=device_csr())
    assert excinfo.value.reason == RejectionReason.NO_ACTIVE_CA
    assert Certificate.objects.count() == 0


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not installed")
def test_openssl_accepts_issued_certificates_and_shows_the_profile(
    org_submission, device_submission, ra_officer, cas, tmp_path
):
    root, issuing_org, issuing_device = cas
    organisation = _issued_organisation_certificate(org_submission, ra_officer, usage=KeyUsage.KEY_AGREEMENT)
    device = certificate_request_submit(submission=device_submission, csr=device_csr()).certificate
    (tmp_path / "root.pem").write_text(root.pem)
    for name, certificate, issuing in (("org", organisation, issuing_org), ("dev", device, issuing_device)):
        (tmp_path / f"{name}-ca.pem").write_text(issuing.pem)
        (tmp_path / f"{name}.pem").write_text(certificate.pem)
        verify = subprocess.run(
            [
                "openssl",
                "verify",
                "-x509_strict",
                "-CAfile",
                str(tmp_path / "root.pem"),
                "-untrusted",
                str(tmp_path / f"{name}-ca.pem"),
                str(tmp_path / f"{name}.pem"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert verify.returncode == 0, verify.stderr + verify.stdout
        assert verify.stdout.strip().endswith(": OK")
    text = subprocess.run(
        ["openssl", "x509", "-noout", "-text", "-in", str(tmp_path / "org.pem")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "ecdsa-with-SHA256" in text
    assert "prime256v1" in text
    assert "OU=02" in text.replace(" = ", "=")
    assert "Key Agreement" in text
    assert "Digital Signature" not in text
    dev_text = subprocess.run(
        ["openssl", "x509", "-noout", "-text", "-in", str(tmp_path / "dev.pem")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "X509v3 Subject Alternative Name: critical" in dev_text
    assert "Subject: \n" in dev_text or "Subject:\n" in dev_text or "Subject: " in dev_text
    crl_path = tmp_path / "crl.der"
    crl_path.write_bytes(bytes(selectors.current_revocation_list(kind=RevocationListKind.CRL).der))
    crl = subprocess.run(
        ["openssl", "crl", "-inform", "DER", "-noout", "-text", "-in", str(crl_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "CRL Number" in crl


def test_device_records_which_certificates_it_uses(cas):
    from smki.services import device_certificates_record_in_use

    device_id = "00-DB-00-00-00-00-00-21"
    device_credentials_issue(device_ids=[device_id])
    first_ds, first_ka = Certificate.objects.filter(device_id=device_id).order_by("pk")
    device_certificates_record_in_use(device_id=device_id, serials=[first_ds.serial, first_ka.serial])
    device_credentials_issue(device_ids=[device_id])
    second_ds = Certificate.objects.filter(device_id=device_id, usage=KeyUsage.DIGITAL_SIGNATURE).latest("pk")
    device_certificates_record_in_use(device_id=device_id, serials=[second_ds.serial])
    statuses = dict(Certificate.objects.filter(device_id=device_id).values_list("serial", "status"))
    assert statuses[first_ds.serial] == CertificateStatus.NOT_IN_USE
    assert statuses[first_ka.serial] == CertificateStatus.IN_USE
    assert statuses[second_ds.serial] == CertificateStatus.IN_USE
    with pytest.raises(NotPermitted):
        device_certificates_record_in_use(device_id="00-DB-00-00-00-00-00-99", serials=[second_ds.serial])
