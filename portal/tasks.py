"""Platform tasks: thin wrappers around services."""

from celery import shared_task

from .services import outbox as outbox_services
from .services import sessions as session_services


@shared_task(name="portal.tasks.outbox_dispatch", ignore_result=True)
def outbox_dispatch() -> dict:
    """Push due outbox messages (idempotent: claimed rows are leased, outcomes recorded)."""
    return outbox_services.outbox_dispatch()


@shared_task(name="portal.tasks.sessions_purge", ignore_result=True)
def sessions_purge() -> int:
    return session_services.sessions_purge()
