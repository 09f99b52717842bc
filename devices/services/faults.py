"""The DCC-staff back door: make devices misbehave on purpose, and the installer's CH power-up.

Every fault expires by itself (``DEVICES_FAULT_MAX_HOURS``) so a forgotten test cannot break a
device for ever. Audit: ``devices.fault_injected`` / ``devices.fault_cleared`` / ``devices.hub_powered``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.exceptions import ApplicationError, NotPermitted
from portal.models import User
from portal.services import audit

from ..constants import DEVICE_ALERTS
from ..firmware import firmware_for
from ..models import EmulatedDevice
from ..smi import SMIStatus, Trigger, devices_by_id, transition
from .alerts import DeviceAlertOut, route_device_alerts
from .estate import Handle, emulations_lock, handles_save

FAULT_KINDS = ("unreachable", "slow", "drain_battery", "device_alert", "corrupt", "power_outage", "clear")


def _lock(device_id: str) -> Handle:
    handle = emulations_lock([device_id]).get(device_id)
    if handle is None:
        raise ApplicationError("No such device in the SMI (or its type is not emulated).", code="devices.no_device")
    return handle


def fault_inject(
    *,
    actor: User,
    device_id: str,
    kind: str,
    seconds: int = 30,
    count: int = 1,
    alert_code: str = "",
    hours: float = 1.0,
) -> EmulatedDevice:
    """Inject a fault into one emulated device (DCC staff only)."""
    if not actor.has_perm("devices.inject_faults"):
        raise NotPermitted("Only DCC staff may inject device faults.", code="devices.not_permitted")
    if kind not in FAULT_KINDS:
        raise ApplicationError(f"Unknown fault {kind!r}.", code="devices.bad_fault")
    hours = min(max(hours, 0.01), settings.DEVICES_FAULT_MAX_HOURS)
    now = timezone.now()
    with transaction.atomic():
        handle = _lock(device_id)
        row = handle.row
        before = dict(row.faults)
        until = (now + timedelta(hours=hours)).isoformat()
        alerts: list[DeviceAlertOut] = []
        if kind == "clear":
            alerts += _restore_power(handle, now)
            row.faults = {}
        elif kind == "unreachable":
            row.faults = {**row.faults, "unreachable": True, "until": until}
        elif kind == "slow":
            row.faults = {**row.faults, "slow_seconds": max(int(seconds), 1), "until": until}
        elif kind == "corrupt":
            row.faults = {**row.faults, "corrupt_responses": max(int(count), 1), "until": until}
        elif kind == "drain_battery":
            alerts += _drain_battery(handle, now)
            row.faults = {**row.faults, "unreachable": True, "until": until}
        elif kind == "power_outage":
            if row.device_type != "CHF":
                raise ApplicationError("Power outages are injected on a Communications Hub.", code="devices.bad_fault")
            row.faults = {**row.faults, "power_outage_since": now.isoformat(), "unreachable": True, "until": until}
        elif kind == "device_alert":
            if alert_code not in DEVICE_ALERTS:
                raise ApplicationError(f"Unknown device alert code {alert_code!r}.", code="devices.bad_alert")
            alerts.append(DeviceAlertOut(device_id, alert_code, {"injected": True}))
            _apply_alert_side_effects(handle, alert_code)
        handles_save([handle])
        route_device_alerts(alerts, now=now)
        audit.record(
            action="devices.fault_injected" if kind != "clear" else "devices.fault_cleared",
            actor=actor,
            target=row,
            before={"faults": before},
            after={"faults": row.faults, "kind": kind, "alert_code": alert_code},
        )
    return row


def _drain_battery(handle: Handle, now) -> list[DeviceAlertOut]:
    """GSME power loss (BAD 7.5.4.6.4): valve closed, Disabled, Locked if the Supply Depletion State says so."""
    if handle.device_type != "GSME":
        raise ApplicationError("Only a Gas Smart Meter runs on a battery.", code="devices.bad_fault")
    state = handle.state
    state.setdefault("battery", {})["level_pct"] = 0.0
    locked = state.get("gas", {}).get("depletion_state") == "locked"
    state["supply"].update(state="Disabled", cause="gas_power_loss", locked=locked)
    return [DeviceAlertOut(handle.device_id, "0x8F1D", {"locked": locked})]


def _apply_alert_side_effects(handle: Handle, code: str) -> None:
    """An injected tamper alert does to the meter what a real tamper would (BAD 7.5.4.6.4)."""
    if code == "0x8F3F" and handle.device_type in ("ESME", "GSME"):
        supply = handle.state["supply"]
        supply.update(state="Disabled", cause="tamper", locked=supply.get("tamper_state") == "locked")


def _restore_power(handle: Handle, now) -> list[DeviceAlertOut]:
    since = handle.row.faults.get("power_outage_since")
    if not since:
        return []
    long = (now - datetime.fromisoformat(since)).total_seconds() >= settings.DEVICES_POWER_OUTAGE_SECONDS
    # Table 5.4 A24/A25: 'Supply Outage Restored' (with '- Outage >= 3 minutes' after a long one).
    return [DeviceAlertOut(handle.device_id, "A25" if long else "A24", {"outage_since": since})]


def hub_power_on(*, actor: User, device_id: str) -> EmulatedDevice:
    """The installer powers the CH at the premises: it joins the SM WAN and the DCC validates its
    first communication, which commissions a Pending or Installed-not-Commissioned CHF (row 14, App AC 4.2).
    """
    smi = devices_by_id([device_id]).get(device_id)
    if smi is None or smi.device_type != "CHF":
        raise ApplicationError("That is not a Communications Hub Function in the SMI.", code="devices.not_a_hub")
    if not (actor.party.is_dcc or actor.has_perm("devices.send_service_request")):
        raise NotPermitted("You may not install Communications Hubs.", code="devices.not_permitted")
    from inventory.selectors import device_get

    device_get(actor=actor, device_id=device_id)  # 404 unless the actor may see this hub
    with transaction.atomic():
        handle = _lock(device_id)
        handle.row.is_powered = True
        handle.state["wan_connected"] = True
        handles_save([handle])
        if smi.smi_status in (SMIStatus.PENDING, SMIStatus.INSTALLED_NOT_COMMISSIONED):
            transition(
                device=smi,
                to=SMIStatus.COMMISSIONED,
                actor=actor,
                reason="CHF connected to the SM WAN",
                trigger=Trigger.CHF_WAN,
            )
        audit.record(
            action="devices.hub_powered",
            actor=actor,
            target=handle.row,
            after={"device_id": device_id, "smi_status": smi.smi_status},
        )
    return handle.row


def supported_srvs(device_type: str) -> list[str]:
    return firmware_for(device_type).supported_srvs()
