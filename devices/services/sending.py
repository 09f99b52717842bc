"""The last stages of a Device request: local delivery, holding, and the command's trip to the device.

Route through a Commissioned CHF (App AB 13.2(a)), honour injected faults and sleepy gas meters,
execute on the emulated firmware, answer the User, retry on communication failures (BAD
7.8.5.4.1, Tables 13 and 14).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from django.conf import settings

from portal.fields import json_copy

from ..choices import CommandVariant, ResponseKind, SRMode, SRStatus
from ..firmware import Command, DeviceError, firmware_for
from ..models import ServiceRequest
from ..smi import Device, DeviceType, SMIStatus
from ..transitions import SRTrigger, sr_move
from . import effects
from .alerts import DeviceAlertOut, dcc_alert, sender_of
from .batch import Batch, claimed_variant
from .estate import Handle, active_faults, next_wake
from .outcomes import fail, respond

# Where an emulated device keeps the answers whose responses were discarded as corrupt.
REPLAY_KEY = "_replay"
LOCAL_CVS = (CommandVariant.RETURN_LOCAL, CommandVariant.SIGNED_LOCAL)


def deliver_locally(sr: ServiceRequest, b: Batch) -> bool:
    """BAD 7.8.4.4.4: the command goes to the User only, for an HHT; the request ends here."""
    respond(
        sr,
        b.writes,
        code="I0",
        kind=ResponseKind.LOCAL_COMMAND,
        status=SRStatus.LOCAL_DELIVERY,
        trigger=SRTrigger.LOCAL_DELIVERY,
        data={"command": {"srv": sr.srv_code, "device_id": sr.target_device_id, "body": sr.body}},
    )
    return False


def hold_or_send(sr: ServiceRequest, b: Batch) -> bool:
    """Future Dated (DSP) requests wait for their execution date-time (D-DEV-14); the others are sent."""
    if sr.mode != SRMode.ON_DEMAND and sr.execute_at and sr.execute_at > b.now:
        sr_move(sr, SRStatus.SCHEDULED, SRTrigger.HOLD)
        sr.due_at = sr.execute_at
        return False
    return dispatch(sr, b)


def dispatch(sr: ServiceRequest, b: Batch) -> bool:
    """App AB 13.2: the Command leaves the DCC for the device now."""
    sr_move(sr, SRStatus.SENDING, SRTrigger.SEND)
    sr.sent_at = b.now
    return True


def send(sr: ServiceRequest, b: Batch) -> bool:
    """Route via a Commissioned CHF (App AB 13.2(a)), honour faults and sleep, execute, respond."""
    smi = b.smi.get(sr.target_device_id)
    target = b.emulation(sr.target_device_id)
    if smi is None or target is None:
        fail(sr, b.writes, "E19", trigger=SRTrigger.UNDELIVERABLE)  # App AB 13.2(a): no emulated device to reach
        return False
    hub = _route(sr, smi, b)
    if hub is False:
        return False
    faults = {**(active_faults(hub.row, b.now) if hub else {}), **target.faults}
    if faults.get("unreachable") or (hub and not hub.row.is_powered) or not target.row.is_powered:
        _comms_failure(sr, b, code="E20" if hub and not hub.row.is_powered else "E21")
        return False
    assert sr.sent_at is not None  # set by dispatch
    if faults.get("slow_seconds") and b.now < sr.sent_at + timedelta(seconds=faults["slow_seconds"]):
        sr.due_at = sr.sent_at + timedelta(seconds=faults["slow_seconds"])
        return False
    if firmware_for(target.device_type).sleepy:
        wake = next_wake(target.row, sr.sent_at)
        if b.now < wake:
            sr.due_at = wake  # queued at the GPF until the gas meter wakes
            return False
    _execute(sr, b, target, faults)
    return False


def _route(sr: ServiceRequest, smi: Device, b: Batch) -> Handle | Literal[False] | None:
    """The emulation of the CHF a command travels through (the CHF's own for a CHF); False if none is usable."""
    if smi.device_type == DeviceType.CHF:
        return b.emulation(smi.device_id)
    hub = smi.hub
    if hub is None or hub.smi_status != SMIStatus.COMMISSIONED:
        # App AB 13.2(a): only to a Device associated with a Commissioned CHF.
        reason = "The Device is not on the Device Log of a Commissioned Communications Hub."
        fail(sr, b.writes, "E20", reason, trigger=SRTrigger.UNDELIVERABLE)
        return False
    return b.emulation(hub.device_id)


def _execute(sr: ServiceRequest, b: Batch, target: Handle, faults: dict[str, Any]) -> None:
    firmware = firmware_for(target.device_type)
    # A command that changes the device is never executed twice. Its response can only be lost
    # after execution when the DCC discards it as corrupt (a crash rolls the device back with the
    # batch), so the device keeps those answers, per RequestID, and replays one to the re-sent
    # command (D-DEV-17). A read is simply answered again.
    read = firmware.is_read(sr.srv_code)
    replay = target.state.get(REPLAY_KEY)
    answer = replay.pop(sr.request_id, None) if replay and not read else None
    if answer is not None:
        if not replay:
            del target.state[REPLAY_KEY]
        b.touched[target.device_id] = target
    else:
        answer = _run_firmware(sr, b, target, read=read)
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
    # A refusal is the device's own answer (I0 from the DCC, D-DUIS-02) but the request failed.
    failed = answer.get("refused") or answer["code"] != "I0"
    status = SRStatus.FAILED if failed else SRStatus.COMPLETED
    reason = answer.get("reason", "")
    if answer.get("refused"):
        reason = f"The Device refused the command: {reason}"
    respond(
        sr,
        b.writes,
        code=answer["code"],
        reason=reason,
        data=answer.get("data"),
        status=status,
        trigger=SRTrigger.RESPONDED,  # App AB 15.1: the device's answer, or its refusal
    )


def _run_firmware(sr: ServiceRequest, b: Batch, target: Handle, *, read: bool) -> dict[str, Any]:
    """Execute the command on the emulated device; its alerts and the DCC's effects are gathered in ``b``."""
    firmware = firmware_for(target.device_type)
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
        refused = exc.code == "I0"  # the device answered, refusing (D-DUIS-02)
        answer = {"code": exc.code, "reason": exc.reason, "data": json_copy(exc.data), "refused": refused}
        alerts, effect_list = exc.alerts, []
    if not read or alerts:
        # A read that raised nothing is not written back (D-DEV-18): the state a meter has at any
        # instant follows from its stored state and the time, so the next command brings it up to date.
        b.touched[target.device_id] = target
    b.alerts.extend(DeviceAlertOut(a.device_id or target.device_id, a.code, a.payload, sr) for a in alerts)
    if answer["code"] == "I0" and not answer.get("refused"):
        effects.apply(sr, b, effect_list)
    return answer


def _comms_failure(sr: ServiceRequest, b: Batch, *, code: str) -> None:
    """BAD 7.8.5.4.1 (Table 13): on demand, retries without back-off; future-dated and scheduled,
    2 h initial retry, 2 h back-off, final retry at the Target Response Time + 60 min."""
    sr.attempts += 1
    alert = "N12" if code == "E20" else "N13"  # BAD 7.8.5.4.1 (Table 14): not delivered / no response
    if sr.mode == SRMode.ON_DEMAND:
        if sr.attempts < settings.DEVICES_ON_DEMAND_MAX_ATTEMPTS:
            sr.due_at = b.now + timedelta(seconds=settings.DEVICES_ON_DEMAND_RETRY_SECONDS)
            return
        fail(sr, b.writes, code, trigger=SRTrigger.COMMS_FAILED)
        dcc_alert(code=alert, device_id=sr.target_device_id, recipients=sender_of(sr), service_request=sr)
        return
    variant = claimed_variant(sr)
    trt = variant.dcc_scheduled_seconds if sr.mode == SRMode.SCHEDULED else variant.future_dated_seconds
    deadline = (sr.execute_at or sr.received_at) + timedelta(
        seconds=(trt or 86400) + settings.DEVICES_FINAL_RETRY_EXTRA_SECONDS
    )
    if b.now >= deadline:
        # BAD 7.8.5.4.1 (Table 14): N11, no response within the Target Response Time + 60 minutes.
        fail(sr, b.writes, "E30", trigger=SRTrigger.COMMS_FAILED)
        dcc_alert(code="N11", device_id=sr.target_device_id, recipients=sender_of(sr), service_request=sr)
        return
    sr.due_at = min(b.now + timedelta(seconds=settings.DEVICES_FUTURE_RETRY_SECONDS), deadline)
