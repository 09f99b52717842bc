"""Credentials of the DCC's own systems: the DSP's XML signing certificate (DspXmlSign, 0x89).

The DCC signs its DUIS answers, responses and alerts with a DspXmlSign Organisation Certificate
whose ``x500UniqueIdentifier`` is the DCC's User ID. Its key is made by the SMKI key backend (the
caller keeps only the handle), and its CSR passes the same choke point as every other CSR, with
the DCC as Subscriber and channel ``system``. No RA review: the DCC issues to itself, as it does
for the emulated devices' certificates (``device_credentials``).
"""

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.db import transaction
from django.utils import timezone

from portal.services import audit

from ..checks import Submission, csr_check_one
from ..choices import CertificateKind, CertificateStatus, KeyUsage, RemotePartyRole, RequestChannel, RequestStatus
from ..csr import user_id_name_attribute
from ..exceptions import CsrRejected
from ..integrations.key_backends import key_backend
from ..models import Certificate, CertificateRequest
from ..profiles import key_usage_extension
from ..transitions import certificate_move
from .device_credentials import dcc_subscriber
from .issuance import certificates_lodge, certificates_sign


def _csr(*, key: ec.EllipticCurvePrivateKey, user_id: str, role_code: int) -> bytes:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "DCC"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{role_code:02X}"),
            user_id_name_attribute(user_id),
        ]
    )
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(subject)
        .add_extension(key_usage_extension(KeyUsage.DIGITAL_SIGNATURE), critical=True)
        .sign(key, hashes.SHA256())
    )
    return csr.public_bytes(serialization.Encoding.DER)


def dcc_signing_certificate_issue(
    *, user_id: str, role_code: int = RemotePartyRole.DSP_XML_SIGN, actor=None
) -> tuple[Certificate, str, str]:
    """Issue a DCC signing certificate with a new backend-held key; returns (certificate, backend, handle).

    ``user_id`` must be one of the DCC Party's User IDs. The certificate is In use at once.
    Raises ``CsrRejected`` from the choke point (nothing is issued then).
    Audit: ``smki.certificate.issued`` and the ``in_use`` transition.
    """
    backend = key_backend()
    handle = backend.generate()
    key = backend.signing_key(handle)
    subscriber = dcc_subscriber()
    submission = Submission(
        subscriber=subscriber, submitter=actor, kind=CertificateKind.ORGANISATION, channel=RequestChannel.SYSTEM
    )
    checked = csr_check_one(submission=submission, csr=_csr(key=key, user_id=user_id, role_code=role_code))
    with transaction.atomic():
        signed = certificates_sign(checked=[checked], subscriber=subscriber, kind=CertificateKind.ORGANISATION)
        kept, dropped = certificates_lodge(certificates=signed)
        if dropped:
            raise CsrRejected(dropped[0].reason, dropped[0].detail)
        certificate = kept[0]
        facts = checked.facts
        CertificateRequest.objects.create(
            kind=CertificateKind.ORGANISATION,
            channel=RequestChannel.SYSTEM,
            status=RequestStatus.ISSUED,
            subscriber=subscriber,
            csr_der=facts.der,
            csr_sha256=facts.csr_sha256,
            public_key_sha256=facts.public_key_sha256,
            usage=facts.usage,
            subject=facts.subject_text,
            user_id=facts.user_id,
            role_code=facts.role_code,
            certificate=certificate,
        )
        audit.record(
            action="smki.certificate.issued",
            actor=actor,
            target=certificate,
            party=subscriber.party,
            after={"serial": certificate.serial, "role_code": role_code, "user_id": user_id, "channel": "system"},
        )
        certificate_move(
            certificate=certificate,
            to=CertificateStatus.IN_USE,
            actor=actor,
            action="smki.certificate.in_use",
            reason="the DCC's own signing credential",
            updates={"accepted_at": timezone.now()},
        )
    return certificate, backend.name, handle


def system_signing_key(*, backend: str, handle: str) -> ec.EllipticCurvePrivateKey:
    """The private key behind a handle ``dcc_signing_certificate_issue`` returned."""
    return key_backend(backend).signing_key(handle)
