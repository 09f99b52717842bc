"""Asynchronous DUIS delivery: outbox messages rendered as signed ``sr:Response`` XML.

The platform outbox (durable rows, retries with back-off, dead letter, pull) stays the one way
messages leave the DCC; for a Party whose push endpoint speaks DUIS, the outbox asks this module
(registered in ``DevicesConfig.ready``) for the body. The first rendering is kept with the
request (``DuisMessage``) and re-sent unchanged on every retry, so a receiver that de-duplicates
on the signature or the message id sees one message.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.choices import MessageKind
from portal.models import OutboxMessage

from ..choices import DuisMessageKind
from ..duis import rendering
from ..duis.constants import DUIS_DCC_ALERT_CODES
from ..duis.parsing import REQUEST_ID
from ..models import DuisMessage, ServiceRequest
from .duis_gateway import sign_document

_HEX = frozenset("0123456789ABCDEF")
_NON_DEVICE_FORMATS = frozenset({"DSPScheduleID", "DSPSchedulesRead", "DSPInventory", "DSPWANMatrix"})

# DCC alert code -> the DCCAlert structure that reports it, and how to fill it from the alert.
_COMMAND_FAILURE = "CommandFailure"
_DCC_ALERT_CONTENT = {
    **{code: _COMMAND_FAILURE for code in ("N3", "N7", "N10", "N11", "N12", "N13", "N14", "N15", "N33", "N34")},
    **{code: _COMMAND_FAILURE for code in ("N36", "N41")},
    **{code: "FirmwareDistributionFailure" for code in ("N18", "N19", "N20", "N21", "N22", "N23")},
    "N24": "UpdateHANDeviceLogResult",
    "N25": "UpdateHANDeviceLogResult",
    "N8": "DeviceStatusChangeEvent",
    "N9": "DeviceStatusChangeEvent",
    "N28": "DeviceStatusChangeEvent",
    "N29": "DeviceStatusChangeEvent",
    "N39": "PPMIDAlert",
    "N54": "DualBandCHAlert",
}
_STATUS_CHANGE = {"N8": "DeviceRemovedFromInventory", "N9": "CHFDecommissioning", "N28": "DeviceSuspended"}
_STATUS_CHANGE["N29"] = "DeviceRestored"


def outbox_message_render(message: OutboxMessage) -> bytes | None:
    """The DUIS XML for one outbox message, or None when DUIS has no form for it (it stays pullable).

    Registered with ``portal.registry.register_push_renderer`` for the ``duis`` push format.
    """
    kept = DuisMessage.objects.filter(outbox_message_id=message.pk).first()
    if kept is not None:
        return kept.xml
    request_id = (message.payload or {}).get("request_id") or message.correlation_id or ""
    duis_request_id = request_id if REQUEST_ID.match(request_id) else None
    sr = (
        ServiceRequest.objects.select_related("variant", "schedule")
        .filter(request_id=request_id, party_id=message.party_id)
        .order_by("-is_accepted", "-pk")
        .first()
        if request_id
        else None
    )
    root = _render(message, sr, duis_request_id)
    if root is None:
        return None
    sign_document(root)
    body = rendering.to_bytes(root)
    kind = DuisMessageKind.RESPONSE if message.kind == MessageKind.SERVICE_RESPONSE else DuisMessageKind.ALERT
    try:
        with transaction.atomic():
            DuisMessage.objects.create(
                service_request=sr,
                outbox_message_id=message.pk,
                kind=kind,
                code=message.code[:10],
                compressed=DuisMessage.pack(body),
                created_at=timezone.now(),
            )
    except IntegrityError:  # another dispatcher rendered it first: send theirs
        return DuisMessage.objects.get(outbox_message_id=message.pk).xml
    return body


def _render(message: OutboxMessage, sr: ServiceRequest | None, request_id: str | None):
    payload = message.payload or {}
    if message.kind == MessageKind.SERVICE_RESPONSE:
        return _service_response(message, sr, request_id)
    if message.kind == MessageKind.DEVICE_ALERT:
        code = message.code.removeprefix("0x").upper()
        if not code or len(code) % 2 or not set(code) <= _HEX:
            return None  # a Table 5.4 alert without a GBCS alert code has no DUIS form
        root, body = rendering.response_root(code="I0", request_id=None, response_id=None)
        rendering.device_alert(body, code=code, payload=payload)
        return root
    if message.kind == MessageKind.DCC_ALERT:
        return _dcc_alert(message, request_id)
    return None


def _service_response(message: OutboxMessage, sr: ServiceRequest | None, request_id: str | None):
    payload = message.payload or {}
    srv = payload.get("srv") or (sr.srv_code if sr else "")
    if not srv:
        return None
    root, body = rendering.response_root(
        code=message.code,
        request_id=request_id,
        response_id=rendering.response_id_for(request_id) if request_id else None,
    )
    message_element = rendering.response_message(body, srv=srv)
    kind = str(payload["format"]) if payload.get("format") in ("pre_command", "local_command") else "service_response"
    rendering.add_response_content(
        message_element,
        kind=kind,
        body=payload,
        request_body=sr.body if sr else {},
        device_id=payload.get("device_id", ""),
        non_device=payload.get("format") in _NON_DEVICE_FORMATS
        or (sr is not None and sr.variant is not None and sr.variant.kind == "non_device"),
        schedule_id=sr.schedule.schedule_id if sr is not None and sr.schedule is not None else "",
        gbcs_version="4.0",
    )
    return root


def _dcc_alert(message: OutboxMessage, request_id: str | None):
    code = message.code
    content = _DCC_ALERT_CONTENT.get(code)
    if code not in DUIS_DCC_ALERT_CODES or content is None:
        return None
    payload = message.payload or {}
    device_id = message.device_id
    if content == _COMMAND_FAILURE:
        if not request_id or not device_id:
            return None
        fields = [("CommandRequestID", request_id), ("DeviceID", device_id)]
    elif content == "FirmwareDistributionFailure":
        if not request_id or not device_id:
            return None
        fields = [("UpdateFirmwareRequestID", request_id), ("MeterIDs", device_id)]
    elif content == "UpdateHANDeviceLogResult":
        if not request_id:
            return None
        fields = [("UpdateHANDeviceLogServiceRequestID", request_id)]
    elif content == "DeviceStatusChangeEvent":
        fields = [("DeviceID", device_id), (f"DeviceStatusChange/{_STATUS_CHANGE[code]}", "")]
    elif content == "PPMIDAlert":
        alert = str(payload.get("device_alert", "")).removeprefix("0x").upper()
        if not alert:
            return None
        fields = [("DeviceID", device_id), ("DeviceAlertCode", alert)]
    else:  # DualBandCHAlert: the CHF's own alert code travels with it
        alert = str(payload.get("alert_code") or payload.get("device_alert") or "").removeprefix("0x").upper()
        if not alert:
            return None
        fields = [("CHFDeviceID", device_id), ("DeviceAlertCode", alert)]
    root, body = rendering.response_root(code="I0", request_id=None, response_id=None)
    rendering.dcc_alert(body, code=code, content=content, fields=fields)
    return root
