"""Device alerts and DCC alerts: store each, route it by Registration Data, deliver via the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from portal.alert_codes import DCC_ALERTS
from portal.choices import MessageKind, UserRole
from portal.models import OutboxMessage
from portal.services.outbox import Recipient, alert_raise, outbox_enqueue_many

from ..choices import AlertKind
from ..constants import DEVICE_ALERTS, POWER_OUTAGE_ALERT, PPMID_N39_ALERTS
from ..models import AlertRecord, ServiceRequest
from ..smi import SMART_METER_TYPES, DeviceType, devices_by_id, responsible_for

# Alerts that go to the Electricity Distributor rather than the Supplier (BAD 7.5.6.5.2).
_TO_DISTRIBUTOR = {"0x8F58", "0x8F59", "0x8F5A"}


@dataclass
class DeviceAlertOut:
    """A device alert waiting to be stored and routed."""

    device_id: str
    code: str
    payload: dict = field(default_factory=dict)
    service_request: ServiceRequest | None = None


def _recipients_for(code: str, device, rp) -> list[Recipient]:
    if code in _TO_DISTRIBUTOR:
        return [r for r in rp.network_operators if r.role == UserRole.ELECTRICITY_DISTRIBUTOR]
    suppliers = list(rp.suppliers)
    if device.device_type in (DeviceType.GSME, DeviceType.GPF):
        return [r for r in suppliers if r.role == UserRole.GAS_SUPPLIER]
    if device.device_type in SMART_METER_TYPES:
        return [r for r in suppliers if r.role == UserRole.IMPORT_SUPPLIER]
    return [r for r in suppliers if r.role in (UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER)]


def route_device_alerts(items: list[DeviceAlertOut], *, now: datetime | None = None) -> list[AlertRecord]:
    """Store device alerts and forward each to the Users the DCC routes it to (App AB 15.1).

    PPMID tamper/comms alerts become DCC Alert N39 (BAD 7.5.6.5.3). A device with nobody
    responsible yet (not on a HAN) sends to the User whose request caused the alert, if any.
    """
    if not items:
        return []
    now = now or timezone.now()
    smi = devices_by_id({i.device_id for i in items})
    rps = responsible_for(list(smi.values()), at=now) if smi else {}
    records, messages, links = [], [], []
    for item in items:
        device = smi.get(item.device_id)
        rp = rps.get(device.pk) if device else None
        if device is not None and device.device_type == DeviceType.PPMID and item.code in PPMID_N39_ALERTS:
            dcc_alert(
                code="N39",
                device_id=item.device_id,
                recipients=[
                    r
                    for r in (rp.suppliers if rp else ())
                    if r.role in (UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER)
                ],
                payload={"device_alert": item.code, **item.payload},
                service_request=item.service_request,
            )
            continue
        recipients = _recipients_for(item.code, device, rp) if (device and rp) else []
        sr = item.service_request
        if not recipients and sr is not None:
            recipients = [Recipient(party=sr.party, role=sr.user_role)]
        name = DEVICE_ALERTS.get(item.code, (item.code, ""))[0]
        record = AlertRecord(
            kind=AlertKind.DEVICE,
            code=item.code,
            name=name[:200],
            device_id=item.device_id,
            service_request=sr,
            payload=item.payload,
            raised_at=now,
            delivered_at=now,
            recipients=[f"{r.party.code}/{r.role}" for r in recipients],
        )
        records.append(record)
        links.append(recipients)
        for r in recipients:
            messages.append(
                OutboxMessage(
                    party=r.party,
                    user_role=r.role,
                    kind=MessageKind.DEVICE_ALERT,
                    code=item.code,
                    device_id=item.device_id,
                    correlation_id=(sr.request_id if sr else "")[:64],
                    payload={"alert_name": name, "request_id": sr.request_id if sr else None, **item.payload},
                )
            )
    AlertRecord.objects.bulk_create(records)
    through = AlertRecord.parties.through
    through.objects.bulk_create(
        [
            through(alertrecord_id=rec.pk, party_id=r.party.pk)
            for rec, recips in zip(records, links, strict=True)
            for r in dict.fromkeys(recips)
        ],
        ignore_conflicts=True,
    )
    outbox_enqueue_many(messages=messages)
    return records


def dcc_alert(
    *,
    code: str,
    device_id: str,
    recipients,
    payload: dict | None = None,
    service_request=None,
    dedupe_key: str | None = None,
) -> AlertRecord | None:
    """Raise a DCC alert (N-code, or AD1) through the platform outbox and store it with its request."""
    recipients = list(dict.fromkeys(recipients))
    now = timezone.now()
    payload = {**(payload or {}), **({"request_id": service_request.request_id} if service_request else {})}
    if not recipients:
        return None
    if code == POWER_OUTAGE_ALERT:
        # AD1 is a CHF alert the DCC signs and forwards (BAD 7.5.6.5.2); it is not in the N-code list.
        name = "Power Outage Event"
        outbox_enqueue_many(
            messages=[
                OutboxMessage(
                    party=r.party,
                    user_role=r.role,
                    kind=MessageKind.DCC_ALERT,
                    code=code,
                    device_id=device_id,
                    payload={"alert_name": name, **payload},
                    dedupe_key=f"{dedupe_key}:{r.party.pk}:{r.role}" if dedupe_key else None,
                )
                for r in recipients
            ]
        )
    else:
        name = DCC_ALERTS[code]
        alert_raise(code=code, recipients=recipients, device_id=device_id, payload=payload, dedupe_key=dedupe_key)
    record = AlertRecord.objects.create(
        kind=AlertKind.DCC,
        code=code,
        name=name,
        device_id=device_id,
        service_request=service_request,
        payload=payload,
        raised_at=now,
        delivered_at=now,
        recipients=[f"{r.party.code}/{r.role}" for r in recipients],
    )
    record.parties.set({r.party.pk for r in recipients})
    return record


def sender_of(sr) -> list[Recipient]:
    return [Recipient(party=sr.party, role=sr.user_role)]
