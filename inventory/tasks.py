"""Inventory tasks: thin wrappers that re-fetch and call one service (STYLE rule 14)."""

from celery import shared_task

from portal.models import Job

from . import services


@shared_task(name="inventory.tasks.devices_apply_cpl_status", ignore_result=True, acks_late=True)
def devices_apply_cpl_status(*, job_id: int) -> None:
    """Suspend or restore the Devices of a CPL model (idempotent: a started job is not restarted)."""
    services.devices_apply_cpl_status(job=Job.objects.get(pk=job_id))


@shared_task(name="inventory.tasks.prenotify_import_run", ignore_result=True, acks_late=True)
def prenotify_import_run(*, job_id: int) -> None:
    services.prenotify_import_run(job=Job.objects.get(pk=job_id))


@shared_task(name="inventory.tasks.registration_import_run", ignore_result=True, acks_late=True)
def registration_import_run(*, job_id: int) -> None:
    services.registration_import_run(job=Job.objects.get(pk=job_id))


@shared_task(name="inventory.tasks.devices_expire_pending", ignore_result=True)
def devices_expire_pending() -> int:
    """Beat: remove Devices Pending for 12 months and raise N8 (AC 7.2)."""
    return services.devices_expire_pending()
