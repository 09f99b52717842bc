"""Background jobs with progress, for any app's long operation (ARCHITECTURE.md §7)."""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..choices import JobStatus
from ..models import Job, User
from ..transitions import JOB_TRANSITIONS, compare_and_set
from . import audit


def job_create(
    *,
    actor: User | None,
    kind: str,
    title: str,
    params: dict | None = None,
    total: int = 0,
    input_file=None,
    party=None,
) -> Job:
    """Create a queued job; the caller enqueues its task on commit. Audit: ``job.created``."""
    job = Job(
        kind=kind,
        title=title[:200],
        party=party or (actor.party if actor is not None else None),
        created_by=actor,
        params=params or {},
        progress_total=total,
    )
    if input_file is not None:
        job.input_file = input_file
    with transaction.atomic():
        job.save()
        audit.record(action="job.created", actor=actor, target=job, after={"kind": kind})
    return job


def job_start(*, job: Job, total: int | None = None) -> bool:
    """Move a queued job to running. Returns False if it already left ``queued`` (a retried or
    duplicated task message), so the caller can stop: tasks are idempotent."""
    job.refresh_from_db(fields=["status"])
    if job.status != JobStatus.QUEUED:
        return False
    updates: dict[str, Any] = {"started_at": timezone.now()}
    if total is not None:
        updates["progress_total"] = total
    compare_and_set(obj=job, to=JobStatus.RUNNING, table=JOB_TRANSITIONS, updates=updates)
    return True


def job_progress(*, job: Job, done: int | None = None, add: int = 0, total: int | None = None) -> None:
    """Report progress; cheap enough to call every few hundred rows."""
    updates: dict[str, Any] = {}
    if done is not None:
        updates["progress_done"] = done
    elif add:
        updates["progress_done"] = F("progress_done") + add
    if total is not None:
        updates["progress_total"] = total
    if updates:
        Job.objects.filter(pk=job.pk).update(**updates, updated_at=timezone.now())


def job_succeed(*, job: Job, result: dict | None = None, result_url: str = "", result_file=None) -> Job:
    updates = {"finished_at": timezone.now(), "result": result or {}, "result_url": result_url}
    job.refresh_from_db(fields=["progress_done", "progress_total"])
    updates["progress_done"] = max(job.progress_done, job.progress_total)
    if result_file is not None:
        job.result_file.save(result_file.name, result_file, save=False)
        updates["result_file"] = job.result_file.name
    return compare_and_set(
        obj=job, to=JobStatus.SUCCEEDED, table=JOB_TRANSITIONS, action="job.succeeded", updates=updates
    )


def job_fail(*, job: Job, error: str, result: dict | None = None) -> Job:
    job.refresh_from_db(fields=["status"])
    return compare_and_set(
        obj=job,
        to=JobStatus.FAILED,
        table=JOB_TRANSITIONS,
        action="job.failed",
        reason=error[:200],
        updates={"finished_at": timezone.now(), "error": error, "result": result or {}},
    )
