"""Inventory tasks: thin wrappers that re-fetch and call one service (STYLE rule 14)."""

from celery import shared_task

from portal.models import Job


@shared_task(name="inventory.tasks.devices_apply_cpl_status", ignore_result=True, acks_late=True)
def devices_apply_cpl_status(*, job_id: int) -> None:
    """Suspend or restore the Devices of a CPL model (idempotent: a started job is not restarted)."""
    from .services import devices_apply_cpl_status as service

    service(job=Job.objects.get(pk=job_id))


@shared_task(name="inventory.tasks.prenotify_import_run", ignore_result=True, acks_late=True)
def prenotify_import_run(*, job_id: int) -> None:
    from .services import prenotify_import_run as service

    service(job=Job.objects.get(pk=job_id))


@shared_task(name="inventory.tasks.registration_import_run", ignore_result=True, acks_late=True)
def registration_import_run(*, job_id: int) -> None:
    from .services import registration_import_run as service

    service(job=Job.objects.get(pk=job_id))


@shared_task(name="inventory.tasks.devices_expire_pending", ignore_result=True)
def devices_expire_pending() -> int:
    """Beat: remove Devices Pending for 12 months and raise N8 (AC 7.2)."""
    from .services import devices_expire_pending as service

    return service()
