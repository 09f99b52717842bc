"""Status changes of platform models, and the compare-and-set helper every app's
``transitions.py`` builds on (STYLE rule 7).

Outbox message::

    pending --push 2xx--> delivered --pull ack--> acknowledged
    pending --pull ack--> acknowledged
    pending --attempts exhausted--> dead --replay--> pending
    delivered/acknowledged --replay--> pending

Job::  queued -> running -> succeeded | failed   (queued -> failed when it cannot start)
"""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from .choices import JobStatus, OutboxStatus
from .exceptions import InvalidTransition
from .models import User
from .services import audit

OUTBOX_TRANSITIONS: Mapping[str, frozenset[str]] = {
    OutboxStatus.PENDING: frozenset({OutboxStatus.DELIVERED, OutboxStatus.ACKNOWLEDGED, OutboxStatus.DEAD}),
    OutboxStatus.DELIVERED: frozenset({OutboxStatus.ACKNOWLEDGED, OutboxStatus.PENDING}),
    OutboxStatus.ACKNOWLEDGED: frozenset({OutboxStatus.PENDING}),
    OutboxStatus.DEAD: frozenset({OutboxStatus.PENDING}),
}

JOB_TRANSITIONS: Mapping[str, frozenset[str]] = {
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.FAILED}),
    JobStatus.RUNNING: frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED}),
    JobStatus.SUCCEEDED: frozenset(),
    JobStatus.FAILED: frozenset(),
}


M = TypeVar("M", bound=models.Model)


def compare_and_set(
    *,
    obj: M,
    to: str,
    table: Mapping[str, frozenset[str]],
    field: str = "status",
    actor: User | None = None,
    action: str | None = None,
    reason: str = "",
    updates: dict[str, Any] | None = None,
) -> M:
    """Move ``obj`` from its current status to ``to`` if ``table`` allows it.

    The UPDATE is filtered on the pk *and* the status we read, so two concurrent moves cannot
    both succeed: the loser gets ``InvalidTransition``. ``updates`` are other fields written in
    the same statement. When ``action`` is given an audit event is written in the same
    transaction.
    """
    current = getattr(obj, field)
    name = str(obj._meta.verbose_name).capitalize()
    if to not in table.get(current, frozenset()):
        raise InvalidTransition(
            f"{name} cannot go from {current} to {to}.",
            code=f"{obj._meta.model_name}.invalid_transition",
            extra={"from": current, "to": to},
        )
    values = {field: to, **(updates or {})}
    with transaction.atomic():
        changed = type(obj)._default_manager.filter(pk=obj.pk, **{field: current}).update(**values)
        if not changed:
            raise InvalidTransition(
                f"{name} changed while you were working on it; reload and try again.",
                code=f"{obj._meta.model_name}.concurrent_change",
                extra={"from": current, "to": to},
            )
        for name, value in values.items():
            setattr(obj, name, value)
        if action:
            after = {field: to}
            if reason:
                after["reason"] = reason
            audit.record(
                action=action,
                actor=actor,
                target=obj,
                party=getattr(obj, "party", None),
                before={field: current},
                after=after,
            )
    return obj
