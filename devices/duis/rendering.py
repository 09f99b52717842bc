"""Building ``sr:Response`` documents: synchronous answers, Service Responses and alerts.

Every answer is compact (no whitespace between elements: DCC's signing tool canonicalises a
document it has re-read without it) and may be signed with the DCC's DspXmlSign key
(``devices.services.duis_credentials``). Payloads our emulation holds as JSON (device responses,
Pre-Commands, local commands) travel as ``GBCSPayload`` = base64 of canonical JSON until the GBCS
codec lands (issue 14); the DSP's own answers use the schema's structures (DSPInventory,
DSPScheduleID, DSPSchedulesRead, DSPWANMatrix, CINMessage, DSPScheduledMessage).
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from django.utils import timezone
from lxml import etree

from ..constants import FORMER_CODES
from .constants import DS_NS, RA_NS, RESPONSE_SCHEMA_VERSION, SR, SR_NS

_NSMAP = {"sr": SR_NS, "ra": RA_NS, "ds": DS_NS}


def _sub(parent: etree._Element, tag: str, value=None) -> etree._Element:
    element = etree.SubElement(parent, f"{SR}{tag}")
    if value is not None:
        element.text = str(value)
    return element


def json_payload(data) -> str:
    """Canonical JSON (sorted keys, no spaces) in base64: our stand-in for a GBCS payload."""
    return base64.b64encode(json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()).decode()


def response_root(*, code: str, request_id: str | None, response_id: str | None, at: datetime | None = None):
    """``sr:Response`` with its Header filled in; returns (root, body) for the caller to fill.

    A former project code (the GBCS codec's E16 and E23, D-GBCS-03) is answered as its DUIS code
    (D-DUIS-02), so every answer validates against the schema.
    """
    code = FORMER_CODES.get(code, code)
    root = etree.Element(f"{SR}Response", nsmap=_NSMAP)
    root.set("schemaVersion", RESPONSE_SCHEMA_VERSION)
    header = _sub(root, "Header")
    if request_id:
        _sub(header, "RequestID", request_id)
    if response_id:
        _sub(header, "ResponseID", response_id)
    _sub(header, "ResponseCode", code)
    moment = (at or timezone.now()).astimezone(UTC)
    _sub(header, "ResponseDateTime", moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z")
    return root, _sub(root, "Body")


def response_message(body: etree._Element, *, srv: str) -> etree._Element:
    """``ResponseMessage`` with its ServiceReference and ServiceReferenceVariant."""
    message = _sub(body, "ResponseMessage")
    reference = srv if srv.count(".") <= 1 else srv.rsplit(".", 1)[0]
    _sub(message, "ServiceReference", reference)
    _sub(message, "ServiceReferenceVariant", srv)
    return message


def response_id_for(request_id: str) -> str:
    """ResponseID = target:originator:counter, the RequestID with its two EUI-64s swapped."""
    originator, target, counter = request_id.split(":")
    return f"{target}:{originator}:{counter}"


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- message content ------------------------------------------------------------------------


def add_pre_command(message: etree._Element, *, payload_b64: str, gbcs_version: str) -> None:
    pre = _sub(message, "PreCommand")
    _sub(pre, "GBCSVersion", gbcs_version or "4.0")
    _sub(pre, "GBCSPayload", payload_b64)


def add_local_command(message: etree._Element, *, command) -> None:
    _sub(_sub(message, "LocalCommand"), "GBCSPayload", json_payload(command))


def add_gbcs_payload(message: etree._Element, data) -> None:
    _sub(message, "GBCSPayload", json_payload(data))


def add_cin(message: etree._Element, *, data: dict) -> None:
    cin = _sub(message, "CINMessage")
    _sub(cin, "GBCSPayload", json_payload(data))
    _sub(cin, "CustomerIdentificationNumber", str(data.get("cin", "")).zfill(4)[:4])


def schedule_number(schedule_id: str) -> int:
    """Our DSPScheduleID (S00000123) as the number DUIS carries (123)."""
    digits = "".join(c for c in str(schedule_id) if c.isdigit())
    return int(digits or 0)


def add_schedule_id(message: etree._Element, schedule_id: str) -> None:
    _sub(message, "DSPScheduleID", schedule_number(schedule_id))


def add_scheduled_message(message: etree._Element, *, data, schedule_id: str) -> None:
    scheduled = _sub(message, "DSPScheduledMessage")
    _sub(scheduled, "GBCSPayload", json_payload(data))
    _sub(scheduled, "DSPScheduleID", schedule_number(schedule_id))


# The element of a DSPSchedule that names what runs (the schema's choice), per scheduled SRV.
_SCHEDULED_ELEMENT = {
    "4.6.1": ("DSPRetrieveImportDailyReadLog", True),
    "4.6.2": ("DSPRetrieveExportDailyReadLog", True),
    "4.8.1": ("DSPReadActiveImportProfileData", True),
    "4.8.2": ("DSPReadReactiveImportProfileData", True),
    "4.8.3": ("DSPReadExportProfileData", True),
    "4.10": ("DSPReadNetworkData", True),
    "4.12.1": ("DSPReadMaximumDemandImportRegisters", False),
    "4.12.2": ("DSPReadMaximumDemandExportRegisters", False),
    "4.14": ("DSPReadPrepaymentDailyReadLog", True),
    "4.15": ("DSPReadLoadLimitData", False),
    "4.16": ("DSPReadActivePowerImport", False),
    "4.17": ("DSPRetrieveDailyConsumptionLog", True),
}
_FREQUENCIES = ((86400, "Daily"), (7 * 86400, "Weekly"), (30 * 86400, "Monthly"), (91 * 86400, "Quarterly"))


def add_schedules_read(message: etree._Element, *, schedules: list[dict]) -> None:
    read = _sub(message, "DSPSchedulesRead")
    for schedule in schedules[:99]:
        srv = schedule["srv"]
        entry = _sub(read, "DSPSchedules")
        _sub(entry, "DSPScheduleID", schedule_number(schedule["DSPScheduleID"]))
        details = _sub(entry, "DSPScheduleDetails")
        period = int(schedule.get("period_seconds") or 86400)
        _sub(details, "ScheduleFrequency", min(_FREQUENCIES, key=lambda f: abs(f[0] - period))[1])
        _sub(details, "ScheduleStartDate", str(schedule["start_at"])[:10])
        if schedule.get("end_at"):
            _sub(details, "ScheduleEndDate", str(schedule["end_at"])[:10])
        _sub(details, "DSPScheduledServiceReference", srv.rsplit(".", 1)[0] if srv.count(".") > 1 else srv)
        _sub(details, "DSPScheduledServiceReferenceVariant", srv)
        _sub(details, "DeviceID", schedule.get("device_id", ""))
        element, is_log = _SCHEDULED_ELEMENT.get(srv, ("DSPReadActivePowerImport", False))
        what = _sub(details, element)
        if is_log:
            for tag, value in (("StartDateOffset", -1), ("StartTime", "00:00:00Z"), ("EndDateOffset", 0)):
                _sub(what, tag, value)
            _sub(what, "EndTime", "00:00:00Z")


_DEVICE_STATUS = {
    "pending": "Pending",
    "whitelisted": "Whitelisted",
    "installed_not_commissioned": "InstalledNotCommissioned",
    "commissioned": "Commissioned",
    "decommissioned": "Decommissioned",
    "withdrawn": "Withdrawn",
    "suspended": "Suspended",
    "recovery": "Recovery",
    "recovered": "Recovered",
}


def add_inventory(message: etree._Element, *, data: dict) -> None:
    inventory = _sub(message, "DSPInventory")
    devices = [data["device"], *[d for d in data.get("system", []) if d["device_id"] != data["device"]["device_id"]]]
    for device in devices[:17]:
        entry = _sub(inventory, "Device")
        _sub(entry, "DeviceID", device["device_id"])
        _sub(entry, "DeviceType", device["device_type"])
        if device.get("smi_status") in _DEVICE_STATUS:
            _sub(entry, "DeviceStatus", _DEVICE_STATUS[device["smi_status"]])
        _sub(entry, "DeviceManufacturer", (device.get("manufacturer") or "")[:30])
        _sub(entry, "DeviceModel", (device.get("model") or "")[:30])
        if device.get("firmware_version"):
            _sub(entry, "DeviceFirmwareVersion", str(device["firmware_version"])[:8])


_LIKELIHOOD = {"connects": ("true", "High"), "connects_from": ("false", "Medium"), "not_confirmed": ("false", "Low")}


def add_wan_matrix(message: etree._Element, *, request_body: dict, data: dict) -> None:
    """The coverage answer (inventory.coverage) as a DSPWANMatrix: the first premises found."""
    matrix = _sub(message, "DSPWANMatrix")
    request = _sub(matrix, "Request")
    if request_body.get("uprn"):
        _sub(request, "UPRN", request_body["uprn"])
    else:
        address = _sub(request, "PartialAddress")
        _sub(address, "PostCode", request_body.get("postcode", ""))
        _sub(address, "AddressIdentifier", request_body.get("address_identifier") or "-")
    found = (data.get("results") or [{}])[0]
    region = str(found.get("region") or "").title()
    _sub(matrix, "CSPRegion", region if region in ("North", "Central", "South") else "Unknown")
    available, likelihood = _LIKELIHOOD.get(found.get("state", ""), ("false", "Low"))
    _sub(matrix, "CoverageAvailability", available)
    if found.get("state") == "connects_from" and found.get("connects_from"):
        _sub(matrix, "AnticipatedCoverageDate", str(found["connects_from"])[:10])
    _sub(matrix, "WANTechnology", str(found.get("wan_variant_label") or "Unknown")[:30])
    _sub(matrix, "ConnectivityLikelihood", likelihood)
    if found.get("aux_equipment"):
        _sub(matrix, "AuxiliaryEquipmentRequired", str(found.get("aux_equipment_label"))[:50])


def device_alert(body: etree._Element, *, code: str, payload) -> None:
    alert = _sub(body, "DeviceAlertMessage")
    _sub(alert, "AlertCode", code.removeprefix("0x").upper())
    _sub(alert, "GBCSPayload", json_payload(payload))


def dcc_alert(body: etree._Element, *, code: str, content: str, fields: list[tuple[str, str]]) -> None:
    """``DCCAlertMessage`` with the DCCAlert structure ``content`` holding ``fields`` in order."""
    alert = _sub(body, "DCCAlertMessage")
    _sub(alert, "DCCAlertCode", code)
    holder = _sub(_sub(alert, "DCCAlert"), content)
    for path, value in fields:
        parent = holder
        *parents, leaf = path.split("/")
        for name in parents:
            parent = parent.find(f"{SR}{name}") if parent.find(f"{SR}{name}") is not None else _sub(parent, name)
        _sub(parent, leaf, value if value != "" else None)


# DUIS formats whose ResponseMessage carries nothing but the code (the DCC's own Non-Device work).
_NO_CONTENT_FORMATS = frozenset({"GBCSPayload"})


def add_response_content(
    message: etree._Element,
    *,
    kind: str,
    body: dict,
    request_body: dict,
    device_id: str = "",
    non_device: bool = False,
    schedule_id: str = "",
    gbcs_version: str = "",
) -> None:
    """Fill a ``ResponseMessage`` from one stored Service Response (``ServiceResponse.body``)."""
    data = body.get("data") or {}
    fmt = body.get("format", "")
    if kind == "pre_command":
        add_pre_command(message, payload_b64=data.get("payload", ""), gbcs_version=gbcs_version)
    elif kind == "local_command":
        add_local_command(message, command=data.get("command", data))
    elif kind == "acknowledgement":
        return
    elif body.get("code") != "I0":
        return  # an error code says it all
    elif fmt == "CINMessage":
        add_cin(message, data=data)
    elif fmt == "DSPScheduleID" and data.get("DSPScheduleID"):
        add_schedule_id(message, data["DSPScheduleID"])
    elif fmt == "DSPSchedulesRead" and data.get("schedules"):
        add_schedules_read(message, schedules=[{**s, "device_id": device_id} for s in data["schedules"]])
    elif fmt == "DSPInventory" and data.get("device"):
        add_inventory(message, data=data)
    elif fmt == "DSPWANMatrix":
        add_wan_matrix(message, request_body=request_body, data=data)
    elif fmt == "DSPScheduledMessage":
        add_scheduled_message(message, data=data, schedule_id=schedule_id)
    elif (not non_device or fmt not in _NO_CONTENT_FORMATS) and (data or body.get("reason")):
        add_gbcs_payload(message, {"result": body.get("reason", ""), **data})
