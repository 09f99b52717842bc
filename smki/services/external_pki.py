"""Importing an external test PKI's public certificates into SMKI (issue 12 item 7; D-ZAZ-02..04).

DCC's ZAZ1 PKI ships as ``keystore.json`` (``smki.keystore``). Each certificate becomes an ordinary
``Certificate`` row, In use, issued by an ``external`` ``CertificateAuthority`` row for its issuer
(no key, no certificate of its own), owned by the Subscriber of the Party that holds its User ID, so
that the SMKI Repository, its web services and the DUIS gateway's signature checks find it by serial
and issuer like any other. Private keys in the file are never read into storage.

An entry is reported, one line each, and skipped when its certificate cannot be parsed (ZAZ1's two
``mdr-*`` certificates), is not a GB SMKI certificate or not what the entry claims, clashes with a
different certificate's serial or key, or belongs to a User ID no Party holds. Re-importing is
harmless: an identical certificate is reported as already imported.
"""

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import cast

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import SignatureAlgorithmOID
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.enqueue import enqueue_on_commit
from portal.models import Job, Party, PartyUserRole, User
from portal.services import audit
from portal.services.jobs import job_create, job_fail, job_progress, job_start, job_succeed

from ..choices import CaKind, CertificateKind, CertificateStatus, ExternalImportOutcome, SubscriberStatus
from ..constants import ROLE_CODES_BY_USER_ROLE
from ..csr import profile_facts, public_key_fingerprint
from ..exceptions import CsrRejected, KeystoreInvalid, SmkiNotPermitted
from ..keystore import KeystoreEntry, entries_dump, entries_load, keystore_parse
from ..models import Certificate, CertificateAuthority, Subscriber
from ..permissions import can_import_external_pki

JOB_KIND = "smki.external_pki_import"
# Certificates with these role codes can only be the DCC's (Recovery, ACB, Transitional CoS, WAN
# Provider, DspXmlSign): they are the DCC's even when the DCC Party lists no such User ID (D-ZAZ-04).
DCC_ONLY_ROLE_CODES = ROLE_CODES_BY_USER_ROLE["DCC"] - frozenset().union(
    *(codes for role, codes in ROLE_CODES_BY_USER_ROLE.items() if role != "DCC")
)
_SOURCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$")
Outcome = ExternalImportOutcome


@dataclass(frozen=True)
class ImportLine:
    """The report line of one keystore entry."""

    name: str
    identifier: str  # the User ID or Device ID the entry is filed under
    usage: str
    serial: str  # hex, as the Repository shows it
    role: int | None
    outcome: str
    detail: str = ""
    party: str = ""
    expired: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def _line(entry: KeystoreEntry, outcome: str, detail: str = "", **extra) -> ImportLine:
    return ImportLine(
        name=entry.label,
        identifier=entry.eui,
        usage=entry.usage,
        serial=f"{entry.serial:X}",
        role=entry.role,
        outcome=outcome,
        detail=detail,
        **extra,
    )


def external_pki_import(
    *,
    entries: Sequence[KeystoreEntry],
    source: str,
    actor: User | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[ImportLine]:
    """Import every entry, each in its own transaction; returns one report line per entry, in order.

    Audit: ``smki.certificate.imported`` per certificate, ``smki.subscriber.created_for_import`` when
    a holder Party had no Subscriber record, and one ``smki.external_pki.imported`` summary.
    """
    holders = {row.user_id: row.party for row in PartyUserRole.objects.select_related("party")}
    dcc = Party.objects.filter(is_dcc=True).first()
    lines = []
    for done, entry in enumerate(entries, start=1):
        lines.append(_import_one(entry, source=source, actor=actor, holders=holders, dcc=dcc))
        if progress and (done % 10 == 0 or done == len(entries)):
            progress(done)
    counts = Counter(line.outcome for line in lines)
    audit.record(
        action="smki.external_pki.imported",
        actor=actor,
        target_type="smki.certificateauthority",
        target_label=f"{source} test PKI",
        party=dcc,
        after={"source": source, "entries": len(lines), **{k: counts[k] for k in sorted(counts)}},
    )
    return lines


def _import_one(entry: KeystoreEntry, *, source: str, actor: User | None, holders: dict, dcc) -> ImportLine:
    try:
        certificate = x509.load_pem_x509_certificate(entry.certificate_pem.encode())
        extensions = certificate.extensions
    except (ValueError, x509.DuplicateExtension) as exc:
        return _line(entry, Outcome.UNPARSEABLE, f"cryptography cannot parse the certificate: {exc}"[:300])
    problem = _profile_problem(certificate)
    try:
        facts = profile_facts(subject=certificate.subject, extensions=extensions) if not problem else {}
    except CsrRejected as exc:
        problem = exc.message
    problem = problem or _claims_problem(entry, certificate, facts)
    if problem:
        return _line(entry, Outcome.INCONSISTENT, problem[:300])
    party = _holder(facts, holders, dcc)
    if party is None:
        return _line(
            entry,
            Outcome.NOT_HELD,
            f"No Party holds User ID {entry.eui}: give it to a Party and import again.",
        )
    now = timezone.now()
    expired = certificate.not_valid_after_utc <= now
    detail = (
        f"Expired on {certificate.not_valid_after_utc:%d %b %Y}: the Repository shows it as Expired; signature "
        "checks accept it only while SMKI_ACCEPT_EXPIRED_TEST_PKI is on."
        if expired
        else ""
    )
    with transaction.atomic():
        clash = _clash(certificate, facts["kind"])
        if clash is not None:
            return _line(entry, clash[0], clash[1], party=party.name)
        try:
            with transaction.atomic():
                row = _create(certificate, facts, source=source, party=party, actor=actor)
        except IntegrityError:
            # A concurrent import lodged it between the check and the insert: report what is there now.
            outcome, text = _clash(certificate, facts["kind"]) or (Outcome.CONFLICT, "Lodged concurrently.")
            return _line(entry, outcome, text, party=party.name)
        audit.record(
            action="smki.certificate.imported",
            actor=actor,
            target=row,
            party=party,
            after={
                "source": source,
                "serial": row.serial,
                "issuer": row.authority.name,
                "user_id": row.user_id,
                "device_id": row.device_id,
                "role_code": row.role_code,
                "usage": row.usage,
                "not_after": row.not_after,
            },
        )
    return _line(entry, Outcome.IMPORTED, detail, party=party.name, expired=expired)


def _profile_problem(certificate: x509.Certificate) -> str:
    key = certificate.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        return "The key is not an EC P-256 key, as every GB SMKI key is."
    if certificate.signature_algorithm_oid != SignatureAlgorithmOID.ECDSA_WITH_SHA256:
        return f"It is signed with {certificate.signature_algorithm_oid.dotted_string}, not ECDSA-SHA256."
    return ""


def _claims_problem(entry: KeystoreEntry, certificate: x509.Certificate, facts: dict) -> str:
    """The entry is filed under an EUI, usage, serial and role: the certificate must say the same."""
    identifier = facts.get("user_id") or facts.get("device_id")
    if identifier != entry.eui:
        return f"The entry is filed under {entry.eui} but the certificate is for {identifier}."
    if facts["usage"] != entry.usage:
        return f"The entry is filed under {entry.usage} but the certificate's keyUsage is {facts['usage']}."
    if certificate.serial_number != entry.serial:
        return f"The entry is filed under serial {entry.serial} but the certificate's is {certificate.serial_number}."
    if entry.role is not None and facts.get("role_code") != entry.role:
        return f"The entry says role {entry.role} but the certificate's OU is {facts.get('role_code')}."
    return ""


def _holder(facts: dict, holders: dict, dcc) -> Party | None:
    # Device Certificates of an imported PKI belong to the DCC's estate, as the emulated devices' do.
    if facts["kind"] == CertificateKind.DEVICE:
        return dcc
    party = holders.get(facts["user_id"])
    if party is None and facts["role_code"] in DCC_ONLY_ROLE_CODES:
        return dcc
    return party


def _clash(certificate: x509.Certificate, kind: str) -> tuple[str, str] | None:
    der = certificate.public_bytes(serialization.Encoding.DER)
    serial = f"{certificate.serial_number:X}"
    existing = Certificate.objects.filter(serial=serial).only("der", "kind").first()
    if existing is not None:
        if bytes(existing.der) == der:
            return Outcome.UNCHANGED, ""
        return Outcome.CONFLICT, f"Serial {serial} belongs to another certificate in the Repository."
    taken = (
        Certificate.objects.filter(kind=kind, public_key_sha256=public_key_fingerprint(_ec_key(certificate)))
        .values_list("serial", flat=True)
        .first()
    )
    if taken is not None:
        return Outcome.CONFLICT, f"Its public key is already certified by {taken} (L11.4: no key reuse)."
    return None


def _create(
    certificate: x509.Certificate, facts: dict, *, source: str, party: Party, actor: User | None
) -> Certificate:
    is_device = facts["kind"] == CertificateKind.DEVICE
    subject = ""
    if not is_device:
        parts = [f"CN={facts['common_name']}"] if facts["common_name"] else []
        subject = ", ".join([*parts, f"OU={facts['role_code']:02X}", f"x500UniqueIdentifier={facts['user_id']}"])
    # An imported certificate is In use from the start: its Subscriber accepted it in its own PKI.
    return Certificate.objects.create(
        kind=facts["kind"],
        usage=facts["usage"],
        status=CertificateStatus.IN_USE,
        authority=_external_authority(certificate, source),
        subscriber=_holder_subscriber(party, source, actor),
        serial=f"{certificate.serial_number:X}",
        subject=subject,
        user_id="" if is_device else facts["user_id"],
        role_code=None if is_device else facts["role_code"],
        device_id=facts["device_id"] if is_device else "",
        public_key_sha256=public_key_fingerprint(_ec_key(certificate)),
        csr_sha256="",
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        der=certificate.public_bytes(serialization.Encoding.DER),
        issued_at=certificate.not_valid_before_utc,
        accepted_at=timezone.now(),
    )


def _external_authority(certificate: x509.Certificate, source: str) -> CertificateAuthority:
    subject = certificate.issuer.rfc4514_string()
    try:
        identifier = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
    except x509.ExtensionNotFound:
        identifier = None
    authority = (
        CertificateAuthority.objects.select_for_update()
        .filter(kind=CaKind.EXTERNAL, source=source, subject=subject)
        .first()
    )
    if authority is None:
        readable = ", ".join(f"{a.rfc4514_attribute_name}={a.value!s}" for a in certificate.issuer)
        name = f"{source}: {readable}"[:64]
        if CertificateAuthority.objects.filter(name=name).exists():
            name = f"{name[:54]} ({CertificateAuthority.objects.count() + 1})"
        return CertificateAuthority.objects.create(
            name=name,
            kind=CaKind.EXTERNAL,
            subject=subject,
            source=source,
            key_identifier=identifier.hex().upper() if identifier else "",
        )
    if identifier and not authority.key_identifier:
        authority.key_identifier = identifier.hex().upper()
        authority.save(update_fields=["key_identifier", "updated_at"])
    return authority


def _holder_subscriber(party: Party, source: str, actor: User | None) -> Subscriber:
    subscriber, created = Subscriber.objects.get_or_create(
        party=party,
        defaults={"status": SubscriberStatus.EXTERNAL, "notes": f"Holds certificates of the {source} test PKI."},
    )
    if created:
        audit.record(
            action="smki.subscriber.created_for_import", actor=actor, target=subscriber, after={"source": source}
        )
    return subscriber


def external_pki_import_start(*, actor: User, data: bytes, filename: str, source: str = "ZAZ1") -> Job:
    """Check an uploaded keystore.json and queue its import as a Job (DCC staff with the permission).

    Raises ``SmkiNotPermitted`` or ``KeystoreInvalid`` (nothing created). The job's input keeps the
    certificates only: private keys in the upload are dropped here and never stored.
    Audit: ``job.created``; the task writes the import's own events.
    """
    if not can_import_external_pki(actor):
        raise SmkiNotPermitted("Only DCC staff with the SMKI import permission may import an external PKI.")
    source = source.strip()
    if not _SOURCE.match(source):
        raise KeystoreInvalid("Name the PKI with 1 to 40 letters, digits, spaces, dots, dashes or underscores.")
    if len(data) > settings.SMKI_KEYSTORE_MAX_BYTES:
        raise KeystoreInvalid(f"The file is larger than {settings.SMKI_KEYSTORE_MAX_BYTES} bytes.")
    entries = keystore_parse(data, max_entries=settings.SMKI_KEYSTORE_MAX_ENTRIES)
    with transaction.atomic(durable=True):
        job = job_create(
            actor=actor,
            kind=JOB_KIND,
            title=f"Import of the {source} test PKI ({filename[-80:]})",
            params={
                "source": source,
                "filename": filename[-120:],
                "entries": len(entries),
                "private_keys_dropped": sum(e.had_private_key for e in entries),
            },
            total=len(entries),
            input_file=ContentFile(entries_dump(entries), name="keystore-certificates.json"),
        )
        enqueue_on_commit("smki.tasks.external_pki_import_run", job_id=job.pk)
    return job


def _ec_key(certificate: x509.Certificate) -> ec.EllipticCurvePublicKey:
    """The certificate's key as the GB profile has it (P-256); the fingerprint fails on any other."""
    return cast(ec.EllipticCurvePublicKey, certificate.public_key())


def external_pki_import_run(*, job_id: int) -> Job | None:
    """The import job's body (its task calls this): import the stored entries, then store the per-entry
    report (page and CSV). An unexpected error fails the job and is raised again (a re-import is
    idempotent anyway)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return None
    try:
        return _import_job(job)
    except Exception as exc:  # terminal: recorded on the job
        job_fail(job=job, error=f"The import stopped: {exc}")
        raise


def _import_job(job: Job) -> Job:
    if not job_start(job=job):
        return job
    try:
        entries = entries_load(job.input_file.open("rb").read())
    except (OSError, ValueError, TypeError) as exc:
        return job_fail(job=job, error=f"The stored keystore cannot be read ({exc}).")
    lines = external_pki_import(
        entries=entries,
        source=job.params["source"],
        actor=job.created_by,
        progress=lambda done: job_progress(job=job, done=done),
    )
    return job_succeed(
        job=job,
        result=import_summary(lines),
        result_url=reverse("smki:external_pki_import", args=[job.pk]),
        result_file=ContentFile(report_csv(lines), name=f"external-pki-import-{job.pk}.csv"),
    )


def import_summary(lines: list[ImportLine]) -> dict:
    counts = Counter(line.outcome for line in lines)
    expired = sum(line.expired for line in lines)
    skipped = len(lines) - counts[Outcome.IMPORTED] - counts[Outcome.UNCHANGED]
    return {
        "counts": {outcome.value: counts[outcome.value] for outcome in Outcome},
        "expired": expired,
        "lines": [line.as_dict() for line in lines],
        "outcome": (
            f"{counts[Outcome.IMPORTED]} imported ({expired} of them expired), "
            f"{counts[Outcome.UNCHANGED]} already imported, {skipped} not imported."
        ),
    }


def report_csv(lines: list[ImportLine]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "user_or_device_id", "usage", "serial", "role", "outcome", "party", "expired", "detail"])
    for line in lines:
        role = "" if line.role is None else line.role
        expired = "yes" if line.expired else "no"
        writer.writerow(
            [line.name, line.identifier, line.usage, line.serial, role, line.outcome, line.party, expired, line.detail]
        )
    return out.getvalue().encode()
