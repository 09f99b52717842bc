"""The only writer of ``AuditEvent`` rows, and the chain verifier."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from ..models import AuditEvent, User
from ..principals import Actor
from ..request_context import get_correlation_id, get_request_id

GENESIS_HASH = "0" * 64
# Events recorded inside ``batched()`` wait here and are appended together when it ends.
_pending: ContextVar[list[AuditEvent] | None] = ContextVar("audit_pending", default=None)
# Any constant: serialises chain appends across concurrent transactions on PostgreSQL.
_CHAIN_LOCK_KEY = 0x5551_A0D1


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite serialises writers already (IMMEDIATE transactions).


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose values differ, for compact before/after pairs."""
    keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return {k: before.get(k) for k in keys if k in before}, {k: after.get(k) for k in keys if k in after}


def _build_event(
    *,
    action: str,
    actor: Actor | None = None,
    target: Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    party=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)[:200]
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    # A principal acting for a Party (a DUIS sender, D-DUIS-19) has no person row: "system", its Party.
    person = actor if authenticated and isinstance(actor, User) and actor.pk is not None else None
    if party is None and authenticated:
        party = getattr(actor, "party", None)
    return AuditEvent(
        occurred_at=timezone.now(),
        actor=person,
        actor_label=str(actor)[:200] if authenticated else "system",
        party=party,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        # Round-trip through JSON now so the hash covers exactly what the database stores.
        before=_json_roundtrip(before or {}),
        after=_json_roundtrip(after or {}),
        request_id=get_request_id() or "",
        correlation_id=get_correlation_id() or "",
    )


def _append(events: list[AuditEvent]) -> list[AuditEvent]:
    with transaction.atomic():
        _lock_chain()
        previous = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first() or GENESIS_HASH
        for event in events:
            event.prev_hash = previous
            event.hash = previous = event.compute_hash()
        if len(events) == 1:
            events[0].save()
        else:
            AuditEvent.objects.bulk_create(events)
    return events


def record(**kwargs) -> AuditEvent:
    """Append one audit event, chained to the previous one.

    Keyword arguments: ``action`` (required), ``actor``, ``target`` (a model instance) or
    ``target_type``/``target_id``/``target_label``, ``party`` (defaults to the actor's Party),
    ``before`` and ``after`` (changed fields only). Call inside the transaction of the change it
    records, so the change and its audit row commit or roll back together. Inside ``batched()``
    the event is kept and written when the block ends (it has no ``pk`` or hash until then).
    """
    event = _build_event(**kwargs)
    pending = _pending.get()
    if pending is not None:
        pending.append(event)
        return event
    return _append([event])[0]


@contextmanager
def batched() -> Iterator[None]:
    """Keep the events recorded in the block and append them together as it ends.

    For batch pipelines: the chain is one global lock (D-007), so a batch that recorded events
    one by one would hold it from its first event to its commit, serialising every worker. Here
    the lock is taken once, at the end of the block, for one INSERT. Use it inside the batch's
    transaction; if the block raises, the events are dropped with the rolled-back changes. Wrap
    any inner step whose exception is caught (a refused change that the batch survives) in
    ``savepoint()``, so its events are dropped with it.
    """
    outer = _pending.get()
    if outer is not None:  # already batching: the outer block writes everything
        yield
        return
    pending: list[AuditEvent] = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if pending:
        _append(pending)


@contextmanager
def savepoint() -> Iterator[None]:
    """``transaction.atomic()`` for an inner step: if it rolls back, its batched events go too."""
    pending = _pending.get()
    mark = len(pending) if pending is not None else 0
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if pending is not None:
            del pending[mark:]
        raise


def record_many(entries: Iterable[dict[str, Any]]) -> list[AuditEvent]:
    """Append several events under one chain lock and one INSERT (batch pipelines).

    Each entry holds the keyword arguments of ``record``. Their order is the chain order.
    """
    events = [_build_event(**entry) for entry in entries]
    pending = _pending.get()
    if pending is not None:
        pending.extend(events)
        return events
    return _append(events) if events else []


def _json_roundtrip(value):
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain first fails to verify, and why."""

    event_id: int
    reason: str


def audit_chain_verify(events: Iterable[AuditEvent] | None = None) -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return (rows checked, first break or None)."""
    if events is None:
        events = AuditEvent.objects.order_by("pk").iterator(chunk_size=2000)
    expected_prev = GENESIS_HASH
    checked = 0
    for event in events:
        checked += 1
        if event.prev_hash != expected_prev:
            return checked, ChainBreak(
                event.pk, "prev_hash does not match the previous row (a row was removed or reordered)"
            )
        if event.compute_hash() != event.hash:
            return checked, ChainBreak(event.pk, "content does not match its hash (the row was edited)")
        expected_prev = event.hash
    return checked, None
