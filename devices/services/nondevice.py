"""Non-Device Service Requests (App AB 16.1; BAD 7.8.4.4.3): the DCC does the work itself.

The checks are in ``services.checks`` (``non_device_checks``). No Acknowledgement, no TAD, no
Transform. Supported: 5.1-5.3 schedules, 8.2 Read Inventory, 8.3 Decommission Device, 8.4 Update
Inventory, 12.1 Request WAN Matrix, 12.2 Device Pre-notification. Others (8.5, 8.6, 8.13, 8.14.x)
answer E13 "not supported here" (D-DUIS-02).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from portal.choices import UserRole
from portal.exceptions import ApplicationError
from portal.services import audit

from ..choices import SRStatus
from ..models import ServiceRequest
from ..permissions import PartySender
from ..smi import (
    SMART_METER_TYPES,
    DeviceType,
    SMIStatus,
    Trigger,
    inventory_services,
    transition,
)
from ..transitions import SRTrigger
from .alerts import dcc_alert
from .batch import Batch
from .outcomes import fail, respond
from .schedules import ScheduleError, schedule_create, schedule_delete, schedules_for

EXECUTED = SRTrigger.EXECUTED
# 8.4 'Update SMI Status' targets (rows 9-13, 17, 18): only a Responsible IS/GS may send them.
_STATUS_TARGETS = {
    "pending": SMIStatus.PENDING,
    "installed_not_commissioned": SMIStatus.INSTALLED_NOT_COMMISSIONED,
    "commissioned": SMIStatus.COMMISSIONED,
    "withdrawn": SMIStatus.WITHDRAWN,
}


def execute(sr: ServiceRequest, b: Batch) -> bool:
    """App AB 16.1(d): the DCC does the work and answers; the request ends here (returns False)."""
    smi = b.smi.get(sr.target_device_id)
    try:
        with audit.savepoint():  # a handler that fails leaves no half-done SMI change (or audit event) behind
            data = _HANDLERS[sr.srv_code](sr, b, smi)
    except ScheduleError as exc:
        if exc.code.startswith("W"):
            respond(sr, b.writes, code=exc.code, reason=exc.reason, status=SRStatus.COMPLETED, trigger=EXECUTED)
        else:
            fail(sr, b.writes, exc.code, exc.reason, trigger=EXECUTED)  # BAD 7.8.3: E050301
        return False
    except (ApplicationError, ValidationError) as exc:
        reason = getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [str(exc)]))
        fail(sr, b.writes, "E13", reason, trigger=EXECUTED)  # App AB 16.1(d): the DCC could not do it (D-DUIS-02)
        return False
    respond(sr, b.writes, code="I0", data=data, status=SRStatus.COMPLETED, trigger=EXECUTED)
    return False


def _create_schedule(sr, b, smi) -> dict:
    schedule = schedule_create(sr=sr)
    assert schedule.next_run_at is not None  # a new schedule runs first at its start
    return {"DSPScheduleID": schedule.schedule_id, "next_run_at": schedule.next_run_at.isoformat()}


def _read_schedules(sr, b, smi) -> dict:
    found = schedules_for(sr=sr)
    # BAD 7.8.5.4.1: E050301 / W050301, as for 5.3 (the BAD names these two codes only).
    if sr.body.get("schedule_id") and not found:
        raise ScheduleError("E050301", "The DSPScheduleID does not exist or it is not yours.")
    if not found:
        raise ScheduleError("W050301", "You have no schedules on this Device.")
    return {
        "schedules": [
            {
                "DSPScheduleID": s.schedule_id,
                "srv": s.variant.srv,
                "period_seconds": s.period_seconds,
                "start_at": s.start_at.isoformat(),
                "end_at": s.end_at.isoformat() if s.end_at else None,
                "next_run_at": s.next_run_at.isoformat() if s.next_run_at else None,
            }
            for s in found
        ]
    }


def _delete_schedules(sr, b, smi) -> dict:
    return {"deleted": schedule_delete(sr=sr)}


def _read_inventory(sr, b, smi) -> dict:
    """SR 8.2: the SMI record of the Device and the Devices of its Smart Metering System."""

    def describe(device):
        model = device.device_model
        return {
            "device_id": device.device_id,
            "device_type": device.device_type,
            "smi_status": device.smi_status,
            "manufacturer": model.manufacturer_name if model else device.type2_description,
            "model": model.model_name if model else "",
            "firmware_version": model.firmware_version if model else "",
            "hub": device.hub.device_id if device.hub else None,
        }

    members = []
    if smi.hub_id or smi.device_type == DeviceType.CHF:
        hub_pk = smi.pk if smi.device_type == DeviceType.CHF else smi.hub_id
        members = [describe(d) for d in type(smi).objects.filter(hub_id=hub_pk).select_related("device_model", "hub")]
    return {"device": describe(smi), "system": members}


def _decommission(sr, b, smi) -> dict:
    """SR 8.3 (SEC H6.2: only the Responsible Supplier(s); BAD 7.6.2)."""
    rp = b.responsible(smi, b.now)
    if not any(r.party.pk == sr.party_id and r.role == sr.user_role for r in rp.suppliers):
        raise ApplicationError("Only a Responsible Supplier may decommission the Device (SEC H6.2).")
    previous = smi.smi_status
    if previous not in (SMIStatus.DECOMMISSIONED, SMIStatus.PENDING, SMIStatus.WITHDRAWN):
        transition(
            device=smi,
            to=SMIStatus.DECOMMISSIONED,
            actor=sr.submitted_by,
            actor_party=sr.party,
            reason=f"SR 8.3 {sr.request_id}",
            trigger=Trigger.SR_8_3,
        )
    if smi.device_type in SMART_METER_TYPES:
        inventory_services.meter_points_unlink(device=smi)
    if smi.device_type != DeviceType.CHF and smi.hub_id:
        inventory_services.device_detach_from_hub(device=smi)
    if smi.device_type == DeviceType.ESME:
        # N1 to the Electricity Distributor and, if any, the Export Supplier.
        dcc_alert(
            code="N1",
            device_id=smi.device_id,
            service_request=sr,
            recipients=[
                r
                for r in (*rp.network_operators, *rp.suppliers)
                if r.role in (UserRole.ELECTRICITY_DISTRIBUTOR, UserRole.EXPORT_SUPPLIER)
            ],
        )
    elif smi.device_type == DeviceType.GSME:
        dcc_alert(
            code="N2",
            device_id=smi.device_id,
            service_request=sr,
            recipients=[r for r in rp.network_operators if r.role == UserRole.GAS_TRANSPORTER],
        )
    elif smi.device_type == DeviceType.CHF:
        # N9 to every Responsible Supplier and Network Party of the SMS except the sender (App AB 10.3, SEC H6.4(c)).
        dcc_alert(
            code="N9",
            device_id=smi.device_id,
            service_request=sr,
            recipients=[r for r in rp.recipients() if not (r.party.pk == sr.party_id and r.role == sr.user_role)],
        )
    return {
        "previous_status": previous,
        "smi_status": SMIStatus.DECOMMISSIONED
        if previous not in (SMIStatus.DECOMMISSIONED, SMIStatus.PENDING, SMIStatus.WITHDRAWN)
        else previous,
    }


def _update_inventory(sr, b, smi) -> dict:
    """SR 8.4: Update SMI Status (rows 9-13, 17, 18; Responsible IS/GS) or delete a Pending Device."""
    if sr.body["action"] == "delete":
        inventory_services.device_delete(actor=sr.submitted_by or PartySender(sr.party), device=smi)
        return {"deleted": smi.device_id}
    if sr.user_role not in (UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER):
        raise ApplicationError("Only an Import or Gas Supplier may update an SMI Status.")
    target = _STATUS_TARGETS.get(sr.body.get("status", ""))
    if target is None:
        raise ApplicationError("Give the SMI Status to set.")
    previous = smi.smi_status
    transition(
        device=smi,
        to=target,
        actor=sr.submitted_by,
        actor_party=sr.party,
        reason=f"SR 8.4 {sr.request_id}",
        trigger=Trigger.SR_8_4_STATUS,
    )
    return {"previous_status": previous, "smi_status": target}


def _wan_matrix(sr, b, smi) -> dict:
    """SR 12.1 answered from the WAN coverage data (the coverage app)."""
    try:
        from inventory.coverage.selectors import coverage_wan_matrix
    except ImportError as exc:
        raise ApplicationError("WAN coverage data is not available in this installation.") from exc
    try:
        return coverage_wan_matrix(postcode=sr.body.get("postcode", ""), uprn=sr.body.get("uprn", ""))
    except (LookupError, ValueError) as exc:  # no dataset yet, or a malformed postcode/UPRN
        raise ApplicationError(str(exc)) from exc


def _prenotify(sr, b, smi) -> dict:
    """SR 12.2 (App AC 2.6, 2.9): the Device enters the SMI as Pending (Type 2: no status)."""
    from cpl.models import DeviceModel
    from inventory.services import SiteDetails

    model = (
        DeviceModel.objects.filter(pk=sr.body.get("device_model_id")).first()
        if sr.body.get("device_model_id")
        else None
    )
    device = inventory_services.device_prenotify(
        actor=sr.submitted_by or PartySender(sr.party),
        device_id=sr.target_device_id,
        device_type=sr.body["device_type"],
        device_model=model,
        role=sr.user_role,
        site=SiteDetails(description=sr.body.get("description", "")),
        type2_description=sr.body.get("description", ""),
    )
    b.smi[device.device_id] = device
    return {"device_id": device.device_id, "smi_status": device.smi_status}


_HANDLERS = {
    "5.1": _create_schedule,
    "5.2": _read_schedules,
    "5.3": _delete_schedules,
    "8.2": _read_inventory,
    "8.3": _decommission,
    "8.4": _update_inventory,
    "12.1": _wan_matrix,
    "12.2": _prenotify,
}
SUPPORTED_NON_DEVICE = tuple(_HANDLERS)
