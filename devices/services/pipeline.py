"""The Service Request pipeline: claim due requests in batches and take each one step further.

One batch is one transaction: the requests' new statuses, the emulated devices' new state, the
responses, alerts and outbox messages commit together or not at all. A worker killed midway
leaves nothing half-done; the rows stay due and the next pass (any worker) takes them again, so
each command reaches its device exactly once (App AB 13.2; BAD 7.8.5.4.1; reliability in bench/).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.bulk import bulk_set
from portal.models import Party
from portal.services import audit

from ..catalogue_cache import variants_by_id
from ..choices import SR_PIPELINE_STATUSES, SRKind, SRStatus
from ..models import ServiceRequest
from ..smi import inventory_services
from ..transitions import SRTrigger
from .alerts import route_device_alerts
from .batch import Batch, claimed_variant
from .dispatch import kick
from .estate import emulations_lock, handles_save, is_emulated
from .outcomes import SR_UPDATE_FIELDS, Writes, fail
from .stages import run_stages

logger = logging.getLogger(__name__)


def service_requests_process(*, budget_seconds: float | None = None) -> int:
    """Run the pipeline over due requests in batches until none is due or the time budget ends.

    Past the budget (``DEVICES_PIPELINE_TIME_BUDGET_SECONDS``) it hands over to a fresh task, so
    one long run never starves a worker's other queues. Returns how many requests were claimed.
    """
    budget = settings.DEVICES_PIPELINE_TIME_BUDGET_SECONDS if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    total = 0
    while True:
        done = service_requests_process_due(limit=settings.DEVICES_PIPELINE_BATCH)
        total += done
        if done < settings.DEVICES_PIPELINE_BATCH:
            return total
        if time.monotonic() > deadline:
            kick(force=True)
            return total


def service_requests_process_due(*, limit: int | None = None, now: datetime | None = None) -> int:
    """Claim up to ``limit`` due requests and process them; returns how many were claimed.

    If a batch hits an unexpected error it is rolled back and its requests are retried one by
    one, so one poison request cannot hold up the others (it fails with E20 and is logged).
    """
    limit = limit or settings.DEVICES_PIPELINE_BATCH
    try:
        return _process(limit=limit, now=now)
    except Exception:
        logger.exception("SR pipeline batch failed; retrying its requests one at a time")
        return _one_by_one(limit, now)


def _one_by_one(limit: int, now: datetime | None) -> int:
    done = 0
    for _ in range(limit):
        try:
            claimed = _process(limit=1, now=now)
        except Exception as exc:
            _quarantine_poison(now, exc)
            claimed = 1
        if not claimed:
            break
        done += claimed
    return done


def service_requests_process_now(*, pks: list[int], now: datetime | None = None) -> int:
    """Take these accepted requests one step now, in the caller's process (DUIS synchronous services).

    The Transform and Non-Device services answer at once (a Pre-Command, a local command, the DCC's
    own answer), so the gateway runs the request's first step inline instead of waiting for a worker.
    Their responses are not put in the outbox: the caller answers them synchronously. A request
    whose device another worker holds, or that waits (dependency, sleepy meter, future date), stays
    due and the workers continue it as usual. Returns how many were claimed.
    """
    return _process(limit=len(pks), now=now, pks=pks)


def _claim(limit: int, now: datetime, pks: list[int] | None = None) -> list[ServiceRequest]:
    """Lock up to ``limit`` due requests, oldest first, skipping those another worker holds.

    Only requests in a pipeline status have a ``due_at``, so the scan walks the small partial
    index ``sr_due_idx`` in order and stops after ``limit`` rows, however long the backlog is.
    Variants, Parties and dependencies are attached from caches and one query each, not joined.
    ``FOR NO KEY UPDATE`` (``no_key``): other transactions may still check foreign keys to these
    rows (a dependant submitted meanwhile), which plain ``FOR UPDATE`` would make wait for the batch.
    """
    due = ServiceRequest.objects.select_for_update(skip_locked=True, no_key=True).filter(
        status__in=SR_PIPELINE_STATUSES
    )
    due = due.filter(pk__in=pks, due_at__isnull=False) if pks else due.filter(due_at__lte=now)
    requests = list(due.order_by("due_at", "pk")[:limit])
    if requests:
        variants = variants_by_id({r.variant_id for r in requests if r.variant_id is not None})
        parties = Party.objects.in_bulk({r.party_id for r in requests})
        dependencies = ServiceRequest.objects.in_bulk({r.depends_on_id for r in requests if r.depends_on_id})
        for sr in requests:
            sr.variant, sr.party = variants.get(sr.variant_id or 0), parties[sr.party_id]
            if sr.depends_on_id:
                sr.depends_on = dependencies[sr.depends_on_id]
    return requests


def _process(*, limit: int, now: datetime | None, pks: list[int] | None = None) -> int:
    """One batch in one transaction. Requests that change the SMI (commissioning, joins, CoT...)
    ride in the same batch as reads: their audit events and access-row refreshes are gathered
    and written once at the end, so the audit chain lock (D-007) is held only for that INSERT.
    """
    now = now or timezone.now()
    with transaction.atomic():
        requests = _claim(limit, now, pks)
        if not requests:
            return 0
        with audit.batched(), inventory_services.access_refresh_batched():
            batch = Batch(requests, now)
            if pks:
                batch.writes.answered_now.update(pks)
            # Lock every emulation the batch will touch up front, in Device ID order. A device
            # another worker is busy with is skipped, and its requests wait for the next pass
            # instead of serialising the two batches (they stay due; their row locks end with
            # this transaction).
            targets = {r.target_device_id for r in requests if claimed_variant(r).kind == SRKind.DEVICE}
            hubs = {d.hub.device_id for i, d in batch.smi.items() if i in targets and d.hub}
            # Devices named in bodies (a meter an 8.11 adds joins the HAN at once) are locked with
            # the targets, and their emulations created together where missing.
            named = {i for i in batch.named if i in batch.smi} - hubs
            everything = sorted(targets | hubs | named)  # skip_locked never waits: no deadlock
            batch.handles.update(
                emulations_lock(
                    [i for i in everything if i in targets or i in named], smi=batch.smi, now=now, skip_locked=True
                )
            )
            batch.handles.update(
                emulations_lock(
                    [i for i in everything if i not in targets], smi=batch.smi, now=now, skip_locked=True, light=True
                )
            )
            runnable = [r for r in requests if _have_locks(r, batch)]
            for sr in runnable:
                run_stages(sr, batch)
            handles_save(set(batch.touched.values()))
            bulk_set(ServiceRequest, runnable, SR_UPDATE_FIELDS)
            route_device_alerts(batch.alerts, now=now)
            batch.writes.flush()
    return len(requests)


def _have_locks(sr: ServiceRequest, b: Batch) -> bool:
    """A device request runs only if its device (and its CHF) emulations are locked by this batch."""
    if claimed_variant(sr).kind != SRKind.DEVICE:
        return True
    if claimed_variant(sr).is_critical and sr.signed_at is None and sr.status == SRStatus.QUEUED:
        return True  # the Transform step (checks, then the Pre-Command) never touches the device
    smi = b.smi.get(sr.target_device_id)
    if smi is None:
        return True  # not in the SMI: answered E19 without touching a device
    needed = [smi.device_id, *([smi.hub.device_id] if smi.hub else [])]
    return all(i in b.handles or not _emulatable(b, i) for i in needed)


def _emulatable(b: Batch, device_id: str) -> bool:
    device = b.smi.get(device_id)
    return device is not None and is_emulated(device.device_type)


def _quarantine_poison(now: datetime | None, exc: Exception) -> None:
    """Mark the first due request failed so the pipeline moves on (the error is in the log)."""
    with transaction.atomic():
        sr = _claim(1, now or timezone.now())
        if sr:
            writes = Writes()
            reason = f"The DCC could not process this request ({type(exc).__name__})."
            fail(sr[0], writes, "E20", reason, trigger=SRTrigger.ABANDON)  # D-ARCH-02, D-DUIS-02
            ServiceRequest.objects.bulk_update(sr, SR_UPDATE_FIELDS)
            writes.flush()
