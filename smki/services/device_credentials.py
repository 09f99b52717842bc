"""Device Certificates for the emulated estate (issue 4 point 8).

The emulated device plays the device's part: it generates its own key pairs (as a real device does
at manufacture or on 6.17) and the DCC's systems submit the Device CSRs through the same choke point
as everyone else (channel ``system``, Subscriber = the DCC). Private keys are handed back to the
emulator and never stored by SMKI.
"""

from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.db import transaction

from portal.models import Party, User
from portal.services import audit

from ..checks import Submission, csr_check
from ..choices import CertificateKind, KeyUsage, RequestChannel, SubscriberStatus
from ..csr import hardware_module_name
from ..exceptions import CsrRejected
from ..models import Subscriber
from ..profiles import key_usage_extension
from .issuance import certificates_lodge, certificates_sign


@dataclass(frozen=True)
class DeviceCredentials:
    """A device's two certificates (DS and KA) and the private keys the emulator keeps."""

    device_id: str
    digital_signature_certificate_pem: str
    digital_signature_key_pem: str
    key_agreement_certificate_pem: str
    key_agreement_key_pem: str


def device_csr_build(*, device_id: str, usage: str, key: ec.EllipticCurvePrivateKey | None = None):
    """A Device CSR as a GB device would make it: empty subject, hardwareModuleName SAN, one usage."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([]))
        .add_extension(x509.SubjectAlternativeName([hardware_module_name(device_id)]), critical=True)
        .add_extension(key_usage_extension(usage), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, csr.public_bytes(serialization.Encoding.DER)


def dcc_subscriber() -> Subscriber:
    """The DCC as Authorised Subscriber for Device Certificates (created on first use)."""
    party = Party.objects.get(is_dcc=True)
    subscriber, _ = Subscriber.objects.get_or_create(
        party=party,
        defaults={
            "status": SubscriberStatus.APPROVED,
            "for_device_certificates": True,
            "for_organisation_certificates": True,
            "notes": "The DCC's own systems.",
        },
    )
    return subscriber


def device_credentials_issue(*, device_ids: list[str], actor: User | None = None) -> dict[str, DeviceCredentials]:
    """Issue a DS and a KA Device Certificate for each Device ID (canonical EUI-64).

    Raises ``CsrRejected`` naming the first refused CSR (e.g. the 100-certificate cap); nothing is
    issued then. Audit: one ``smki.device_credentials.issued`` event for the call.
    """
    subscriber = dcc_subscriber()
    submission = Submission(
        subscriber=subscriber, submitter=actor, kind=CertificateKind.DEVICE, channel=RequestChannel.SYSTEM
    )
    keys, csrs = [], []
    for device_id in device_ids:
        for usage in (KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT):
            key, der = device_csr_build(device_id=device_id, usage=usage)
            keys.append(key)
            csrs.append(der)
    outcomes = csr_check(submission=submission, csrs=csrs)
    refused = next((o for o in outcomes if not o.is_accepted), None)
    if refused is not None:
        raise CsrRejected(refused.reason, f"Device {device_ids[refused.index // 2]}: {refused.detail}")
    with transaction.atomic():
        signed = certificates_sign(
            checked=[o.checked for o in outcomes if o.checked is not None],
            subscriber=subscriber,
            kind=CertificateKind.DEVICE,
        )
        kept, dropped = certificates_lodge(certificates=signed, bulk=True)
        if dropped:
            raise CsrRejected(dropped[0].reason, dropped[0].detail)
        audit.record(
            action="smki.device_credentials.issued",
            actor=actor,
            target_type="smki.certificate",
            party=subscriber.party,
            after={"devices": len(device_ids), "certificates": len(kept)},
        )
    result = {}
    for index, device_id in enumerate(device_ids):
        ds, ka = kept[2 * index], kept[2 * index + 1]
        result[device_id] = DeviceCredentials(
            device_id=device_id,
            digital_signature_certificate_pem=_pem(ds.der),
            digital_signature_key_pem=_key_pem(keys[2 * index]),
            key_agreement_certificate_pem=_pem(ka.der),
            key_agreement_key_pem=_key_pem(keys[2 * index + 1]),
        )
    return result


def _pem(der) -> str:
    return x509.load_der_x509_certificate(bytes(der)).public_bytes(serialization.Encoding.PEM).decode()


def _key_pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def device_certificates_record_in_use(*, device_id: str, serials: list[str], actor: User | None = None) -> list:
    """Record that a device now uses these Device Certificates (after a successful 6.15.2 / CS02d, §1.12).

    Each becomes In use; the certificate it replaces (same Device ID and key usage, In use before)
    becomes Not in use. Unknown serials or serials of another device raise ``SmkiNotPermitted`` and
    change nothing. Audit: ``smki.certificate.in_use`` / ``smki.certificate.superseded``.
    """
    from django.utils import timezone

    from ..choices import CertificateStatus
    from ..exceptions import SmkiNotPermitted
    from ..models import Certificate
    from ..transitions import certificate_move

    wanted = {serial.upper().lstrip("0") for serial in serials}
    with transaction.atomic():
        rows = list(
            Certificate.objects.select_for_update()
            .filter(kind=CertificateKind.DEVICE, device_id=device_id, serial__in=wanted)
            .order_by("pk")
        )
        if len(rows) != len(wanted):
            raise SmkiNotPermitted(
                f"Not every serial is a Device Certificate of {device_id}.", code="smki.device_certificate_unknown"
            )
        for certificate in rows:
            if certificate.status == CertificateStatus.IN_USE:
                continue
            previous = (
                Certificate.objects.select_for_update()
                .filter(device_id=device_id, usage=certificate.usage, status=CertificateStatus.IN_USE)
                .exclude(pk=certificate.pk)
                .order_by("pk")
            )
            for old in previous:
                certificate_move(
                    certificate=old,
                    to=CertificateStatus.NOT_IN_USE,
                    actor=actor,
                    action="smki.certificate.superseded",
                    reason="replaced on the device",
                )
            certificate_move(
                certificate=certificate,
                to=CertificateStatus.IN_USE,
                actor=actor,
                action="smki.certificate.in_use",
                updates={"accepted_at": timezone.now()},
            )
    return rows
