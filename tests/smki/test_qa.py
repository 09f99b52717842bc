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
from smki.services import certificate_request_approve, certificate_request_submit
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
