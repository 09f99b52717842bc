"""Coverage tasks: thin wrappers around services (STYLE rule 14)."""

from celery import shared_task

from .services import coverage_dataset_import_run


@shared_task(name="coverage.tasks.coverage_dataset_import", ignore_result=True)
def coverage_dataset_import(job_id: int) -> None:
    """Import the CSV attached to a job (``services.coverage_dataset_import_run``)."""
    coverage_dataset_import_run(job_id=job_id)
