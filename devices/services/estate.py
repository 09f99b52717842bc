"""The emulated estate: creating device emulations from the SMI, locking them, letting time pass."""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.bulk import bulk_set

from ..firmware import Profile, firmware_for
from ..models import EmulatedDevice
from ..smi import devices_by_id, profile_for


class Handle:
    """A locked emulated device as the firmware sees it (``Peer`` in ``devices.firmware.base``)."""

    def __init__(self, row: EmulatedDevice):
        self.row = row
        self.device_id = row.device_id
        self.device_type = row.device_type
        self.profile = Profile(**row.profile)

    @property
    def state(self) -> dict:
        # Loaded on first use: a CHF locked only to route a command never reads its state.
        return self.row.state

    @property
    def faults(self) -> dict:
        return active_faults(self.row)


def active_faults(row: EmulatedDevice, now: datetime | None = None) -> dict:
    """Faults still in force (each injected fault carries its own expiry)."""
    now = now or timezone.now()
    until = row.faults.get("until")
    if until and datetime.fromisoformat(until) <= now:
        return {}
    return row.faults


def new_emulation(smi_device, now: datetime) -> EmulatedDevice:
    profile = profile_for(smi_device)
    firmware = firmware_for(smi_device.device_type)
    state = firmware.initial_state(device_id=smi_device.device_id, profile=profile, now=now)
    interval = settings.DEVICES_GSME_WAKE_INTERVAL_SECONDS if firmware.sleepy else None
    return EmulatedDevice(
        device_id=smi_device.device_id,
        device_type=smi_device.device_type,
        profile=asdict(profile),
        state=state,
        wake_interval_seconds=interval,
        # A CH is powered (on the WAN) once installed: a Commissioned CHF already is; a Pending
        # one waits for the installer (services.faults.hub_power_on).
        is_powered=smi_device.device_type != "CHF" or smi_device.smi_status == "commissioned",
    )


def emulations_lock(
    device_ids,
    *,
    smi: dict | None = None,
    now: datetime | None = None,
    skip_locked: bool = False,
    light: bool = False,
) -> dict[str, Handle]:
    """Lock (creating where missing) the emulations of SMI devices, in Device ID order (no deadlocks).

    With ``skip_locked`` a device another worker holds is left out rather than waited for;
    ``light`` leaves the (large) state unloaded until something reads it.
    """
    now = now or timezone.now()
    ids = sorted({d for d in device_ids if d})
    if not ids:
        return {}
    locking = EmulatedDevice.objects.select_for_update(skip_locked=skip_locked, no_key=True)
    if light:
        locking = locking.defer("state")
    rows = {r.device_id: r for r in locking.filter(device_id__in=ids).order_by("device_id")}
    missing = [i for i in ids if i not in rows]
    if missing and skip_locked:
        # Only those that do not exist yet are created; the others are held by another worker.
        existing = set(EmulatedDevice.objects.filter(device_id__in=missing).values_list("device_id", flat=True))
        missing = [i for i in missing if i not in existing]
    if missing:
        smi = smi if smi is not None else devices_by_id(missing)
        fresh = [new_emulation(smi[i], now) for i in missing if i in smi and is_emulated(smi[i].device_type)]
        if fresh:
            EmulatedDevice.objects.bulk_create(fresh, ignore_conflicts=True)
            rows.update(
                {
                    r.device_id: r
                    for r in locking.filter(device_id__in=[f.device_id for f in fresh]).order_by("device_id")
                }
            )
    return {i: Handle(r) for i, r in rows.items()}


def is_emulated(device_type: str) -> bool:
    try:
        firmware_for(device_type)
    except Exception:
        return False
    return True


def next_wake(row: EmulatedDevice, after: datetime) -> datetime:
    """The first wake of a sleepy meter at or after ``after`` (a fixed grid from its creation)."""
    interval = row.wake_interval_seconds or settings.DEVICES_GSME_WAKE_INTERVAL_SECONDS
    if interval <= 0:
        return after
    origin = row.created_at or after
    steps = math.ceil(max((after - origin).total_seconds(), 0) / interval)
    return origin + timedelta(seconds=steps * interval)


def handles_save(handles) -> None:
    """Write back the state of every touched emulation (one UPDATE per row, inside the batch)."""
    rows = [h.row for h in handles]
    now = timezone.now()
    for row in rows:
        row.updated_at = now
    bulk_set(EmulatedDevice, rows, ["state", "faults", "profile", "is_powered", "updated_at"])


def estate_advance(*, limit: int = 500, now: datetime | None = None) -> int:
    """Advance prepayment meters and future activations; route the unsolicited alerts they raise."""
    from .alerts import DeviceAlertOut, route_device_alerts

    now = now or timezone.now()
    done = 0
    with transaction.atomic():
        rows = list(
            EmulatedDevice.objects.select_for_update(skip_locked=True, no_key=True)
            .filter(device_type__in=("ESME", "GSME"))
            .order_by("updated_at")[:limit]
        )
        handles = [Handle(r) for r in rows]
        out: list[DeviceAlertOut] = []
        for handle in handles:
            firmware = firmware_for(handle.device_type)
            alerts = firmware.advance(device_id=handle.device_id, state=handle.state, profile=handle.profile, now=now)
            out.extend(DeviceAlertOut(handle.device_id, a.code, a.payload) for a in alerts)
            done += 1
        handles_save(handles)
        route_device_alerts(out, now=now)
    return done
