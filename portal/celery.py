"""The Celery application. Workers and beat load Django settings (``CELERY_*``) from here."""

import os

from celery import Celery
from celery.signals import before_task_publish, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
