"""The Service Request pipeline: claim due requests in batches and take each one step further.

One batch is one transaction: the requests' new statuses, the emulated devices' new state, the
responses, alerts and outbox messages commit together or not at all. A worker killed midway
leaves nothing half-done; the rows stay due and the next pass (any worker) takes them again, so
each command reaches its device exactly once (spec §3.3-3.4, §3.8; reliability in bench/).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.bulk import bulk_set
from portal.fields import json_copy
from portal.models import Party
from portal.services import audit

from ..catalogue_cache import variants_by_id
from ..choices import (
    SR_PIPELINE_STATUSES,
    SR_TERMINAL_STATUSES,
    CommandVariant,
    ResponseKind,
    SRKind,
    SRMode,
    SRStatus,
)
from ..constants import NO_ELIGIBILITY_CHECK_SRVS, STATUS_CHECK_EXEMPT_DEVICE_SRVS
from ..firmware import Command, DeviceError, firmware_for
from ..models import ServiceRequest
from ..smi import (
    COMMUNICABLE_STATUSES,
    SMART_METER_TYPES,
    DeviceType,
    SMIStatus,
    devices_by_id,
    eligible,
    inventory_services,
    responsible_for,
)
from . import effects, nondevice, signing, tad
from .alerts import DeviceAlertOut, dcc_alert, route_device_alerts, sender_of
from .estate import Handle, active_faults, emulations_lock, handles_save, is_emulated, next_wake
from .outcomes import SR_UPDATE_FIELDS, Writes, fail, respond

logger = logging.getLogger(__name__)
# Where an emulated device keeps the answers whose responses were discarded as corrupt.
REPLAY_KEY = "_replay"


class Batch:
    """Everything one pass needs, loaded once: SMI devices, emulations, responsibilities."""

    def __init__(self, requests: list[ServiceRequest], now: datetime):
        self.now = now
        self.requests = requests
        self.writes = Writes()
        self.alerts: list[DeviceAlertOut] = []
        # Targets and their hubs, plus the devices named in bodies (8.11 adds one to a hub's log,
        # joins name a partner): one query instead of one per commissioning request.
        self.named = {r.body.get("device_id") for r in requests if isinstance(r.body.get("device_id"), str)}
        self.smi = devices_by_id({r.target_device_id for r in requests} | self.named)
        self._responsible: dict = {}
        self.handles: dict[str, Handle] = {}
        self.touched: dict[str, Handle] = {}

    def responsible(self, device, at: datetime):
        """Registration Data answers, for the whole batch at once when asked about "now"."""
        if at == self.now:
            key = (device.pk, None)
            if key not in self._responsible:
                missing = [d for d in self.smi.values() if (d.pk, None) not in self._responsible]
                missing = missing if device in missing else [*missing, device]
                self._responsible.update({(pk, None): rp for pk, rp in responsible_for(missing, at=at).items()})
            return self._responsible[key]
        key = (device.pk, at)
        if key not in self._responsible:
            self._responsible[key] = responsible_for([device], at=at)[device.pk]
        return self._responsible[key]

    def emulation(self, device_id: str) -> Handle | None:
        if device_id not in self.handles:
            self.handles.update(emulations_lock([device_id], smi=self.smi, now=self.now))
        return self.handles.get(device_id)

    def peer_smi(self, device_id: str):
        """An SMI Device by ID (loaded on first use)."""
        if device_id and device_id not in self.smi:
            self.smi.update(devices_by_id([device_id]))
        return self.smi.get(device_id)

    # Han protocol for the firmware: peers are other devices a command touches. A device that
    # is unreachable (fault) or not powered does not answer on the HAN.
    def peer(self, device_id: str):
        if self.peer_smi(device_id) is None:
            return None
        handle = self.emulation(device_id)
        if handle is None or handle.faults.get("unreachable") or not handle.row.is_powered:
            return None
        return handle

    def mark_dirty(self, peer) -> None:
        self.touched[peer.device_id] = peer


def service_requests_process_due(*, limit: int | None = None, now: datetime | None = None) -> int:
    """Claim up to ``limit`` due requests and process them; returns how many were claimed.

    If a batch hits an unexpected error it is rolled back and its requests are retried one by
    one, so one poison request cannot hold up the others (it fails with E22 and is logged).
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


def _claim(limit: int, now: datetime) -> list[ServiceRequest]:
    """Lock up to ``limit`` due requests, oldest first, skipping those another worker holds.

    Only requests in a pipeline status have a ``due_at``, so the scan walks the small partial
    index ``sr_due_idx`` in order and stops after ``limit`` rows, however long the backlog is.
    Variants, Parties and dependencies are attached from caches and one query each, not joined.
    ``FOR NO KEY UPDATE`` (``no_key``): other transactions may still check foreign keys to these
    rows (a dependant submitted meanwhile), which plain ``FOR UPDATE`` would make wait for the batch.
    """
    requests = list(
        ServiceRequest.objects.select_for_update(skip_locked=True, no_key=True)
        .filter(due_at__lte=now, status__in=SR_PIPELINE_STATUSES)
        .order_by("due_at", "pk")[:limit]
    )
    if requests:
        variants = variants_by_id({r.variant_id for r in requests})
        parties = Party.objects.in_bulk({r.party_id for r in requests})
        dependencies = ServiceRequest.objects.in_bulk({r.depends_on_id for r in requests if r.depends_on_id})
        for sr in requests:
            sr.variant, sr.party = variants[sr.variant_id], parties[sr.party_id]
            if sr.depends_on_id:
                sr.depends_on = dependencies[sr.depends_on_id]
    return requests


def _process(*, limit: int, now: datetime | None) -> int:
    """One batch in one transaction. Requests that change the SMI (commissioning, joins, CoT...)
    ride in the same batch as reads: their audit events and access-row refreshes are gathered
    and written once at the end, so the audit chain lock (D-007) is held only for that INSERT.
    """
    now = now or timezone.now()
    with transaction.atomic():
        requests = _claim(limit, now)
        if not requests:
            return 0
        with audit.batched(), inventory_services.access_refresh_batched():
            batch = Batch(requests, now)
            # Lock every emulation the batch will touch up front, in Device ID order. A device
            # another worker is busy with is skipped, and its requests wait for the next pass
            # instead of serialising the two batches (they stay due; their row locks end with
            # this transaction).
            targets = {r.target_device_id for r in requests if r.variant.kind == SRKind.DEVICE}
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
                _step(sr, batch)
            handles_save(set(batch.touched.values()))
            bulk_set(ServiceRequest, runnable, SR_UPDATE_FIELDS)
            route_device_alerts(batch.alerts, now=now)
            batch.writes.flush()
    return len(requests)


def _have_locks(sr: ServiceRequest, b: Batch) -> bool:
    """A device request runs only if its device (and its CHF) emulations are locked by this batch."""
    if sr.variant.kind != SRKind.DEVICE:
        return True
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
            fail(sr[0], writes, "E22", f"The DCC could not process this request ({type(exc).__name__}).")
            ServiceRequest.objects.bulk_update(sr, SR_UPDATE_FIELDS)
            writes.flush()


# --- one step ---------------------------------------------------------------------------------


def _step(sr: ServiceRequest, b: Batch) -> None:
    if not _dependency_ready(sr, b):
        return
    if sr.variant.kind == SRKind.NON_DEVICE:
        nondevice.run(sr, b)
        return
    if sr.status == SRStatus.QUEUED and not _queued(sr, b):
        return
    if sr.status == SRStatus.SCHEDULED:
        # Spec §3.7: eligibility is re-checked at the execution date-time; failure -> N7.
        smi = b.smi.get(sr.target_device_id)
        if smi is None or not _eligible(sr, b, smi, at=b.now):
            fail(sr, b.writes, "E31")
            dcc_alert(code="N7", device_id=sr.target_device_id, recipients=sender_of(sr), service_request=sr)
            return
        sr.status, sr.sent_at = SRStatus.SENDING, b.now
    if sr.status == SRStatus.SENDING:
        _send(sr, b)


def _dependency_ready(sr: ServiceRequest, b: Batch) -> bool:
    """ "Only after request X succeeds": wait while X is open; fail (N14) if X did not succeed."""
    dep = sr.depends_on
    if dep is None or sr.status not in (SRStatus.QUEUED, SRStatus.SCHEDULED) or sr.checked_at:
        return True
    if dep.status == SRStatus.COMPLETED:
        return True
    if dep.status in SR_TERMINAL_STATUSES:
        fail(sr, b.writes, "E15", f"{dep.request_id} ended {dep.get_status_display().lower()} ({dep.response_code}).")
        dcc_alert(code="N14", device_id=sr.target_device_id, recipients=sender_of(sr), service_request=sr)
        return False
    sr.due_at = None  # parked; woken when the dependency finishes (outcomes.Writes.flush)
    return False


def _queued(sr: ServiceRequest, b: Batch) -> bool:
    """Device SR checks (AB 6.1 c, f, i), TAD, Transform; True when it may go on to the device."""
    if sr.signed_at is None:
        smi = b.smi.get(sr.target_device_id)
        if smi is None:
            fail(sr, b.writes, "E19")
            return False
        if not _status_allows(sr, smi, b) or not _eligibility_ok(sr, smi, b):
            return False
        if sr.srv_code == "11.1" and not effects.firmware_image_ok(sr, smi, b):
            return False
        if sr.srv_code == "8.11" and not effects.device_log_request_ok(sr, b):
            return False
        sr.checked_at = b.now
        if sr.variant.is_critical:
            signing.issue_pre_command(sr, b)
            return False
        if sr.variant.is_sensitive and not tad.check(sr, b):
            return False
    elif not tad.check(sr, b):  # Critical: TAD applies to the Signed Pre-Command (spec §3.4 step 6)
        return False
    if sr.command_variant in (CommandVariant.RETURN_LOCAL, CommandVariant.SIGNED_LOCAL):
        # Local delivery (§7.8.4.4.4): the command goes to the User only, for an HHT.
        respond(
            sr,
            b.writes,
            code="I0",
            kind=ResponseKind.LOCAL_COMMAND,
            status=SRStatus.LOCAL_DELIVERY,
            data={"command": {"srv": sr.srv_code, "device_id": sr.target_device_id, "body": sr.body}},
        )
        return False
    if sr.mode != SRMode.ON_DEMAND and sr.execute_at and sr.execute_at > b.now:
        sr.status, sr.due_at = SRStatus.SCHEDULED, sr.execute_at  # held by the DCC (FDRP (DSP))
        return False
    sr.status, sr.sent_at = SRStatus.SENDING, b.now
    return True


def _status_allows(sr: ServiceRequest, smi, b: Batch) -> bool:
    """AB 6.1(c): Commissioned, Installed not Commissioned, Whitelisted or Pending (not for 11.1)."""
    status = smi.smi_status
    if sr.srv_code == "11.1":
        # §8: Update Firmware needs each target Commissioned or Suspended, and a Smart Meter.
        if smi.device_type not in SMART_METER_TYPES or status not in (SMIStatus.COMMISSIONED, SMIStatus.SUSPENDED):
            fail(sr, b.writes, "E5", "Update Firmware needs a Commissioned or Suspended Smart Meter.")
            return False
        return True
    if sr.srv_code == "11.3" and status == SMIStatus.SUSPENDED:
        return True  # AB 2.1: SRs that would make the Device Model CPL-listed reach a Suspended Device
    if status is None or sr.srv_code in STATUS_CHECK_EXEMPT_DEVICE_SRVS or sr.schedule_id:
        return True  # Type 2 Devices have no SMI Status; scheduled runs skip 6.1(c) (spec §6)
    if status not in COMMUNICABLE_STATUSES:
        fail(sr, b.writes, "E5", f"The Device is {smi.get_smi_status_display()}.")
        return False
    return True


def _eligibility_ok(sr: ServiceRequest, smi, b: Batch) -> bool:
    if _eligible(sr, b, smi, at=sr.execute_at or b.now):
        return True
    fail(sr, b.writes, "E4")
    return False


def _eligible(sr: ServiceRequest, b: Batch, smi, *, at: datetime) -> bool:
    """AB 6.1(f) with its skips (AB 6.2): Other Users and the join/restore exceptions are not checked."""
    if sr.user_role == "OU" or sr.srv_code in NO_ELIGIBILITY_CHECK_SRVS:
        return True
    if sr.srv_code == "8.11":
        return effects.device_log_sender_eligible(sr, smi, b)
    if sr.srv_code in ("8.7.2", "8.12.2") and smi.device_type == DeviceType.GPF and sr.user_role == "EIS":
        return True  # AB 6.2(a)/(b): an IS of an SMS sharing the CHF joins the GSME to the GPF
    start, end = _range(sr)
    if start is not None:
        return eligible(device=smi, party=sr.party, role=sr.user_role, at=start, until=end)
    return b.responsible(smi, at).has(sr.party, sr.user_role)


def _range(sr: ServiceRequest) -> tuple[datetime | None, datetime | None]:
    """AB 6.1(f)(i): a requested date range must be covered at every instant."""
    if "from" in sr.body:
        start = datetime.fromisoformat(sr.body["from"])
        end = datetime.fromisoformat(sr.body["to"]) if sr.body.get("to") else timezone.now()
        return start, end
    return None, None


# --- to the device --------------------------------------------------------------------------------


def _send(sr: ServiceRequest, b: Batch) -> None:
    """Route via a Commissioned CHF (AB 13.2(a)), honour faults and sleep, execute, respond."""
    smi = b.smi.get(sr.target_device_id)
    target = b.emulation(sr.target_device_id)
    if smi is None or target is None:
        fail(sr, b.writes, "E19")
        return
    hub_row = _route(sr, smi, b)
    if hub_row is False:
        return
    faults = {**(active_faults(hub_row.row, b.now) if hub_row else {}), **target.faults}
    if faults.get("unreachable") or (hub_row and not hub_row.row.is_powered) or not target.row.is_powered:
        _comms_failure(sr, b, code="E20" if hub_row and not hub_row.row.is_powered else "E21")
        return
    if faults.get("slow_seconds") and b.now < sr.sent_at + timedelta(seconds=faults["slow_seconds"]):
        sr.due_at = sr.sent_at + timedelta(seconds=faults["slow_seconds"])
        return
    if firmware_for(target.device_type).sleepy:
        wake = next_wake(target.row, sr.sent_at)
        if b.now < wake:
            sr.due_at = wake  # queued at the GPF until the gas meter wakes
            return
    _execute(sr, b, target, faults)


def _route(sr: ServiceRequest, smi, b: Batch):
    """The CHF a command travels through (None for the CHF itself); False if there is none usable."""
    if smi.device_type == DeviceType.CHF:
        return b.emulation(smi.device_id)
    hub = smi.hub
    if hub is None or hub.smi_status != SMIStatus.COMMISSIONED:
        fail(sr, b.writes, "E20", "The Device is not on the Device Log of a Commissioned Communications Hub.")
        return False
    return b.emulation(hub.device_id)


def _execute(sr: ServiceRequest, b: Batch, target: Handle, faults: dict) -> None:
    firmware = firmware_for(target.device_type)
    # A command that changes the device is never executed twice. Its response can only be lost
    # after execution when the DCC discards it as corrupt (a crash rolls the device back with the
    # batch), so the device keeps those answers, per RequestID, and replays one to the re-sent
    # command. A read is simply answered again.
    read = firmware.is_read(sr.srv_code)
    replay = target.state.get(REPLAY_KEY)
    answer = replay.pop(sr.request_id, None) if replay and not read else None
    if answer is not None:
        if not replay:
            del target.state[REPLAY_KEY]
        b.touched[target.device_id] = target
    else:
        command = Command(
            srv=sr.srv_code,
            body=sr.body,
            now=b.now,
            request_id=sr.request_id,
            sender_role=sr.user_role,
            sender_user_id=sr.originator_user_id,
        )
        try:
            outcome = firmware.execute(
                device_id=target.device_id, state=target.state, profile=target.profile, command=command, han=b
            )
            # A copy: the answer may quote the state, which later commands of the batch change.
            answer = {"code": "I0", "data": json_copy(outcome.data)}
            alerts, effect_list = outcome.alerts, outcome.effects
        except DeviceError as exc:
            answer = {"code": exc.code, "reason": exc.reason, "data": json_copy(exc.data)}
            alerts, effect_list = exc.alerts, []
        if not read or alerts:
            # A read that raised nothing is not written back (D-DEV-18): the state a meter has
            # at any instant follows from its stored state and the time, so the next command
            # brings it up to date again.
            b.touched[target.device_id] = target
        b.alerts.extend(DeviceAlertOut(a.device_id or target.device_id, a.code, a.payload, sr) for a in alerts)
        if answer["code"] == "I0":
            effects.apply(sr, b, effect_list)
    if faults.get("corrupt_responses"):
        # The response failed the DCC's integrity check: discard it and retry (the device replays it).
        target.row.faults["corrupt_responses"] = faults["corrupt_responses"] - 1
        if not read:
            kept = target.state.setdefault(REPLAY_KEY, {})
            kept[sr.request_id] = answer
            while len(kept) > 16:
                kept.pop(next(iter(kept)))
        b.touched[target.device_id] = target
        _comms_failure(sr, b, code="E21")
        return
    status = SRStatus.COMPLETED if answer["code"] == "I0" else SRStatus.FAILED
    respond(sr, b.writes, code=answer["code"], reason=answer.get("reason", ""), data=answer.get("data"), status=status)


def _comms_failure(sr: ServiceRequest, b: Batch, *, code: str) -> None:
    """Spec §3.8: on-demand retries without back-off; future-dated/scheduled 2 h / 2 h / TRT + 60 min."""
    sr.attempts += 1
    alert = "N12" if code == "E20" else "N13"
    if sr.mode == SRMode.ON_DEMAND:
        if sr.attempts < settings.DEVICES_ON_DEMAND_MAX_ATTEMPTS:
            sr.due_at = b.now + timedelta(seconds=settings.DEVICES_ON_DEMAND_RETRY_SECONDS)
            return
        fail(sr, b.writes, code)
        dcc_alert(code=alert, device_id=sr.target_device_id, recipients=sender_of(sr), service_request=sr)
        return
    trt = sr.variant.dcc_scheduled_seconds if sr.mode == SRMode.SCHEDULED else sr.variant.future_dated_seconds
    deadline = (sr.execute_at or sr.received_at) + timedelta(
        seconds=(trt or 86400) + settings.DEVICES_FINAL_RETRY_EXTRA_SECONDS
    )
    if b.now >= deadline:
        fail(sr, b.writes, "E30")
        dcc_alert(code="N11", device_id=sr.target_device_id, recipients=sender_of(sr), service_request=sr)
        return
    sr.due_at = min(b.now + timedelta(seconds=settings.DEVICES_FUTURE_RETRY_SECONDS), deadline)
