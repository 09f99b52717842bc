"""Batched Device CSRs: up to 50,000 per batch, processed in parallel chunks (spec §1.7).

Flow: ``csr_batch_submit`` (request: checks the submitter and the zip, stores it, creates the Job)
-> ``csr_batch_process`` (task: splits into chunks) -> ``csr_batch_chunk_process`` (tasks, in
parallel: choke point, sign, lodge) -> ``csr_batch_finalize`` (task: certificates zip + per-CSR
report on the pickup page for 30 days). Every step is idempotent: a chunk is done at most once.
"""

import datetime as dt
import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from portal.enqueue import enqueue_on_commit
from portal.services import audit
from portal.services.jobs import job_create, job_fail, job_progress, job_start, job_succeed
from portal.services.notifications import notify

from ..checks import Submission, csr_check, submission_check
from ..choices import BatchStatus, CertificateKind, RequestChannel
from ..constants import BATCH_MAX_CSRS, PICKUP_DAYS
from ..exceptions import BatchRejected, CsrRejected
from ..models import Certificate, CsrBatch, CsrBatchChunk
from ..packaging import assemble, certificate_fragment
from ..transitions import batch_move
from .issuance import certificates_lodge, certificates_sign

REPORT_HEADER = "# position\tfile\tresult\tserial or reason\tdevice id or detail\tusage\n"


def _zip_members(data: bytes) -> list[zipfile.ZipInfo]:
    """The CSR files of an uploaded zip, in order; raises ``BatchRejected`` for a bad or hostile zip."""
    if len(data) > settings.SMKI_BATCH_MAX_UPLOAD_BYTES:
        raise BatchRejected(
            f"The zip is larger than {settings.SMKI_BATCH_MAX_UPLOAD_BYTES} bytes.", code="smki.batch.too_large"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise BatchRejected("The upload is not a readable zip file of CSRs.", code="smki.batch.bad_zip") from exc
    # L8.2 / §8 rule 3: above 50,000 CSRs the whole batch is rejected, every CSR in it.
    if len(members) > BATCH_MAX_CSRS:
        raise BatchRejected(
            f"The batch holds {len(members)} CSRs; at most {BATCH_MAX_CSRS} are allowed, so the "
            "whole batch is rejected.",
            code="smki.batch.too_many_csrs",
        )
    _at_least_two(len(members))
    # Zip-bomb guard on the declared sizes; reading enforces the per-member limit again.
    total = sum(info.file_size for info in members)
    oversize = next((i for i in members if i.file_size > settings.SMKI_BATCH_MAX_MEMBER_BYTES), None)
    if oversize is not None or total > settings.SMKI_BATCH_MAX_UNCOMPRESSED_BYTES:
        raise BatchRejected(
            "The zip expands beyond the size allowed for CSRs (a CSR is under "
            f"{settings.SMKI_BATCH_MAX_MEMBER_BYTES} bytes).",
            code="smki.batch.zip_bomb",
        )
    return members


def _at_least_two(count: int) -> None:
    """L8.2: a Batched CSR holds more than one CSR; a single one goes through the ordinary request."""
    if count == 0:
        raise BatchRejected("The batch holds no CSRs.", code="smki.batch.empty")
    if count == 1:
        raise BatchRejected(
            "A batch holds more than one CSR (SEC L8.2); submit a single CSR as an ordinary request.",
            code="smki.batch.single",
        )


def csrs_to_zip(csrs: list[str | bytes]) -> bytes:
    """Pack CSRs sent as a list (API) into the same zip form as an upload."""
    if len(csrs) > BATCH_MAX_CSRS:
        raise BatchRejected(
            f"The batch holds {len(csrs)} CSRs; at most {BATCH_MAX_CSRS} are allowed, so the whole batch is rejected.",
            code="smki.batch.too_many_csrs",
        )
    _at_least_two(len(csrs))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for position, csr in enumerate(csrs, start=1):
            archive.writestr(f"csr-{position:05d}.csr", csr.encode() if isinstance(csr, str) else csr)
    return buffer.getvalue()


def csr_batch_submit(*, submission: Submission, data: bytes, name: str = "batch.zip") -> CsrBatch:
    """Accept a Batched CSR (a zip of Device CSRs) for background processing.

    Checks the submitter (choke point ``submission_check``) and the zip synchronously; raises
    ``CsrRejected``/``BatchRejected`` and stores nothing when refused. Audit: ``smki.batch.submitted``.
    """
    if submission.kind != CertificateKind.DEVICE:
        raise BatchRejected("Only Device CSRs can be batched.", code="smki.batch.kind")
    try:
        submission_check(submission)
        members = _zip_members(data)
    except (CsrRejected, BatchRejected) as exc:
        audit.record(
            action="smki.batch.refused",
            actor=submission.submitter,
            target_type="smki.csrbatch",
            party=submission.subscriber.party,
            after={"code": exc.code, "detail": exc.message[:300]},
        )
        raise
    with transaction.atomic(durable=True):
        job = job_create(
            actor=submission.submitter,
            kind="smki.csr_batch",
            party=submission.subscriber.party,
            title=f"Device CSR batch ({len(members)} CSRs)",
            total=len(members),
            params={"subscriber": submission.subscriber.pk},
        )
        batch = CsrBatch(
            subscriber=submission.subscriber,
            submitted_by=submission.submitter,
            job=job,
            channel=submission.channel,
            original_name=name[:200],
            csr_count=len(members),
        )
        batch.input_file.save("csrs.zip", ContentFile(data), save=False)
        batch.save()
        audit.record(
            action="smki.batch.submitted",
            actor=submission.submitter,
            target=batch,
            party=submission.subscriber.party,
            after={"csrs": len(members), "job": job.pk},
        )
        enqueue_on_commit("smki.tasks.csr_batch_process", batch_id=batch.pk)
    return batch


def _batch_fails_with(step: str, batch_of: Callable[[dict[str, int]], int | None]):
    """A step that raises marks its batch (and job) failed, then re-raises: terminal failures are data."""

    def decorate(run: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(run)
        def guarded(**kwargs: int) -> None:
            try:
                run(**kwargs)
            except Exception as exc:
                batch_id = batch_of(kwargs)
                if batch_id:
                    csr_batch_fail(batch_id=batch_id, error=f"{step} failed: {exc}")
                raise

        return guarded

    return decorate


def _chunk_batch(kwargs: dict[str, int]) -> int | None:
    return CsrBatchChunk.objects.filter(pk=kwargs["chunk_id"]).values_list("batch_id", flat=True).first()


@_batch_fails_with("Splitting the batch", lambda kwargs: kwargs["batch_id"])
def csr_batch_process(*, batch_id: int) -> None:
    """Split a queued batch into chunks and enqueue one task per chunk (idempotent)."""
    batch = CsrBatch.objects.select_related("job").get(pk=batch_id)
    if not job_start(job=batch.job, total=batch.csr_count):
        return
    size = max(1, settings.SMKI_BATCH_CHUNK_SIZE)
    _refresh_planner_statistics()
    with batch.input_file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        locations = [
            [info.filename, info.header_offset, info.compress_size, info.compress_type, info.flag_bits]
            for info in archive.infolist()
            if not info.is_dir()
        ]
    with transaction.atomic():
        batch_move(
            batch=batch,
            to=BatchStatus.RUNNING,
            audit=False,
            updates={"chunks_total": (batch.csr_count + size - 1) // size},
        )
        chunks = CsrBatchChunk.objects.bulk_create(
            [
                CsrBatchChunk(
                    batch=batch,
                    index=i,
                    first=start,
                    last=min(start + size, batch.csr_count),
                    members=locations[start : start + size],
                )
                for i, start in enumerate(range(0, batch.csr_count, size))
            ]
        )
        ids = [chunk.pk for chunk in CsrBatchChunk.objects.filter(batch=batch).order_by("index")] if chunks else []
        for pk in ids:
            enqueue_on_commit("smki.tasks.csr_batch_chunk_process", chunk_id=pk)


def _refresh_planner_statistics() -> None:
    # Batches add certificates by the tens of thousands, faster than autovacuum re-analyses the
    # table; fresh statistics keep the per-chunk look-ups (keys, Device IDs) on their indexes.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Certificate._meta.db_table}")


_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")


def _read_members(batch: CsrBatch, members: list) -> list[tuple[str, bytes]]:
    """Read this chunk's CSR files straight from their offsets in the zip (APPNOTE 4.3.7).

    A member that is encrypted, uses another compression method or expands beyond
    ``SMKI_BATCH_MAX_MEMBER_BYTES`` is returned as empty bytes, which the choke point rejects as
    malformed; a hostile member can never make a worker inflate more than that limit.
    """
    limit = settings.SMKI_BATCH_MAX_MEMBER_BYTES
    out = []
    with batch.input_file.open("rb") as handle:
        for name, offset, size, method, flags in members:
            handle.seek(offset)
            header = _LOCAL_HEADER.unpack(handle.read(_LOCAL_HEADER.size))
            if header[0] != 0x04034B50 or flags & 0x1 or method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                out.append((name, b""))
                continue
            handle.seek(header[9] + header[10], 1)  # skip the name and extra field
            raw = handle.read(min(size, limit + 1) if method == zipfile.ZIP_STORED else size)
            if method == zipfile.ZIP_DEFLATED:
                inflater = zlib.decompressobj(-15)
                raw = inflater.decompress(raw, limit + 1)
            out.append((name, raw if len(raw) <= limit else b""))
    return out


@_batch_fails_with("Processing CSRs", _chunk_batch)
def csr_batch_chunk_process(*, chunk_id: int) -> None:
    """Check, sign and lodge one chunk; the last chunk to finish enqueues the finaliser."""
    chunk = CsrBatchChunk.objects.select_related("batch__subscriber__party", "batch__submitted_by").get(pk=chunk_id)
    if chunk.is_done:
        return
    batch = chunk.batch
    members = _read_members(batch, chunk.members)
    submission = Submission(
        subscriber=batch.subscriber,
        submitter=batch.submitted_by,
        kind=CertificateKind.DEVICE,
        channel=RequestChannel.BATCH,
    )
    lines: list[str] = []
    try:
        outcomes = csr_check(submission=submission, csrs=[data for _, data in members])
    except CsrRejected as exc:  # the submitter lost the right to submit while the batch waited
        outcomes = None
        lines = [
            f"{chunk.first + i + 1}\t{name}\tREJECTED\t{exc.reason}\t{exc.message}\t\n"
            for i, (name, _) in enumerate(members)
        ]
    issued = 0
    local, central = b"", b""
    with transaction.atomic():
        if outcomes is not None:
            accepted = [o for o in outcomes if o.is_accepted]
            signed = (
                certificates_sign(
                    checked=[o.checked for o in accepted if o.checked is not None],
                    subscriber=batch.subscriber,
                    kind=CertificateKind.DEVICE,
                    batch=batch,
                )
                if accepted
                else []
            )
            kept, dropped = certificates_lodge(certificates=signed, bulk=True)
            issued = len(kept)
            lines = _report_lines(chunk, members, outcomes, signed, {id(d.certificate): d for d in dropped})
            local, central = certificate_fragment([(c.serial, c.device_id, c.usage, c.der) for c in kept])
        updated = CsrBatchChunk.objects.filter(pk=chunk.pk, is_done=False).update(
            package_local=local,
            package_central=central,
            is_done=True,
            done_at=timezone.now(),
            issued=issued,
            rejected=len(members) - issued,
            report="".join(lines),
        )
        if not updated:
            transaction.set_rollback(True)
            return
        CsrBatch.objects.filter(pk=batch.pk).update(
            chunks_done=F("chunks_done") + 1,
            issued_count=F("issued_count") + issued,
            rejected_count=F("rejected_count") + len(members) - issued,
        )
        job_progress(job=batch.job, add=len(members))
        batch.refresh_from_db(fields=["chunks_done", "chunks_total"])
        if batch.chunks_done == batch.chunks_total:
            enqueue_on_commit("smki.tasks.csr_batch_finalize", batch_id=batch.pk)


def _report_lines(chunk, members, outcomes, signed, dropped_by_id) -> list[str]:
    signed_iter = iter(signed)
    lines = []
    for i, ((name, _), outcome) in enumerate(zip(members, outcomes, strict=True)):
        position = chunk.first + i + 1
        if not outcome.is_accepted:
            lines.append(f"{position}\t{name}\tREJECTED\t{outcome.reason}\t{outcome.detail}\t\n")
            continue
        certificate = next(signed_iter)
        drop = dropped_by_id.get(id(certificate))
        if drop is not None:
            lines.append(f"{position}\t{name}\tREJECTED\t{drop.reason}\t{drop.detail}\t\n")
        else:
            lines.append(
                f"{position}\t{name}\tISSUED\t{certificate.serial}\t{certificate.device_id}\t{certificate.usage}\n"
            )
    return lines


@_batch_fails_with("Writing the pickup package", lambda kwargs: kwargs["batch_id"])
def csr_batch_finalize(*, batch_id: int) -> None:
    """Write the pickup package (certificates zip + per-CSR report), finish the Job, notify (idempotent)."""
    batch = CsrBatch.objects.select_related("job", "subscriber__party", "submitted_by").get(pk=batch_id)
    if batch.status != BatchStatus.RUNNING:
        return
    # Each chunk wrote its own part of the zip in parallel; here they are only concatenated.
    parts = CsrBatchChunk.objects.filter(batch=batch).order_by("index").values_list("package_local", "package_central")
    package = assemble([(bytes(local), bytes(central)) for local, central in parts])
    report = REPORT_HEADER + "".join(
        CsrBatchChunk.objects.filter(batch=batch).order_by("index").values_list("report", flat=True)
    )
    now = timezone.now()
    with transaction.atomic():
        batch.certificates_file.save(f"batch-{batch.pk}-certificates.zip", ContentFile(package), save=False)
        batch.report_file.save(f"batch-{batch.pk}-report.txt", ContentFile(report.encode()), save=False)
        batch_move(
            batch=batch,
            to=BatchStatus.COMPLETED,
            actor=None,
            updates={
                "certificates_file": batch.certificates_file.name,
                "report_file": batch.report_file.name,
                "finished_at": now,
                "expires_at": now + dt.timedelta(days=PICKUP_DAYS),
            },
        )
        CsrBatchChunk.objects.filter(batch=batch).update(package_local=b"", package_central=b"")
        batch.refresh_from_db()
        url = reverse("smki:batch_detail", args=[batch.pk])
        job_succeed(
            job=batch.job, result={"issued": batch.issued_count, "rejected": batch.rejected_count}, result_url=url
        )
        audit.record(
            action="smki.batch.issued",
            target=batch,
            party=batch.subscriber.party,
            after={"issued": batch.issued_count, "rejected": batch.rejected_count},
        )
        notify(
            recipients=[batch.submitted_by],
            subject=f"Device CSR batch #{batch.pk} processed",
            body=f"{batch.issued_count} certificates issued, {batch.rejected_count} CSRs rejected. "
            f"Pick them up within {PICKUP_DAYS} days.",
            url=url,
        )


def csr_batch_fail(*, batch_id: int, error: str) -> None:
    """Record a terminal failure of a batch (the worker gave up); nothing half-issued is lost."""
    batch = CsrBatch.objects.select_related("job").get(pk=batch_id)
    if batch.status in (BatchStatus.QUEUED, BatchStatus.RUNNING):
        with transaction.atomic():
            batch_move(batch=batch, to=BatchStatus.FAILED, reason=error[:200], updates={"finished_at": timezone.now()})
            job_fail(job=batch.job, error=error)


def csr_batches_purge_expired() -> int:
    """Delete the pickup files of batches past their 30-day window (§1.7 Pickup); certificates stay in
    the Repository. Returns the number of batches purged."""
    expired = CsrBatch.objects.filter(expires_at__lte=timezone.now()).exclude(certificates_file="")
    count = 0
    for batch in expired:
        for field in (batch.certificates_file, batch.report_file, batch.input_file):
            if field:
                field.delete(save=False)
        CsrBatch.objects.filter(pk=batch.pk).update(certificates_file="", report_file="", input_file="")
        audit.record(action="smki.batch.purged", target=batch, party=batch.subscriber.party)
        count += 1
    return count
