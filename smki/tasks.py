"""Celery tasks of the SMKI app: thin wrappers that call one service each."""

from celery import shared_task

from .services import batches, external_pki
from .services.revocation import revocation_lists_publish as publish_service


@shared_task(name="smki.tasks.csr_batch_process", ignore_result=True, acks_late=True)
def csr_batch_process(batch_id: int) -> None:
    batches.csr_batch_process(batch_id=batch_id)


@shared_task(name="smki.tasks.csr_batch_chunk_process", ignore_result=True, acks_late=True)
def csr_batch_chunk_process(chunk_id: int) -> None:
    batches.csr_batch_chunk_process(chunk_id=chunk_id)


@shared_task(name="smki.tasks.csr_batch_finalize", ignore_result=True, acks_late=True)
def csr_batch_finalize(batch_id: int) -> None:
    batches.csr_batch_finalize(batch_id=batch_id)


@shared_task(name="smki.tasks.revocation_lists_publish", ignore_result=True)
def revocation_lists_publish() -> int:
    return len(publish_service())


@shared_task(name="smki.tasks.csr_batches_purge_expired", ignore_result=True)
def csr_batches_purge_expired() -> int:
    return batches.csr_batches_purge_expired()


@shared_task(name="smki.tasks.external_pki_import_run", ignore_result=True, acks_late=True)
def external_pki_import_run(job_id: int) -> None:
    external_pki.external_pki_import_run(job_id=job_id)
