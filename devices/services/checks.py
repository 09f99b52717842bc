"""The DCC's checks before a request reaches a device (App AB 6.1, 6.2, 16.1(b)), fail-fast (App AB 6.3).

Each check is a pipeline stage or a part of one: it returns True when the request goes on, and
otherwise has already failed the request with its code (and any DCC alert) through
``services.outcomes.fail``.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from cpl.models import DeviceModel
from inventory.models import MeterPoint
from portal.choices import UserRole

from ..choices import SR_TERMINAL_STATUSES, SRStatus
from ..constants import (
    FIRMWARE_MAX_BYTES,
    NO_ELIGIBILITY_CHECK_SRVS,
    NO_STATUS_CHECK_SRVS,
    STATUS_CHECK_EXEMPT_DEVICE_SRVS,
)
from ..models import ServiceRequest
from ..smi import (
    COMMUNICABLE_STATUSES,
    SMART_METER_TYPES,
    Device,
    DeviceType,
    SMIStatus,
    eligible,
    inventory_selectors,
)
from ..transitions import SRTrigger
from .alerts import dcc_alert, sender_of
from .batch import Batch
from .nondevice import SUPPORTED_NON_DEVICE
from .outcomes import fail


def _refuse(sr: ServiceRequest, b: Batch, code: str, reason: str = "") -> None:
    """Fail ``sr`` at a check and tell the User why (App AB 6.3: fail-fast, the other checks are not run)."""
    fail(sr, b.writes, code, reason, trigger=SRTrigger.CHECK_FAILED)


def dependency_ready(sr: ServiceRequest, b: Batch) -> bool:
    """ "Only after request X succeeds": wait while X is open; fail if X did not succeed."""
    dep = sr.depends_on
    if dep is None or dep.status == SRStatus.COMPLETED:
        return True
    if dep.status in SR_TERMINAL_STATUSES:
        reason = f"{dep.request_id}, which it depends on, ended {dep.get_status_display().lower()}."
        # BAD 7.8.5.4.1 (Table 14): N14 'Sequenced Request Failure'; E13, the content (D-DUIS-02).
        fail(sr, b.writes, "E13", reason, trigger=SRTrigger.DEPENDENCY_FAILED)
        dcc_alert(code="N14", device_id=sr.target_device_id, recipients=sender_of(sr), service_request=sr)
        return False
    sr.due_at = None  # parked; woken when the dependency finishes (outcomes.Writes.flush)
    return False


# --- Device requests ------------------------------------------------------------------------------


def device_checks(sr: ServiceRequest, b: Batch) -> bool:
    """The checks of a Device request that need the SMI, Registration Data or the CPL.

    App AB 6.1(c) SMI Status, (f) Registration Data, (i) the firmware image, (k) the Device Log.
    """
    smi = b.smi.get(sr.target_device_id)
    if smi is None:
        _refuse(sr, b, "E19")  # App AB 6.1(a): the Device is not in the SMI
        return False
    if not status_allows(sr, smi, b) or not eligibility_ok(sr, smi, b):
        return False
    if sr.srv_code == "11.1" and not firmware_image_ok(sr, smi, b):
        return False
    if sr.srv_code == "8.11" and not device_log_request_ok(sr, b):
        return False
    sr.checked_at = b.now
    return True


def execution_date_checks(sr: ServiceRequest, b: Batch) -> bool:
    """A held request at its execution date-time: is the sender still eligible? (SEC H3.12)"""
    smi = b.smi.get(sr.target_device_id)
    if smi is None or not eligible_at(sr, b, smi, at=b.now):
        # BAD 7.8.5.4.1 (Table 13): N7, access control failure at the execution date-time.
        _refuse(sr, b, "E31")
        dcc_alert(code="N7", device_id=sr.target_device_id, recipients=sender_of(sr), service_request=sr)
        return False
    return True


def status_allows(sr: ServiceRequest, smi: Device, b: Batch) -> bool:
    """App AB 6.1(c): Commissioned, Installed not Commissioned, Whitelisted or Pending (not for 11.1)."""
    status = smi.smi_status
    if sr.srv_code == "11.1":
        # BAD 7.5.3.6.2: Update Firmware needs each target Commissioned or Suspended, and a Smart Meter.
        if smi.device_type not in SMART_METER_TYPES or status not in (SMIStatus.COMMISSIONED, SMIStatus.SUSPENDED):
            _refuse(sr, b, "E5", "Update Firmware needs a Commissioned or Suspended Smart Meter.")
            return False
        return True
    if sr.srv_code == "11.3" and status == SMIStatus.SUSPENDED:
        return True  # App AB 2.1: SRs that would make the Device Model CPL-listed reach a Suspended Device
    if status is None or sr.srv_code in STATUS_CHECK_EXEMPT_DEVICE_SRVS or sr.schedule_id:
        return True  # Type 2 Devices have no SMI Status; scheduled runs skip 6.1(c) (App AB 16.1(d)(iv))
    if status not in COMMUNICABLE_STATUSES:
        _refuse(sr, b, "E5", f"The Device is {smi.get_smi_status_display()}.")  # App AB 6.1(c)
        return False
    return True


def eligibility_ok(sr: ServiceRequest, smi: Device, b: Batch) -> bool:
    if eligible_at(sr, b, smi, at=sr.execute_at or b.now):
        return True
    _refuse(sr, b, "E4")  # App AB 6.1(f)
    return False


def eligible_at(sr: ServiceRequest, b: Batch, smi: Device, *, at: datetime) -> bool:
    """App AB 6.1(f) with its skips (App AB 6.2): Other Users and the join/restore exceptions are not checked."""
    if sr.user_role == UserRole.OTHER_USER or sr.srv_code in NO_ELIGIBILITY_CHECK_SRVS:
        return True
    if sr.srv_code == "8.11":
        return device_log_sender_eligible(sr, smi, b)
    if sr.srv_code in ("8.7.2", "8.12.2") and smi.device_type == DeviceType.GPF and sr.user_role == "EIS":
        return True  # App AB 6.2(a)/(b): an IS of an SMS sharing the CHF joins the GSME to the GPF
    start, end = requested_range(sr)
    if start is not None:
        return eligible(device=smi, party=sr.party, role=sr.user_role, at=start, until=end)
    return b.responsible(smi, at).has(sr.party, sr.user_role)


def requested_range(sr: ServiceRequest) -> tuple[datetime | None, datetime | None]:
    """App AB 6.1(f)(i): a requested date range must be covered at every instant."""
    if "from" in sr.body:
        start = datetime.fromisoformat(sr.body["from"])
        end = datetime.fromisoformat(sr.body["to"]) if sr.body.get("to") else timezone.now()
        return start, end
    return None, None


def firmware_image_ok(sr: ServiceRequest, smi: Device, b: Batch) -> bool:
    """SR 11.1 (App AB 6.1(i); BAD 7.5.3.6.2): size, CPL hash, version, same model line."""
    body = sr.body
    recipients = sender_of(sr)
    if body["image_size"] > FIRMWARE_MAX_BYTES:  # E13 for the image's checks: D-DUIS-02
        _refuse(sr, b, "E13", f"The image is over {FIRMWARE_MAX_BYTES // 1000} kB.")
        dcc_alert(code="N20", device_id=sr.target_device_id, recipients=recipients, service_request=sr)  # D-DEV-08
        return False
    entries = list(DeviceModel.objects.filter(firmware_hash=body["image_hash"].lower()))
    if not entries:
        # App AB 6.1(i): the hash over the Manufacturer Image must be a CPL entry's.
        _refuse(sr, b, "E13", "No CPL entry has that Manufacturer Image hash.")
        dcc_alert(code="N18", device_id=sr.target_device_id, recipients=recipients, service_request=sr)
        return False
    matching = [e for e in entries if e.firmware_version == body["firmware_version"]]
    if not matching:
        # BAD 7.5.3.6.2: N21, the version in the request is not the CPL entry's.
        _refuse(sr, b, "E13", "The Firmware Version matches none of the CPL entries with that hash.")
        dcc_alert(code="N21", device_id=sr.target_device_id, recipients=recipients, service_request=sr)
        return False
    current = smi.device_model
    same_line = [
        e
        for e in matching
        if current
        and (e.manufacturer_id, e.model_id, e.hardware_version)
        == (current.manufacturer_id, current.model_id, current.hardware_version)
    ]
    if not same_line:
        # BAD 7.5.3.6.2: N19, the image is for another manufacturer, model or hardware version.
        _refuse(sr, b, "E13", "The image is for another Device Model.")
        dcc_alert(code="N19", device_id=sr.target_device_id, recipients=recipients, service_request=sr)
        return False
    return True


def device_log_request_ok(sr: ServiceRequest, b: Batch) -> bool:
    """SR 8.11 targets a CHF and names a device in the SMI; Meters need their MPxN (App AC 4.3)."""
    hub = b.smi.get(sr.target_device_id)
    other = b.peer_smi(sr.body["device_id"])
    if hub is None or hub.device_type != DeviceType.CHF:
        _refuse(sr, b, "E13", "Update HAN Device Log is sent to a Communications Hub Function.")
        return False
    if other is None:
        _refuse(sr, b, "E19", "The device to add is not in the SMI (pre-notify it with 12.2).")
        return False
    if sr.body.get("action", "add") == "add" and other.device_type in SMART_METER_TYPES and not sr.body.get("mpxn"):
        _refuse(sr, b, "E13", "Adding a Smart Meter to the Device Log needs its MPAN or MPRN.")
        return False
    return True


def device_log_sender_eligible(sr: ServiceRequest, hub: Device, b: Batch) -> bool:
    """App AB 6.1(k): adding a Meter needs the sender Registered for its MPxN; other devices, its pre-notifier."""
    other = b.peer_smi(sr.body["device_id"])
    if other is None:
        return False
    mpxn = sr.body.get("mpxn")
    if mpxn:
        point = MeterPoint.objects.filter(mpxn=mpxn).first()
        return (
            point is not None
            and inventory_selectors.registrations_at(meter_point=point)
            .filter(party=sr.party, role=sr.user_role)
            .exists()
        )
    if other.prenotified_by_party_id == sr.party_id:
        return True
    return b.responsible(hub, b.now).has(sr.party, sr.user_role)


# --- Non-Device requests ----------------------------------------------------------------------------


def non_device_checks(sr: ServiceRequest, b: Batch) -> bool:
    """App AB 16.1(b): App AB 6.1 for a Non-Device request, with its exemptions (BAD 7.8.4.4.3)."""
    if sr.srv_code not in SUPPORTED_NON_DEVICE:
        _refuse(sr, b, "E13", f"SRV {sr.srv_code} is not supported by this DCC replica.")  # D-DUIS-02
        return False
    if sr.srv_code in ("12.1", "12.2") or (sr.srv_code in ("5.2", "5.3") and sr.body.get("schedule_id")):
        sr.checked_at = b.now
        # No Device to check: a WAN matrix, a Device being pre-notified, or a schedule named by its
        # DSPScheduleID alone (D-DUIS-16: its RequestID targets the DCC, not the Device).
        return True
    smi = b.smi.get(sr.target_device_id)
    if smi is None:
        _refuse(sr, b, "E19")  # App AB 6.1(a): the Device is not in the SMI
        return False
    if (
        sr.srv_code not in NO_STATUS_CHECK_SRVS
        and smi.smi_status is not None
        and smi.smi_status not in COMMUNICABLE_STATUSES
        and sr.srv_code != "8.3"
    ):
        _refuse(sr, b, "E5", f"The Device is {smi.get_smi_status_display()}.")  # App AB 6.1(c)
        return False
    if (
        sr.srv_code not in NO_ELIGIBILITY_CHECK_SRVS
        and sr.user_role != UserRole.OTHER_USER
        and not b.responsible(smi, b.now).has(sr.party, sr.user_role)
    ):
        _refuse(sr, b, "E4")  # App AB 6.1(f)
        return False
    sr.checked_at = b.now
    return True
