"""What the DCC does after a device answered: SMI transitions and the DCC alerts they bring.

Each effect comes from the firmware (``devices.firmware.base.Effect``) and is applied in the
pipeline's transaction through ``inventory`` services (never by writing SMI rows here).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cpl.models import DeviceModel
from portal.exceptions import ApplicationError
from portal.services import audit
from portal.services.outbox import Recipient

from ..choices import SRStatus
from ..smi import (
    SMART_METER_TYPES,
    TYPE1_TYPES,
    DeviceType,
    MeterPointKind,
    SMIStatus,
    Trigger,
    devices_by_id,
    inventory_services,
    transition,
)
from .alerts import dcc_alert, sender_of
from .schedules import purge_for_devices

logger = logging.getLogger(__name__)


def _move(device, to: str, trigger: str, sr, reason: str) -> bool:
    """Apply one SMI transition; a move the table refuses is logged, never half-applied."""
    try:
        with audit.savepoint():
            transition(device=device, to=to, actor=None, actor_party=sr.party, reason=reason, trigger=trigger)
    except ApplicationError as exc:
        logger.info("SMI transition of %s to %s by %s refused: %s", device.device_id, to, trigger, exc)
        return False
    return True


def apply(sr, b, effects) -> None:
    """Apply each effect in its own savepoint: a refused SMI change is logged, never half-applied."""
    for effect in effects:
        handler = _HANDLERS.get(effect.kind)
        if handler is None:
            continue
        try:
            with audit.savepoint():
                handler(sr, b, effect)
        except ApplicationError as exc:
            logger.warning("effect %s of %s not applied: %s", effect.kind, sr.request_id, exc)


def _commissioned(sr, b, effect) -> None:
    # Row 15 (App AC 4.12): the Set Clock Response to 8.1.1 commissions the Meter.
    device = b.smi[sr.target_device_id]
    if _move(device, SMIStatus.COMMISSIONED, Trigger.SR_8_1_1, sr, f"SR 8.1.1 {sr.request_id}"):
        device.commissioned_by_party = sr.party
        type(device).objects.filter(pk=device.pk).update(commissioned_by_party=sr.party)


def _whitelisted(sr, b, effect) -> None:
    """Row 6 (App AC 4.3): CCS01 success -> device on the CHF log, MPxN associated, Whitelisted, N16."""
    hub = b.smi[sr.target_device_id]
    device = b.peer_smi(effect.device_id)
    if device is None:
        return
    inventory_services.device_attach_to_hub(device=device, hub=hub)
    mpxn = effect.data.get("mpxn")
    if mpxn and device.device_type in SMART_METER_TYPES:
        kind = MeterPointKind.MPRN if device.device_type == DeviceType.GSME else MeterPointKind.IMPORT_MPAN
        inventory_services.meter_point_link(device=device, mpxn=mpxn, kind=kind)
    if device.smi_status == SMIStatus.PENDING:
        _move(device, SMIStatus.WHITELISTED, Trigger.CCS01_RESPONSE, sr, f"SR 8.11 {sr.request_id}")
    if mpxn and device.device_type in SMART_METER_TYPES:
        # App AC 4.3: N16 'Device Identity Confirmation' to the Network Operator of the MPxN.
        operators = b.responsible(device, b.now).network_operators
        dcc_alert(
            code="N16", device_id=device.device_id, recipients=operators, service_request=sr, payload={"mpxn": mpxn}
        )


def _han_joined(sr, b, effect) -> None:
    """Row 7 (App AC 4.4): the second CS14 within the join timeout -> Installed not Commissioned, N24."""
    device = b.peer_smi(effect.device_id)
    if device is None or device.smi_status != SMIStatus.WHITELISTED:
        return
    if _move(device, SMIStatus.INSTALLED_NOT_COMMISSIONED, Trigger.CS14_SECOND, sr, "Second CS14 (0x8F12)"):
        dcc_alert(code="N24", device_id=device.device_id, recipients=sender_of(sr), service_request=sr)


def _device_log_removed(sr, b, effect) -> None:
    device = b.peer_smi(effect.device_id)
    if device is None:
        return
    inventory_services.device_detach_from_hub(device=device)
    if device.smi_status == SMIStatus.WHITELISTED:
        _move(device, SMIStatus.PENDING, Trigger.CCS02_RESPONSE, sr, f"SR 8.11 remove {sr.request_id}")


def _joined(sr, b, effect) -> None:
    """Join: record the association; a Type 1 Device or GPF takes its partner's status (row 16)."""
    target, other = b.smi[sr.target_device_id], b.peer_smi(effect.data["other"])
    if other is None:
        return
    inventory_services.association_create(device=other, partner=target)
    follower, leader = (
        (target, other)
        if target.device_type == DeviceType.GPF and other.device_type == DeviceType.GSME
        else (other, target)
    )
    if (
        follower.device_type in (TYPE1_TYPES | {DeviceType.GPF})
        and leader.smi_status in (SMIStatus.COMMISSIONED, SMIStatus.INSTALLED_NOT_COMMISSIONED)
        and follower.smi_status != leader.smi_status
    ):
        _move(follower, leader.smi_status, Trigger.JOIN, sr, f"Joined to {leader.device_id}")


def _unjoined(sr, b, effect) -> None:
    target, other = b.smi[sr.target_device_id], b.peer_smi(effect.data["other"])
    if other is not None:
        inventory_services.association_end(device=other, partner=target)


def _firmware_activated(sr, b, effect) -> None:
    """BAD 7.5.3.6.3: update the SMI firmware version (so Device Model); restore a Suspended Device."""
    device = b.smi[sr.target_device_id]
    current = device.device_model
    if current is None:
        return
    model = DeviceModel.objects.filter(
        manufacturer_id=current.manufacturer_id,
        model_id=current.model_id,
        hardware_version=current.hardware_version,
        firmware_version=effect.data["firmware_version"],
    ).first()
    if model is not None and model.pk != current.pk:
        inventory_services.device_change_model(
            device=device, device_model=model, reason=f"Firmware activated by {sr.request_id}"
        )
    handle = b.emulation(device.device_id)
    handle.row.profile = {**handle.row.profile, "firmware_version": effect.data["firmware_version"]}
    b.touched[device.device_id] = handle


def _change_of_tenancy(sr, b, effect) -> None:
    """BAD 7.5.2.5.1: on success the DCC purges Other Users' schedules (N4) and future-dated requests (N3)."""
    device = b.smi[sr.target_device_id]
    ids = [device.device_id]
    if device.device_type == DeviceType.GPF:
        from ..smi import system_gsme

        gsme = system_gsme(device)
        if gsme is not None:
            ids.append(gsme.device_id)
    purge_for_devices(
        device_ids=ids, reason="change of tenancy", schedule_alert="N4", request_alert="N3", only_role="OU"
    )


def _dbch_action(sr, b, effect) -> None:
    # BAD 7.5.8.1: every Sub-GHz action raises N54 to the Supplier.
    dcc_alert(
        code="N54", device_id=sr.target_device_id, recipients=sender_of(sr), service_request=sr, payload=effect.data
    )


_HANDLERS = {
    "commissioned": _commissioned,
    "whitelisted": _whitelisted,
    "han_joined": _han_joined,
    "device_log_removed": _device_log_removed,
    "joined": _joined,
    "unjoined": _unjoined,
    "firmware_activated": _firmware_activated,
    "change_of_tenancy": _change_of_tenancy,
    "dbch_action": _dbch_action,
}


def join_timeouts(now=None) -> int:
    """N25 when a device added by 8.11 is still Whitelisted after its join timeout (App AC 4.4).

    No status change; raised once per request (recent requests only).
    """
    from ..choices import AlertKind
    from ..models import ServiceRequest

    now = now or timezone.now()
    allowance = timedelta(seconds=settings.DEVICES_JOIN_NETWORK_ALLOWANCE_SECONDS)
    recent = (
        ServiceRequest.objects.filter(
            srv_code="8.11",
            status=SRStatus.COMPLETED,
            responded_at__gte=now - timedelta(days=1),
            responded_at__lte=now - allowance,
        )
        .exclude(alerts__kind=AlertKind.DCC, alerts__code="N25")
        .select_related("party")
    )
    count = 0
    for sr in recent[:500]:
        if sr.body.get("action", "add") != "add" or sr.responded_at is None:
            continue
        deadline = sr.responded_at + timedelta(seconds=sr.body.get("join_time_period_seconds", 300)) + allowance
        if deadline > now:
            continue
        device = devices_by_id([sr.body["device_id"]]).get(sr.body["device_id"])
        if device is not None and device.smi_status == SMIStatus.WHITELISTED:
            dcc_alert(
                code="N25",
                device_id=device.device_id,
                recipients=[Recipient(sr.party, sr.user_role)],
                service_request=sr,
                dedupe_key=f"N25:{sr.pk}",
            )
            count += 1
    return count
