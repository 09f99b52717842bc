"""The Celery application. Workers and beat load Django settings (``CELERY_*``) from here."""

import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery's Django fix-up closes every database connection before and after each task unless this
# is set, so each task (the pipeline runs one per "work is waiting" kick) paid for a new PostgreSQL
# session. Connections are kept instead and judged by Django's own rules at task boundaries
# (``CONN_MAX_AGE``, health checks after errors): see ``_database_connections_hygiene``.
app.conf.CELERY_DB_REUSE_MAX = 10_000
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _database_connections_hygiene(task=None, **kwargs):
    """Infrastructure: drop connections that are broken or older than ``CONN_MAX_AGE``, keep the rest.

    Not for tasks run eagerly (tests, ``apply()``): they share their caller's connection and transaction.
    """
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


@app.on_after_finalize.connect
def _install_beat_schedule(sender, **kwargs):
    from .celery_schedule import beat_schedule

    sender.conf.beat_schedule = beat_schedule()


@before_task_publish.connect
def _carry_correlation_id(headers=None, **kwargs):
    """Infrastructure: carry the request's correlation id into every task message."""
    from .request_context import get_correlation_id

    if headers is not None and "correlation_id" not in headers:
        headers["correlation_id"] = get_correlation_id()


@task_prerun.connect
def _restore_correlation_id(task=None, **kwargs):
    from .request_context import set_correlation_id

    set_correlation_id(getattr(task.request, "correlation_id", None) if task else None)
