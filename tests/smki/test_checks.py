"""The CSR choke point: every bad input is refused with its named reason and nothing is issued."""

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from smki.checks import CheckedCsr, csr_check, csr_check_one
from smki.choices import KeyUsage, RejectionReason, RemotePartyRole
from smki.exceptions import CsrRejected
from smki.models import Certificate, CertificateRequest
from smki.services import certificate_request_submit
from tests.factories.smki import device_csr, new_key, organisation_csr, rsa_csr, tampered

pytestmark = pytest.mark.django_db


def _both_usages():
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=True,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


BAD_ORGANISATION_CSRS = [
    (
        "malformed_pem",
        lambda: b"-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----",
        RejectionReason.MALFORMED,
    ),
    ("garbage_der", lambda: b"\x30\x03\x02\x01\x00", RejectionReason.MALFORMED),
    ("empty", lambda: b"", RejectionReason.MALFORMED),
    ("rsa", rsa_csr, RejectionReason.WRONG_KEY_TYPE),
    ("p384", lambda: organisation_csr(key=new_key(ec.SECP384R1())), RejectionReason.WRONG_CURVE),
    ("sha384", lambda: organisation_csr(hash_algorithm=hashes.SHA384()), RejectionReason.WRONG_SIGNATURE_ALGORITHM),
    (
        "bad_signature",
        lambda: tampered(organisation_csr(encoding=serialization.Encoding.DER)),
        RejectionReason.BAD_SIGNATURE,
    ),
    ("both_usages", lambda: organisation_csr(key_usage=_both_usages()), RejectionReason.KEY_USAGE_INVALID),
    (
        "extra_extension",
        lambda: organisation_csr(extra_extension=x509.BasicConstraints(ca=True, path_length=None)),
        RejectionReason.UNEXPECTED_EXTENSION,
    ),
    (
        "extra_subject_field",
        lambda: organisation_csr(extra_subject=x509.NameAttribute(NameOID.COUNTRY_NAME, "GB")),
        RejectionReason.SUBJECT_INVALID,
    ),
    (
        "other_partys_user_id",
        lambda: organisation_csr(user_id="90-B3-D5-1F-30-02-00-01"),
        RejectionReason.USER_ID_NOT_SUBSCRIBER,
    ),
    (
        "unknown_user_id",
        lambda: organisation_csr(user_id="00-11-22-33-44-55-66-77"),
        RejectionReason.USER_ID_NOT_SUBSCRIBER,
    ),
    (
        "role_not_permitted",
        lambda: organisation_csr(role_code=RemotePartyRole.NETWORK_OPERATOR),
        RejectionReason.ROLE_NOT_PERMITTED,
    ),
    ("root_role", lambda: organisation_csr(role_code=RemotePartyRole.ROOT), RejectionReason.ROLE_NOT_PERMITTED),
]


@pytest.mark.parametrize(("name", "make", "reason"), BAD_ORGANISATION_CSRS, ids=[c[0] for c in BAD_ORGANISATION_CSRS])
def test_bad_organisation_csr_is_refused_with_its_reason_and_nothing_is_stored(
    org_submission, other_party, name, make, reason
):
    with pytest.raises(CsrRejected) as excinfo:
        certificate_request_submit(submission=org_submission, csr=make())
    assert excinfo.value.reason == reason
    assert excinfo.value.code == f"smki.csr.{reason}"
    assert CertificateRequest.objects.count() == 0
    assert Certificate.objects.count() == 0


def _device_with_subject():
    return device_csr(subject=x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "meter")]))


def _device_with_dns_san():
    return device_csr(san=x509.SubjectAlternativeName([x509.DNSName("meter.example")]))


BAD_DEVICE_CSRS = [
    ("subject_not_empty", _device_with_subject, RejectionReason.SUBJECT_INVALID),
    ("dns_san", _device_with_dns_san, RejectionReason.SAN_INVALID),
    ("reserved_device_id", lambda: device_csr(device_id="FF-FF-FF-FF-FF-FF-FF-FF"), RejectionReason.SAN_INVALID),
]


@pytest.mark.parametrize(("name", "make", "reason"), BAD_DEVICE_CSRS, ids=[c[0] for c in BAD_DEVICE_CSRS])
def test_bad_device_csr_is_refused(device_submission, name, make, reason):
    with pytest.raises(CsrRejected) as excinfo:
        certificate_request_submit(submission=device_submission, csr=make())
    assert excinfo.value.reason == reason
    assert Certificate.objects.count() == 0


def test_a_good_device_csr_passes_and_yields_the_sealed_type(device_submission):
    checked = csr_check_one(submission=device_submission, csr=device_csr(usage=KeyUsage.DIGITAL_SIGNATURE))
    assert isinstance(checked, CheckedCsr)
    assert checked.facts.device_id == "00-DB-12-34-56-78-9A-BC"
    assert checked.facts.usage == KeyUsage.DIGITAL_SIGNATURE


def test_checked_csr_cannot_be_forged(device_submission):
    checked = csr_check_one(submission=device_submission, csr=device_csr())
    with pytest.raises(TypeError):
        CheckedCsr(facts=checked.facts, seal=object())


def test_public_key_reuse_is_refused_across_requests(device_submission):
    key = new_key()
    certificate_request_submit(submission=device_submission, csr=device_csr(key=key))
    with pytest.raises(CsrRejected) as excinfo:
        certificate_request_submit(
            submission=device_submission, csr=device_csr(key=key, device_id="00-DB-00-00-00-00-00-02")
        )
    assert excinfo.value.reason == RejectionReason.PUBLIC_KEY_REUSED
    assert Certificate.objects.count() == 1


def test_duplicate_key_within_one_submission(device_submission):
    key = new_key()
    outcomes = csr_check(submission=device_submission, csrs=[device_csr(key=key), device_csr(key=key)])
    assert [o.is_accepted for o in outcomes] == [True, False]
    assert outcomes[1].reason == RejectionReason.DUPLICATE_IN_BATCH


def test_hundredth_certificate_for_a_device_is_the_last(device_submission, settings):
    from smki.constants import DEVICE_CERTIFICATE_CAP

    csrs = [device_csr(usage=KeyUsage.KEY_AGREEMENT) for _ in range(DEVICE_CERTIFICATE_CAP + 1)]
    outcomes = csr_check(submission=device_submission, csrs=csrs)
    assert [o.reason for o in outcomes if not o.is_accepted] == [RejectionReason.DEVICE_CAP_REACHED]
    assert outcomes[-1].reason == RejectionReason.DEVICE_CAP_REACHED


def test_submitter_must_be_an_approved_aro_of_the_subscriber(subscriber, sro, other_aro):
    from smki.checks import Submission
    from smki.choices import CertificateKind, RequestChannel

    for person in (sro, other_aro, None):
        submission = Submission(
            subscriber=subscriber, submitter=person, kind=CertificateKind.DEVICE, channel=RequestChannel.FORM
        )
        with pytest.raises(CsrRejected) as excinfo:
            certificate_request_submit(submission=submission, csr=device_csr())
        assert excinfo.value.reason == RejectionReason.SUBMITTER_NOT_ARO
    assert Certificate.objects.count() == 0


def test_subscriber_must_be_authorised_for_the_policy(subscriber, org_submission):
    subscriber.for_organisation_certificates = False
    subscriber.save()
    with pytest.raises(CsrRejected) as excinfo:
        certificate_request_submit(submission=org_submission, csr=organisation_csr())
    assert excinfo.value.reason == RejectionReason.SUBSCRIBER_NOT_AUTHORISED
