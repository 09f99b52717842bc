"""Celery tasks of the SMKI app: thin wrappers that re-fetch by id and call one service."""

from celery import shared_task


@shared_task(name="smki.tasks.csr_batch_process", ignore_result=True, acks_late=True)
def csr_batch_process(batch_id: int) -> None:
    from .services.batches import csr_batch_fail
    from .services.batches import csr_batch_process as service

    try:
        service(batch_id=batch_id)
    except Exception as exc:  # terminal: record it on the batch and its job, never retry bad data
        csr_batch_fail(batch_id=batch_id, error=f"Splitting the batch failed: {exc}")
        raise


@shared_task(name="smki.tasks.csr_batch_chunk_process", ignore_result=True, acks_late=True)
def csr_batch_chunk_process(chunk_id: int) -> None:
    from .models import CsrBatchChunk
    from .services.batches import csr_batch_chunk_process as service
    from .services.batches import csr_batch_fail

    try:
        service(chunk_id=chunk_id)
    except Exception as exc:
        batch_id = CsrBatchChunk.objects.filter(pk=chunk_id).values_list("batch_id", flat=True).first()
        if batch_id:
            csr_batch_fail(batch_id=batch_id, error=f"Processing CSRs failed: {exc}")
        raise


@shared_task(name="smki.tasks.csr_batch_finalize", ignore_result=True, acks_late=True)
def csr_batch_finalize(batch_id: int) -> None:
    from .services.batches import csr_batch_fail
    from .services.batches import csr_batch_finalize as service

    try:
        service(batch_id=batch_id)
    except Exception as exc:
        csr_batch_fail(batch_id=batch_id, error=f"Writing the pickup package failed: {exc}")
        raise


@shared_task(name="smki.tasks.revocation_lists_publish", ignore_result=True)
def revocation_lists_publish() -> int:
    from .services.revocation import revocation_lists_publish as service

    return len(service())


@shared_task(name="smki.tasks.csr_batches_purge_expired", ignore_result=True)
def csr_batches_purge_expired() -> int:
    from .services.batches import csr_batches_purge_expired as service

    return service()


@shared_task(name="smki.tasks.external_pki_import_run", ignore_result=True, acks_late=True)
def external_pki_import_run(job_id: int) -> None:
    from portal.models import Job
    from portal.services.jobs import job_fail

    from .services.external_pki import external_pki_import_run as service

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return
    try:
        service(job=job)
    except Exception as exc:  # terminal: record it on the job; a re-import is idempotent anyway
        job_fail(job=job, error=f"The import stopped: {exc}")
        raise
