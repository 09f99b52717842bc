"""Defects found in QA of the SMKI portal, each pinned by a test."""

import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID

from smki.choices import KeyUsage, RejectionReason, RequestStatus
from smki.exceptions import CsrRejected
from smki.models import Certificate, CertificateRequest
from smki.profiles import key_usage_extension
from smki.services import (
    ca_operation_approve,
    ca_operation_propose,
    certificate_request_approve,
    certificate_request_submit,
)
from tests.factories.smki import NORTHERN_USER_ID, new_key

pytestmark = pytest.mark.django_db


def _csr_with_text_user_id(text: str) -> bytes:
    """What `openssl req` writes: x500UniqueIdentifier as a UTF8String, not a BIT STRING."""
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Northern Lights DS"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "02"),
            x509.NameAttribute(NameOID.X500_UNIQUE_IDENTIFIER, text, _ASN1Type.UTF8String),
        ]
    )
    return (
        x509.CertificateSigningRequestBuilder()
        .subject_name(name)
        .add_extension(key_usage_extension(KeyUsage.DIGITAL_SIGNATURE), critical=True)
        .sign(new_key(), hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
    )


@pytest.mark.parametrize("text", ["90B3D51F30010001", "90-b3-d5-1f-30-01-00-01", "90:B3:D5:1F:30:01:00:01"])
def test_text_user_id_as_openssl_writes_it_is_accepted_and_issued_as_bit_string(org_submission, ra_officer, text):
    request = certificate_request_submit(submission=org_submission, csr=_csr_with_text_user_id(text))
    assert request.user_id == NORTHERN_USER_ID
    certificate_request_approve(actor=ra_officer, request=request)
    issued = Certificate.objects.get().x509()
    (attribute,) = issued.subject.get_attributes_for_oid(NameOID.X500_UNIQUE_IDENTIFIER)
    assert attribute._type == _ASN1Type.BitString
    assert attribute.value == b"\x00" + bytes.fromhex(NORTHERN_USER_ID.replace("-", ""))


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_csr_made_with_openssl_req_is_accepted(org_submission, tmp_path):
    key, config, csr = tmp_path / "org.key", tmp_path / "org.cnf", tmp_path / "org.csr"
    config.write_text(
        "[req]\ndistinguished_name=dn\nreq_extensions=ext\nprompt=no\n"
        "[dn]\nCN=Northern Lights DS\nOU=02\nx500UniqueIdentifier=90B3D51F30010001\n"
        "[ext]\nkeyUsage=critical,keyAgreement\n"
    )
    subprocess.run(["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], check=True)
    subprocess.run(["openssl", "req", "-new", "-key", key, "-config", config, "-out", csr], check=True)
    request = certificate_request_submit(submission=org_submission, csr=csr.read_bytes())
    assert request.status == RequestStatus.PENDING_REVIEW
    assert (request.user_id, request.role_code, request.usage) == (NORTHERN_USER_ID, 2, KeyUsage.KEY_AGREEMENT)


@pytest.mark.parametrize("text", ["90B3D51F3001000", "northern", "90B3D51F30010001FF", "90B3-D51F-3001-0001"])
def test_text_user_id_that_is_not_an_eui64_is_refused(org_submission, text):
    with pytest.raises(CsrRejected) as excinfo:
        certificate_request_submit(submission=org_submission, csr=_csr_with_text_user_id(text))
    assert excinfo.value.reason == RejectionReason.SUBJECT_INVALID
    assert CertificateRequest.objects.count() == 0


# --- downloads answer only the formats they offer ---------------------------------------------


def _issued_organisation_certificate(org_submission, ra_officer):
    from tests.factories.smki import organisation_csr

    request = certificate_request_submit(submission=org_submission, csr=organisation_csr())
    certificate_request_approve(actor=ra_officer, request=request)
    return Certificate.objects.get()


def test_unknown_download_format_is_404_not_der(login, org_submission, ra_officer, aro, client, cas):
    from django.urls import reverse

    certificate = _issued_organisation_certificate(org_submission, ra_officer)
    signed_in = login(aro)
    good = signed_in.get(reverse("smki:certificate_download", args=[certificate.serial, "der"]))
    assert good.status_code == 200
    bad = signed_in.get(reverse("smki:certificate_download", args=[certificate.serial, "exe"]))
    assert bad.status_code == 404
    root = cas[0]
    assert client.get(reverse("smki:authority_download", args=[root.pk, "pem"])).status_code == 200
    assert client.get(reverse("smki:authority_download", args=[root.pk, "txt"])).status_code == 404


# --- CA operations are re-checked when the second officer approves ------------------------------


def _verified(user):
    user.is_verified = lambda: True
    return user


def test_renewing_a_ca_disabled_since_the_proposal_is_refused_and_the_arl_keeps_its_serial(
    cas, ra_officer, ra_officer2
):
    from cryptography import x509 as _x509

    from portal.models import AuditEvent
    from smki.choices import CaOperationKind, CaOperationStatus, CaStatus, RevocationListKind
    from smki.exceptions import SmkiNotPermitted
    from smki.selectors import current_revocation_list

    _root, organisation, _device = cas
    renew = ca_operation_propose(
        actor=_verified(ra_officer), kind=CaOperationKind.RENEW, authority=organisation, reason="Extend"
    )
    disable = ca_operation_propose(
        actor=_verified(ra_officer), kind=CaOperationKind.DISABLE, authority=organisation, reason="Retire"
    )
    ca_operation_approve(actor=_verified(ra_officer2), operation=disable)
    organisation.refresh_from_db()
    disabled_serial = organisation.serial
    renewals_before = AuditEvent.objects.filter(action="smki.ca.renewed").count()

    with pytest.raises(SmkiNotPermitted) as excinfo:
        ca_operation_approve(actor=_verified(ra_officer2), operation=renew)
    assert "disabled since this was proposed" in excinfo.value.message
    organisation.refresh_from_db()
    renew.refresh_from_db()
    assert (organisation.status, organisation.serial) == (CaStatus.DISABLED, disabled_serial)
    assert renew.status == CaOperationStatus.PROPOSED
    assert AuditEvent.objects.filter(action="smki.ca.renewed").count() == renewals_before
    arl = _x509.load_der_x509_crl(bytes(current_revocation_list(kind=RevocationListKind.ARL).der))
    assert arl.get_revoked_certificate_by_serial_number(int(disabled_serial, 16)) is not None


def test_second_create_of_the_same_name_is_refused_cleanly(cas, ra_officer, ra_officer2):
    from smki.choices import CaKind, CaOperationKind, CaOperationStatus
    from smki.exceptions import SmkiNotPermitted
    from smki.models import CertificateAuthority

    proposals = [
        ca_operation_propose(
            actor=_verified(ra_officer),
            kind=CaOperationKind.CREATE,
            name="Test Issuing OCA 2",
            ca_kind=CaKind.ISSUING_ORGANISATION,
            reason="Second issuing CA",
        )
        for _ in range(2)
    ]
    ca_operation_approve(actor=_verified(ra_officer2), operation=proposals[0])
    with pytest.raises(SmkiNotPermitted):
        ca_operation_approve(actor=_verified(ra_officer2), operation=proposals[1])
    proposals[1].refresh_from_db()
    assert proposals[1].status == CaOperationStatus.PROPOSED
    assert CertificateAuthority.objects.filter(name="Test Issuing OCA 2").count() == 1


# --- an SRO revokes through the portal; other channels are the RA's to record -------------------


def test_sro_cannot_claim_a_channel_other_than_the_portal(org_submission, ra_officer, sro, login):
    from django.urls import reverse

    from smki.choices import CertificateStatus, RevocationChannel, RevocationReason
    from smki.exceptions import SmkiNotPermitted
    from smki.services import certificate_revoke

    certificate = _issued_organisation_certificate(org_submission, ra_officer)
    with pytest.raises(SmkiNotPermitted) as excinfo:
        certificate_revoke(
            actor=sro,
            certificate=certificate,
            reason=RevocationReason.KEY_COMPROMISE,
            channel=RevocationChannel.IN_PERSON,
        )
    assert excinfo.value.code == "smki.revocation_channel"
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.PENDING

    client = login(sro)
    page = client.get(reverse("smki:certificate_detail", args=[certificate.serial])).content.decode()
    assert "Request received by" not in page
    client.post(
        reverse("smki:certificate_action", args=[certificate.serial, "revoke"]),
        {"reason": "key_compromise", "confirm": "on"},
    )
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_channel) == (
        CertificateStatus.REVOKED,
        RevocationChannel.PORTAL,
    )


def test_ra_records_a_revocation_received_by_post(org_submission, ra_officer, login):
    from django.urls import reverse

    from smki.choices import CertificateStatus, RevocationChannel

    certificate = _issued_organisation_certificate(org_submission, ra_officer)
    client = login(ra_officer)
    page = client.get(reverse("smki:certificate_detail", args=[certificate.serial])).content.decode()
    assert "Request received by" in page
    client.post(
        reverse("smki:certificate_action", args=[certificate.serial, "revoke"]),
        {"reason": "key_compromise", "channel": "registered_post", "confirm": "on"},
    )
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_channel) == (
        CertificateStatus.REVOKED,
        RevocationChannel.REGISTERED_POST,
    )


# --- a rejected Device Certificate cannot then be accepted, nor rejected twice ------------------


def test_rejected_device_certificate_leaves_pending_and_cannot_then_be_accepted(device_submission, aro, login):
    from django.urls import reverse

    from portal.exceptions import ApplicationError
    from portal.models import AuditEvent
    from smki.choices import CertificateStatus
    from smki.services import certificate_accept, certificate_reject_by_subscriber
    from tests.factories.smki import device_csr

    certificate = certificate_request_submit(submission=device_submission, csr=device_csr()).certificate
    certificate_reject_by_subscriber(actor=aro, certificate=certificate, detail="Wrong Device ID")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.NOT_IN_USE
    assert certificate.revoked_at is None  # never revoked: Device Certificates cannot be (§1.9)
    assert AuditEvent.objects.filter(action="smki.certificate.rejected_by_subscriber").count() == 1

    for attempt in (
        lambda: certificate_accept(actor=aro, certificate=certificate),
        lambda: certificate_reject_by_subscriber(actor=aro, certificate=certificate, detail="again"),
    ):
        with pytest.raises(ApplicationError):
            attempt()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.NOT_IN_USE
    assert AuditEvent.objects.filter(action="smki.certificate.rejected_by_subscriber").count() == 1
    page = login(aro).get(reverse("smki:certificate_detail", args=[certificate.serial])).content.decode()
    assert "Accept certificate" not in page


# --- repository search: words do not match identifiers through their hex letters ---------------


def test_search_by_word_does_not_match_device_ids_through_hex_letters(device_submission):
    from smki.filters import CertificateFilterSet
    from smki.models import Certificate as Cert
    from tests.factories.smki import device_csr

    certificate_request_submit(submission=device_submission, csr=device_csr(device_id="EE-E0-00-00-00-00-00-01"))

    def search(q):
        return list(CertificateFilterSet({"q": q}, queryset=Cert.objects.all()).qs.values_list("device_id", flat=True))

    assert search("Energy") == []  # its hex letters E, E once made the prefix "EE"
    assert search("ee-e0") == ["EE-E0-00-00-00-00-00-01"]
    assert search("EEE0 0000") == ["EE-E0-00-00-00-00-00-01"]


# --- an oversized batch upload through the API is refused before it is read ---------------------


def test_api_batch_upload_above_the_size_limit_is_refused(subscriber, aro, api_client_for, settings):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from smki.models import CsrBatch
    from tests.factories.smki import device_csr

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csr", device_csr())
    settings.SMKI_BATCH_MAX_UPLOAD_BYTES = len(buffer.getvalue()) - 1
    upload = SimpleUploadedFile("big.zip", buffer.getvalue(), content_type="application/zip")
    response = api_client_for(aro).post("/api/v1/smki/batches/", {"archive": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "smki.batch.too_large"
    assert CsrBatch.objects.count() == 0


# --- approving an already decided request says so, instead of "public key reused" --------------


def test_second_approval_says_the_request_is_already_decided(org_submission, ra_officer, ra_officer2):
    from portal.models import AuditEvent
    from smki.exceptions import SmkiNotPermitted
    from tests.factories.smki import organisation_csr

    request = certificate_request_submit(submission=org_submission, csr=organisation_csr())
    certificate_request_approve(actor=ra_officer, request=request)
    events = AuditEvent.objects.count()
    stale = CertificateRequest.objects.get(pk=request.pk)
    with pytest.raises(SmkiNotPermitted) as excinfo:
        certificate_request_approve(actor=ra_officer2, request=stale)
    assert excinfo.value.code == "smki.csr.already_decided"
    assert "already issued" in excinfo.value.message
    stale.refresh_from_db()
    assert stale.status == RequestStatus.ISSUED
    assert Certificate.objects.count() == 1
    assert AuditEvent.objects.count() == events


# --- with two Issuing OCAs, each one's CRL can be fetched ----------------------------------------


def test_revocation_by_an_older_oca_is_published_on_that_ocas_crl(
    org_submission, ra_officer, ra_officer2, sro, client, anon_api
):
    from cryptography import x509 as _x509
    from django.urls import reverse

    from smki.choices import CaKind, CaOperationKind, RevocationReason
    from smki.services import certificate_revoke

    certificate = _issued_organisation_certificate(org_submission, ra_officer)  # by the first OCA
    create = ca_operation_propose(
        actor=_verified(ra_officer),
        kind=CaOperationKind.CREATE,
        name="Test Issuing OCA 2",
        ca_kind=CaKind.ISSUING_ORGANISATION,
        reason="Second issuing CA",
    )
    ca_operation_approve(actor=_verified(ra_officer2), operation=create)
    certificate_revoke(actor=sro, certificate=certificate, reason=RevocationReason.KEY_COMPROMISE)
    serial = int(certificate.serial, 16)

    # Each OCA's own CRL is published, in the pages and the API, without sign-in.
    issuer = certificate.authority
    page = client.get(reverse("smki:authority_revocation_list", args=[issuer.pk]))
    assert page.status_code == 200
    crl = _x509.load_der_x509_crl(page.content)
    assert crl.issuer == issuer.x509().subject
    assert crl.get_revoked_certificate_by_serial_number(serial) is not None
    api = anon_api.get(f"/api/v1/smki/authorities/{issuer.pk}/revocation-list/")
    assert api.status_code == 200
    assert api.content == page.content


def test_device_ca_has_no_revocation_list(cas, client, anon_api):
    from django.urls import reverse

    device_ca = cas[2]
    assert client.get(reverse("smki:authority_revocation_list", args=[device_ca.pk])).status_code == 404
    assert anon_api.get(f"/api/v1/smki/authorities/{device_ca.pk}/revocation-list/").status_code == 404


# --- an ARO's rejection makes the DCC revoke; the ARO is never recorded as the revoker -----------


def test_aro_rejection_is_revoked_by_the_dcc_not_the_aro(org_submission, ra_officer, aro):
    from portal.models import AuditEvent
    from smki.choices import CertificateStatus
    from smki.services import certificate_reject_by_subscriber

    certificate = _issued_organisation_certificate(org_submission, ra_officer)
    certificate_reject_by_subscriber(actor=aro, certificate=certificate, detail="CN differs from our CSR")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_by is None
    rejected = AuditEvent.objects.get(action="smki.certificate.rejected_by_subscriber")
    assert rejected.actor == aro
    assert not AuditEvent.objects.filter(action__startswith="smki.certificate.revoked", actor=aro).exists()
    assert AuditEvent.objects.filter(action="smki.certificate.revoked", actor__isnull=True).exists()
