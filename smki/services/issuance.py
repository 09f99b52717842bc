"""Signing checked CSRs and lodging the certificates in the Repository.

``certificates_sign`` does the cryptography (outside any lock, so workers run in parallel);
``certificates_lodge`` re-checks key reuse and the per-device cap under an issuance lock and
inserts in bulk, so concurrent batches can never break either rule.
"""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..checks import CheckedCsr, issued_per_device, taken_public_keys
from ..choices import CaKind, CaStatus, CertificateKind, RejectionReason
from ..constants import DEVICE_CERTIFICATE_CAP
from ..exceptions import CsrRejected
from ..integrations.key_backends import key_backend
from ..models import Certificate, CertificateAuthority
from ..profiles import Issuer, end_entity_certificate

_ISSUANCE_LOCK_KEY = 0x534D_4B49  # "SMKI"
_ISSUING_KIND = {CertificateKind.ORGANISATION: CaKind.ISSUING_ORGANISATION, CertificateKind.DEVICE: CaKind.ISSUING_DEVICE}


def issuing_authority(kind: str) -> CertificateAuthority:
    """The newest active, unexpired issuing CA for a certificate family; raises ``no_active_ca``."""
    authority = (CertificateAuthority.objects.filter(kind=_ISSUING_KIND[kind], status=CaStatus.ACTIVE,
                                                     not_after__gt=timezone.now())
                 .order_by("-not_before", "-pk").first())
    if authority is None:
        raise CsrRejected(RejectionReason.NO_ACTIVE_CA,
                          f"No active issuing CA for {kind} certificates; the RA must create one.")
    return authority


def authority_issuer(authority: CertificateAuthority) -> Issuer:
    """The CA's certificate and signing key (through its key backend)."""
    return Issuer(certificate=x509.load_der_x509_certificate(bytes(authority.certificate_der)),
                  key=key_backend(authority.key_backend).signing_key(authority.key_handle))


@dataclass(frozen=True)
class Dropped:
    certificate: Certificate
    reason: str
    detail: str


def certificates_sign(*, checked: Sequence[CheckedCsr], subscriber, kind: str, batch=None) -> list[Certificate]:
    """Build and sign one certificate per checked CSR; returns unsaved ``Certificate`` rows."""
    if any(not isinstance(item, CheckedCsr) for item in checked):
        raise TypeError("Only CSRs checked by smki.checks.csr_check may be signed.")
    authority = issuing_authority(kind)
    issuer = authority_issuer(authority)
    now = timezone.now().replace(microsecond=0)
    days = settings.SMKI_ORGANISATION_VALIDITY_DAYS if kind == CertificateKind.ORGANISATION \
        else settings.SMKI_DEVICE_VALIDITY_DAYS
    # A certificate never outlives its issuer.
    not_after = min(now + dt.timedelta(days=days), authority.not_after)
    rows = []
    for item in checked:
        facts = item.facts
        serial = x509.random_serial_number()
        certificate = end_entity_certificate(facts=facts, issuer=issuer, serial=serial, not_before=now,
                                             not_after=not_after)
        rows.append(Certificate(
            kind=kind, usage=facts.usage, authority=authority, subscriber=subscriber, batch=batch,
            serial=f"{serial:X}", subject=facts.subject_text, user_id=facts.user_id, role_code=facts.role_code,
            device_id=facts.device_id, public_key_sha256=facts.public_key_sha256, csr_sha256=facts.csr_sha256,
            not_before=now, not_after=not_after, issued_at=now,
            der=certificate.public_bytes(serialization.Encoding.DER),
        ))
    return rows


def _lock_issuance() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ISSUANCE_LOCK_KEY])
    # SQLite: writers are serialised by the IMMEDIATE transaction already.


def certificates_lodge(*, certificates: list[Certificate]) -> tuple[list[Certificate], list[Dropped]]:
    """Insert signed certificates, re-checking reuse and the device cap under the issuance lock.

    Call inside a transaction; the lock is held until it commits.
    """
    if not certificates:
        return [], []
    kind = certificates[0].kind
    with transaction.atomic():
        _lock_issuance()
        taken = taken_public_keys(kind, [c.public_key_sha256 for c in certificates], include_pending=False)
        issued = issued_per_device([c.device_id for c in certificates]) if kind == CertificateKind.DEVICE \
            else Counter()
        kept, dropped = [], []
        for certificate in certificates:
            if certificate.public_key_sha256 in taken:
                dropped.append(Dropped(certificate, RejectionReason.PUBLIC_KEY_REUSED,
                                       "The public key was certified by a concurrent request."))
                continue
            if kind == CertificateKind.DEVICE:
                if issued[certificate.device_id] >= DEVICE_CERTIFICATE_CAP:
                    dropped.append(Dropped(certificate, RejectionReason.DEVICE_CAP_REACHED,
                                           f"{DEVICE_CERTIFICATE_CAP} certificates have been issued for "
                                           f"{certificate.device_id}."))
                    continue
                issued[certificate.device_id] += 1
            taken.add(certificate.public_key_sha256)
            kept.append(certificate)
        Certificate.objects.bulk_create(kept, batch_size=1000)
    return kept, dropped
