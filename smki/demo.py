"""Demo data of the SMKI app (idempotent): the CAs, Northern Lights Energy as Authorised Subscriber
with its SRO and ARO, an issued Organisation Certificate in use, one awaiting review, and a few
Device Certificates."""

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from portal.models import Party, User

from .checks import Submission
from .choices import CertificateKind, KeyUsage, OfficerKind, OfficerStatus, RemotePartyRole, RequestChannel
from .csr import user_id_name_attribute
from .models import Certificate, CertificateRequest, Subscriber
from .profiles import key_usage_extension


def organisation_csr(
    *, user_id: str, role_code: int, usage: str, common_name: str = "", key: ec.EllipticCurvePrivateKey | None = None
) -> tuple[ec.EllipticCurvePrivateKey, str]:
    """A well-formed Organisation CSR (PEM) as a Subscriber would generate it; used by demo and tests."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)] if common_name else []
    attributes += [
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{role_code:02X}"),
        user_id_name_attribute(user_id),
    ]
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name(attributes))
        .add_extension(key_usage_extension(usage), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, csr.public_bytes(serialization.Encoding.PEM).decode()


def seed_smki(stdout=None) -> None:
    from .services import (
        authority_hierarchy_bootstrap,
        certificate_accept,
        certificate_request_approve,
        certificate_request_submit,
        device_credentials_issue,
    )
    from .services.subscribers import _OFFICER_ROLE

    authority_hierarchy_bootstrap()
    northern = Party.objects.filter(code="northern").first()
    if northern is None:
        return
    subscriber, _ = Subscriber.objects.get_or_create(
        party=northern,
        defaults={
            "status": "approved",
            "for_organisation_certificates": True,
            "for_device_certificates": True,
            "notes": "Demo Authorised Subscriber.",
        },
    )
    ra = User.objects.filter(email="ra@dcc.demo").first()
    ra2 = User.objects.filter(email="ra2@dcc.demo").first()
    for email, kind in (("sro@northern.demo", OfficerKind.SRO), ("aro@northern.demo", OfficerKind.ARO)):
        person = User.objects.filter(email=email).first()
        if person is None or subscriber.officers.filter(person=person, kind=kind).exists():
            continue
        officer = subscriber.officers.create(
            person=person,
            kind=kind,
            status=OfficerStatus.APPROVED,
            nominator_capacity="Director" if kind == OfficerKind.SRO else "",
            identity_verified_by=ra,
            identity_evidence="Met in person (demo)",
            approved_by=ra,
        )
        from django.contrib.auth.models import Group

        officer.person.groups.add(Group.objects.get_or_create(name=_OFFICER_ROLE[kind])[0])
    aro = User.objects.filter(email="aro@northern.demo").first()
    if aro is None or ra2 is None or Certificate.objects.filter(subscriber=subscriber).exists():
        return
    submission = Submission(
        subscriber=subscriber, submitter=aro, kind=CertificateKind.ORGANISATION, channel=RequestChannel.FORM
    )
    for usage in (KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT):
        _, pem = organisation_csr(
            user_id="90-B3-D5-1F-30-01-00-01",
            role_code=RemotePartyRole.SUPPLIER,
            usage=usage,
            common_name="Northern Lights Energy",
        )
        request = certificate_request_submit(submission=submission, csr=pem)
        certificate_request_approve(actor=ra2, request=request)
        request.refresh_from_db()
        certificate_accept(actor=aro, certificate=request.certificate)
    _, pem = organisation_csr(
        user_id="90-B3-D5-1F-30-01-00-01",
        role_code=RemotePartyRole.XML_SIGN,
        usage=KeyUsage.DIGITAL_SIGNATURE,
        common_name="Northern Lights Energy",
    )
    certificate_request_submit(submission=submission, csr=pem)
    device_credentials_issue(device_ids=["00-DB-12-34-56-78-9A-01", "00-DB-12-34-56-78-9A-02"])
    if stdout:
        stdout.write(
            f"  smki: CAs, Subscriber {subscriber}, {Certificate.objects.count()} certificates, "
            f"{CertificateRequest.objects.filter(status='pending_review').count()} CSR awaiting review"
        )
