"""CPL tasks: thin wrappers around services."""

from celery import shared_task


@shared_task(name="cpl.tasks.cpa_expiry_warnings", ignore_result=True)
def cpa_expiry_warnings() -> int:
    """Beat: warn about CPA certificates expiring in 12 and 6 months (F2.7)."""
    from .services import cpa_expiry_warnings as service

    return service()
