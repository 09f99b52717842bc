"""Coverage tasks: thin wrappers around services (STYLE rule 14)."""

from datetime import date

from celery import shared_task
from django.core.exceptions import ValidationError

from portal.models import Job
from portal.services.jobs import job_fail, job_progress, job_start, job_succeed


@shared_task(name="coverage.tasks.coverage_dataset_import", ignore_result=True)
def coverage_dataset_import(job_id: int) -> None:
    """Import the CSV attached to a job; idempotent (a job that already left 'queued' is skipped)."""
    from .services import coverage_dataset_import as import_service

    job = Job.objects.select_related("created_by").get(pk=job_id)
    if not job_start(job=job):
        return
    params = job.params
    try:
        with job.input_file.open("rb") as handle:
            content = handle.read()
        dataset = import_service(
            actor=job.created_by,
            version=params["version"],
            effective_date=date.fromisoformat(params["effective_date"]),
            horizon_date=date.fromisoformat(params["horizon_date"]) if params.get("horizon_date") else None,
            content=content,
            source_name=params.get("source_name", ""),
            progress=lambda n: job_progress(job=job, done=n),
        )
    except ValidationError as exc:
        job_fail(job=job, error="\n".join(exc.messages), result={"errors": exc.messages})
        return
    job_succeed(
        job=job, result={"version": dataset.version, "rows": dataset.row_count}, result_url="/coverage/datasets/"
    )
