"""Finishing a request: its Service Response, the outbox message, and waking its dependants."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from portal.bulk import bulk_insert
from portal.choices import MessageKind
from portal.models import OutboxMessage

from ..choices import SR_TERMINAL_STATUSES, ResponseKind, SRStatus, Transport
from ..constants import RESPONSE_CODES
from ..models import ServiceRequest, ServiceResponse
from ..transitions import SRTrigger, sr_move

# Response formats (ANCHORS.md A1): most device responses are a GBCSPayload; 9.1 answers a
# CINMessage and DCC-scheduled runs a DSPScheduledMessage (App AB 15.1; DUIS 3.5.6).
_FORMATS = {
    "9.1": "CINMessage",
    "5.1": "DSPScheduleID",
    "5.2": "DSPSchedulesRead",
    "8.2": "DSPInventory",
    "12.1": "DSPWANMatrix",
}


@dataclass
class Writes:
    """Rows one pipeline batch writes in bulk at the end of its transaction."""

    responses: list[ServiceResponse] = field(default_factory=list)
    outbox: list[OutboxMessage] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)
    # Requests whose responses go back in the synchronous answer (DUIS Transform / Non-Device):
    # not put in the outbox as well, so a DUIS endpoint never receives them twice.
    answered_now: set[int] = field(default_factory=set)

    def flush(self) -> None:
        from portal.services.outbox import outbox_enqueue_many

        bulk_insert(ServiceResponse, self.responses)
        outbox_enqueue_many(messages=self.outbox)
        if self.finished:
            # A dependant waits (due_at NULL) until what it depends on has finished: wake it now.
            ServiceRequest.objects.filter(
                depends_on_id__in=self.finished, due_at__isnull=True, status__in=(SRStatus.QUEUED, SRStatus.SCHEDULED)
            ).update(due_at=timezone.now())
        self.responses, self.outbox, self.finished = [], [], []


def response_format(sr: ServiceRequest) -> str:
    if sr.transport == Transport.SCHEDULE:
        return "DSPScheduledMessage"
    return _FORMATS.get(sr.srv_code, "GBCSPayload")


def respond(
    sr: ServiceRequest,
    writes: Writes,
    *,
    code: str,
    reason: str = "",
    data: dict | None = None,
    kind: str = ResponseKind.SERVICE_RESPONSE,
    status: str | None = None,
    trigger: SRTrigger | None = None,
    notify: bool = True,
    now: datetime | None = None,
) -> None:
    """Record a response to ``sr`` and (unless ``notify`` is False) put it in the sender's outbox.

    ``status`` with its ``trigger`` moves the request (``devices.transitions``); a terminal one
    finishes it. Silent rejections (a failed signature check) are recorded with ``notify=False``
    (App AB 7.3).
    """
    now = now or timezone.now()
    reason = reason or RESPONSE_CODES.get(code, "")
    body = {
        "request_id": sr.request_id,
        "srv": sr.srv_code,
        "device_id": sr.target_device_id,
        "code": code,
        "reason": reason,
        "format": response_format(sr) if kind == ResponseKind.SERVICE_RESPONSE else kind,
        "data": data or {},
    }
    writes.responses.append(
        ServiceResponse(service_request=sr, kind=kind, code=code, reason=reason[:500], body=body, created_at=now)
    )
    if notify and sr.pk not in writes.answered_now:
        writes.outbox.append(
            OutboxMessage(
                party_id=sr.party_id,
                user_role=sr.user_role,
                kind=MessageKind.SERVICE_RESPONSE,
                code=code,
                device_id=sr.target_device_id,
                correlation_id=sr.request_id[:64],
                payload=body,
                created_at=now,  # given, not defaulted: the default costs a settings look-up per row
            )
        )
    if status is not None:
        if trigger is None:
            raise TypeError("respond(status=...) needs the trigger of the move")
        sr_move(sr, status, trigger)
        if status in SR_TERMINAL_STATUSES:
            sr.response_code, sr.response_reason = code, reason[:500]
            sr.responded_at, sr.due_at = now, None
            writes.finished.append(sr.pk)


def fail(
    sr: ServiceRequest,
    writes: Writes,
    code: str,
    reason: str = "",
    *,
    trigger: SRTrigger,
    status: str = SRStatus.FAILED,
    notify: bool = True,
) -> None:
    """Finish ``sr`` with the error ``code``: its Service Response, and the move ``trigger`` names."""
    respond(sr, writes, code=code, reason=reason, status=status, trigger=trigger, notify=notify)


SR_UPDATE_FIELDS = [
    "status",
    "due_at",
    "attempts",
    "response_code",
    "response_reason",
    "warning_code",
    "pre_command",
    "quarantine_reason",
    "checked_at",
    "pre_command_at",
    "signed_at",
    "quarantined_at",
    "sent_at",
    "responded_at",
]
