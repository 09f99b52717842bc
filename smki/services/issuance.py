"""Signing checked CSRs and lodging the certificates in the Repository.

``certificates_sign`` does the cryptography (outside any lock, so workers run in parallel);
``certificates_lodge`` re-checks key reuse and the per-device cap under an issuance lock and
inserts in bulk, so concurrent batches can never break either rule.
"""

import datetime as dt
import io
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
from ..profiles import Issuer, end_entity_certificate, serial_number, validity

_ISSUANCE_LOCK_KEY = 0x534D_4B49  # "SMKI"
_ISSUING_KIND: dict[str, CaKind] = {
    CertificateKind.ORGANISATION: CaKind.ISSUING_ORGANISATION,
    CertificateKind.DEVICE: CaKind.ISSUING_DEVICE,
}


def issuing_authority(kind: str) -> CertificateAuthority:
    """The newest active, unexpired issuing CA for a certificate family; raises ``no_active_ca``."""
    authority = (
        CertificateAuthority.objects.filter(
            kind=_ISSUING_KIND[kind], status=CaStatus.ACTIVE, not_after__gt=timezone.now()
        )
        .order_by("-not_before", "-pk")
        .first()
    )
    if authority is None:
        raise CsrRejected(
            RejectionReason.NO_ACTIVE_CA, f"No active issuing CA for {kind} certificates; the RA must create one."
        )
    return authority


def authority_issuer(authority: CertificateAuthority) -> Issuer:
    """The CA's certificate and signing key (through its key backend)."""
    return Issuer(
        certificate=x509.load_der_x509_certificate(bytes(authority.certificate_der)),
        key=key_backend(authority.key_backend).signing_key(authority.key_handle),
    )


@dataclass(slots=True)
class Signed:
    """A signed certificate not yet lodged (cheaper than a model instance in 50,000-CSR batches)."""

    kind: str
    usage: str
    authority_id: int
    subscriber_id: int
    batch_id: int | None
    serial: str
    subject: str
    user_id: str
    role_code: int | None
    device_id: str
    public_key_sha256: str
    csr_sha256: str
    not_before: dt.datetime
    not_after: dt.datetime
    issued_at: dt.datetime
    der: bytes

    def as_model(self) -> Certificate:
        return Certificate(**{f: getattr(self, f) for f in self.__slots__})


@dataclass(frozen=True)
class Dropped:
    certificate: Signed
    reason: str
    detail: str


def certificates_sign(*, checked: Sequence[CheckedCsr], subscriber, kind: str, batch=None) -> list[Signed]:
    """Build and sign one certificate per checked CSR; returns them unsaved (``certificates_lodge`` saves)."""
    if any(not isinstance(item, CheckedCsr) for item in checked):
        raise TypeError("Only CSRs checked by smki.checks.csr_check may be signed.")
    authority = issuing_authority(kind)
    issuer = authority_issuer(authority)
    now = timezone.now().replace(microsecond=0)
    if kind == CertificateKind.ORGANISATION:
        # An Organisation Certificate never outlives its issuer.
        not_before, not_after = validity(
            start=now, days=settings.SMKI_ORGANISATION_VALIDITY_DAYS, cap=authority.not_after
        )
    else:
        # GB Device Certificates have no well-defined expiry (99991231235959Z) unless a number of days is set.
        days = settings.SMKI_DEVICE_VALIDITY_DAYS
        not_before, not_after = validity(start=now, days=days, cap=authority.not_after if days else None)
    rows = []
    for item in checked:
        facts = item.facts
        serial = serial_number()
        certificate = end_entity_certificate(
            facts=facts, issuer=issuer, serial=serial, not_before=not_before, not_after=not_after
        )
        rows.append(
            Signed(
                kind=kind,
                usage=facts.usage,
                authority_id=authority.pk,
                subscriber_id=subscriber.pk,
                batch_id=batch.pk if batch else None,
                serial=f"{serial:X}",
                subject=facts.subject_text,
                user_id=facts.user_id,
                role_code=facts.role_code,
                device_id=facts.device_id,
                public_key_sha256=facts.public_key_sha256,
                csr_sha256=facts.csr_sha256,
                not_before=not_before,
                not_after=not_after,
                issued_at=now,
                der=certificate.public_bytes(serialization.Encoding.DER),
            )
        )
    return rows


def _lock_issuance() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ISSUANCE_LOCK_KEY])
    # SQLite: writers are serialised by the IMMEDIATE transaction already.


def certificates_lodge(*, certificates: list[Signed], bulk: bool = False) -> tuple[list, list[Dropped]]:
    """Insert signed certificates, re-checking reuse and the device cap under the issuance lock.

    Returns the saved ``Certificate`` models, or with ``bulk=True`` the ``Signed`` rows inserted
    (a multi-row INSERT without model instances, for batches). Call inside a transaction; the lock
    is held until it commits.
    """
    if not certificates:
        return [], []
    kind = certificates[0].kind
    with transaction.atomic():
        _lock_issuance()
        taken = taken_public_keys(kind, [c.public_key_sha256 for c in certificates], include_pending=False)
        issued = (
            issued_per_device([c.device_id for c in certificates]) if kind == CertificateKind.DEVICE else Counter()
        )
        kept, dropped = [], []
        for certificate in certificates:
            if certificate.public_key_sha256 in taken:
                dropped.append(
                    Dropped(
                        certificate,
                        RejectionReason.PUBLIC_KEY_REUSED,
                        "The public key was certified by a concurrent request.",
                    )
                )
                continue
            if kind == CertificateKind.DEVICE:
                if issued[certificate.device_id] >= DEVICE_CERTIFICATE_CAP:
                    dropped.append(
                        Dropped(
                            certificate,
                            RejectionReason.DEVICE_CAP_REACHED,
                            f"{DEVICE_CERTIFICATE_CAP} certificates have been issued for {certificate.device_id}.",
                        )
                    )
                    continue
                issued[certificate.device_id] += 1
            taken.add(certificate.public_key_sha256)
            kept.append(certificate)
        if bulk:
            _insert_rows(kept)
            return kept, dropped
        models = [row.as_model() for row in kept]
        Certificate.objects.bulk_create(models, batch_size=1000)
    return models, dropped


def _insert_rows(rows: list[Signed]) -> None:
    if not rows:
        return
    connection.ensure_connection()
    if connection.vendor != "postgresql" or not hasattr(connection.connection, "get_dsn_parameters"):
        # SQLite (and any driver other than psycopg2): the ORM's multi-row INSERT.
        Certificate.objects.bulk_create([row.as_model() for row in rows], batch_size=500)
        return
    # COPY is the fastest way into PostgreSQL: no per-row SQL to build or parse.
    fields = [*Signed.__slots__, "status", "revocation_reason", "revocation_channel"]
    by_attname = {f.attname: f.column for f in Certificate._meta.concrete_fields}
    columns = ", ".join(by_attname[f] for f in fields)
    status = Certificate._meta.get_field("status").default
    buffer = io.StringIO()
    for row in rows:
        values = [_copy_text(getattr(row, f)) for f in Signed.__slots__]
        buffer.write("\t".join([*values, status, "", ""]))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        # Table and column names come from the model, never from input.
        cursor.cursor.copy_expert(f"COPY {Certificate._meta.db_table} ({columns}) FROM STDIN", buffer)


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bytes):
        return "\\\\x" + value.hex()  # bytea hex, its backslash escaped for COPY
    if isinstance(value, dt.datetime):
        return value.isoformat()
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text
