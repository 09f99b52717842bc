"""The periodic tick: run due schedules, expire what waited too long, raise time-based alerts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..choices import SR_PIPELINE_STATUSES
from ..models import EmulatedDevice, ServiceRequest
from . import effects, signing, tad
from .dispatch import kick
from .schedules import schedules_run_due


def devices_tick(*, now=None) -> dict:
    """Everything time-driven, each step idempotent; finally kick the pipeline if work is due."""
    now = now or timezone.now()
    stats = {
        "schedule_runs": schedules_run_due(now=now),
        "pre_commands_expired": signing.pre_commands_expire(now=now),
        "quarantine_expired": tad.quarantine_expire(now=now),
        "join_timeouts": effects.join_timeouts(now=now),
        "power_outages": power_outages_raise(now=now),
        "dependants_woken": dependants_wake(now=now),
    }
    stats["due"] = ServiceRequest.objects.filter(status__in=SR_PIPELINE_STATUSES, due_at__lte=now).exists()
    if stats["due"]:
        kick(force=True)  # the beat sweep: what a lost kick or a future date left waiting
    return stats


def dependants_wake(*, now=None) -> int:
    """Wake requests parked on a dependency that has finished (covers a wake-up lost to a race
    between the batch that parked the request and the batch that finished its dependency)."""
    from ..choices import SR_TERMINAL_STATUSES, SRStatus

    return ServiceRequest.objects.filter(
        due_at__isnull=True,
        status__in=(SRStatus.QUEUED, SRStatus.SCHEDULED),
        depends_on__status__in=SR_TERMINAL_STATUSES,
    ).update(due_at=now or timezone.now())


def power_outages_raise(*, now=None) -> int:
    """AD1 'Power Outage Event' once a CH has had no mains for 3 minutes (BAD 7.5.6.5.2) - once per outage."""
    from ..smi import devices_by_id, responsible_for
    from .alerts import dcc_alert

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.DEVICES_POWER_OUTAGE_SECONDS)
    raised = 0
    with transaction.atomic():
        hubs = list(
            EmulatedDevice.objects.select_for_update(skip_locked=True, no_key=True).filter(
                device_type="CHF", faults__power_outage_since__isnull=False, faults__outage_alerted__isnull=True
            )
        )
        for row in hubs:
            since = row.faults.get("power_outage_since")
            if not since or datetime.fromisoformat(since) > cutoff:
                continue
            smi = devices_by_id([row.device_id]).get(row.device_id)
            if smi is None:
                continue
            rp = responsible_for([smi], at=now)[smi.pk]
            # Supplier, plus the ED if an ESME is associated and the GT if a GSME is (SEC F4.9; BAD 7.5.6.5.2).
            dcc_alert(
                code="AD1",
                device_id=row.device_id,
                recipients=rp.recipients(),
                payload={"outage_since": since},
                dedupe_key=f"AD1:{row.device_id}:{since}",
            )
            row.faults = {**row.faults, "outage_alerted": now.isoformat()}
            row.save(update_fields=["faults", "updated_at"])
            raised += 1
    return raised
