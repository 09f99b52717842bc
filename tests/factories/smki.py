"""Factories and CSR builders for the SMKI app (good CSRs and every kind of bad one)."""

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from smki.choices import KeyUsage, OfficerKind, OfficerStatus, RemotePartyRole, SubscriberStatus
from smki.csr import hardware_module_name, user_id_name_attribute
from smki.models import Subscriber, SubscriberOfficer
from smki.profiles import key_usage_extension

NORTHERN_USER_ID = "90-B3-D5-1F-30-01-00-01"


def new_key(curve=None):
    return ec.generate_private_key(curve or ec.SECP256R1())


def organisation_csr(
    *,
    user_id: str = NORTHERN_USER_ID,
    role_code: int = RemotePartyRole.SUPPLIER,
    usage: str = KeyUsage.DIGITAL_SIGNATURE,
    key=None,
    common_name: str = "Northern Lights Energy",
    extra_extension=None,
    extra_subject=None,
    key_usage=None,
    hash_algorithm=None,
    encoding=serialization.Encoding.PEM,
) -> bytes:
    key = key or new_key()
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)] if common_name else []
    attributes += [
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{role_code:02X}"),
        user_id_name_attribute(user_id),
    ]
    if extra_subject is not None:
        attributes.append(extra_subject)
    builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attributes))
    builder = builder.add_extension(key_usage or key_usage_extension(usage), critical=True)
    if extra_extension is not None:
        builder = builder.add_extension(extra_extension, critical=False)
    algorithm = hash_algorithm if hash_algorithm is not None else hashes.SHA256()
    return builder.sign(key, algorithm).public_bytes(encoding)


def device_csr(
    *,
    device_id: str = "00-DB-12-34-56-78-9A-BC",
    usage: str = KeyUsage.KEY_AGREEMENT,
    key=None,
    encoding=serialization.Encoding.DER,
    subject=None,
    san=None,
) -> bytes:
    key = key or new_key()
    builder = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(subject or x509.Name([]))
        .add_extension(san or x509.SubjectAlternativeName([hardware_module_name(device_id)]), critical=True)
        .add_extension(key_usage_extension(usage), critical=True)
    )
    return builder.sign(key, hashes.SHA256()).public_bytes(encoding)


def rsa_csr() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "02"), user_id_name_attribute(NORTHERN_USER_ID)]
    )
    return (
        x509.CertificateSigningRequestBuilder()
        .subject_name(name)
        .add_extension(key_usage_extension(KeyUsage.DIGITAL_SIGNATURE), critical=True)
        .sign(key, hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
    )


def tampered(csr_der: bytes) -> bytes:
    """Change one letter of the signed subject so proof of possession fails but the DER still parses."""
    assert b"Northern" in csr_der
    return csr_der.replace(b"Northern", b"Southern", 1)


def approved_subscriber(*, party, sro=None, aros=(), organisation=True, device=True) -> Subscriber:
    subscriber = Subscriber.objects.create(
        party=party,
        status=SubscriberStatus.APPROVED,
        for_organisation_certificates=organisation,
        for_device_certificates=device,
    )
    if sro is not None:
        SubscriberOfficer.objects.create(
            subscriber=subscriber,
            person=sro,
            kind=OfficerKind.SRO,
            status=OfficerStatus.APPROVED,
            nominator_capacity="Director",
        )
    for aro in aros:
        SubscriberOfficer.objects.create(
            subscriber=subscriber, person=aro, kind=OfficerKind.ARO, status=OfficerStatus.APPROVED
        )
    return subscriber
