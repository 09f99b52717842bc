"""Handing work to the Celery workers, by task name, once the transaction that caused it commits.

Services name the task they dispatch (``"inventory.tasks.prenotify_import_run"``) instead of
importing it, so a ``tasks`` module may import its services and no app has an import circle. The
name is looked up when the work is enqueued, inside the caller's transaction: an unknown name
fails there and rolls the caller back, instead of failing after the commit.

- :func:`enqueue_on_commit`: one message per call (a job, an order to acknowledge).
- :func:`wake` / :func:`wake_on_commit`: "work is waiting" for a task that drains rows from the
  database (the SR pipeline): at most one message per ``every`` seconds per process, and a broker
  outage is logged, not raised, because a periodic sweep picks the work up anyway.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import time
from functools import partial
from typing import Any

from celery import Task
from django.apps import apps
from django.db import transaction

from .celery import app

logger = logging.getLogger(__name__)
_last_wake: dict[str, float] = {}


def registered_task(task_name: str) -> Task[..., Any]:
    """The Celery task registered under ``task_name`` (every app's ``tasks`` module is loaded on first use)."""
    task = app.tasks.get(task_name)
    if task is None:
        _import_task_modules()
        task = app.tasks.get(task_name)
    if task is None:
        raise LookupError(f"No Celery task is registered as {task_name!r}.")
    return task


def _import_task_modules() -> None:
    """Import ``<app>.tasks`` of every installed app, registering their tasks.

    A worker imports them at start-up; a web process only when it first enqueues. Not Celery's lazy
    autodiscovery: that runs once per process, so a second thread asking meanwhile would find the
    registry still empty. Python's import lock makes every thread here wait for a module another
    thread is importing.
    """
    for config in apps.get_app_configs():
        if importlib.util.find_spec(f"{config.name}.tasks") is not None:
            importlib.import_module(f"{config.name}.tasks")


def enqueue_on_commit(task_name: str, /, **kwargs: Any) -> None:
    """Send ``task_name(**kwargs)`` to a worker after the current transaction commits (at once outside one).

    Raises ``LookupError`` at once for a name no task is registered under. Keyword arguments
    only, and JSON-able (the broker's serialiser): ids, not model instances.
    """
    task = registered_task(task_name)
    transaction.on_commit(partial(task.apply_async, kwargs=kwargs))


def wake(task_name: str, /, *, every: float, force: bool = False) -> bool:
    """Send one "work is waiting" message to ``task_name`` unless one left this process less than ``every`` s ago.

    Returns whether a message was sent. A broker that cannot be reached is logged, not raised.
    """
    task = registered_task(task_name)
    now = time.monotonic()
    if not force and now - _last_wake.get(task_name, float("-inf")) < every:
        return False
    _last_wake[task_name] = now
    try:
        task.apply_async()
    except Exception:
        logger.warning(
            "could not reach the broker to wake %s; the periodic sweep will pick the work up", task_name, exc_info=True
        )
        return False
    return True


def wake_on_commit(task_name: str, /, *, every: float) -> None:
    """:func:`wake` after the current transaction commits (the work it announces is visible by then)."""
    registered_task(task_name)
    transaction.on_commit(partial(wake, task_name, every=every))
