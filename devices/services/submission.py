"""Synchronous intake of Service Requests: the checks of App AB 6.1(a)-(b) that need no device.

The answer is an acknowledgement (I99; none for Non-Device SRs, App AB 16.1(a)) or a rejection with
a code and reason. Every request is stored either way, so a rejection is visible in the audit
trail of requests; nothing executes for a rejected one. Accepted requests are handed to the
pipeline after commit (``devices.services.dispatch.kick``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.bulk import bulk_insert
from portal.exceptions import NotPermitted
from portal.identifiers import normalise_eui64
from portal.models import PartyUserRole, User
from portal.principals import Actor

from ..bodies import validate_body
from ..catalogue_cache import current_variants
from ..choices import CommandVariant, SRKind, SRMode, SRStatus, Transport
from ..constants import FUTURE_DATED_CANCELLATION_AT, FUTURE_DATED_MAX_DAYS, RESPONSE_CODES
from ..models import OriginatorCounter, ServiceRequest
from ..permissions import can_send
from ..transitions import SRTrigger, sr_move
from . import dispatch

# RequestID: originator User ID : target Device ID : counter (ANCHORS.md A1/A8).
REQUEST_ID = re.compile(
    r"^(?P<originator>[0-9A-Fa-f:-]{16,23}):(?P<target>[0-9A-Fa-f:-]{16,23}):(?P<counter>\d{1,19})$"
)
_EUI_PART = re.compile(r"^[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){7}$|^[0-9A-Fa-f]{16}$")
DEVICE_CVS = {CommandVariant.SEND_TO_DEVICE, CommandVariant.RETURN_LOCAL, CommandVariant.SEND_AND_RETURN}
NO_LOCAL_DELIVERY = {"8.1.1"}  # BAD 7.1 (Table 2, row 15): Commission Device cannot be delivered locally
# When one User ID serves several eligible roles of its Party (a dual-fuel Supplier, D-DUIS-06),
# the fuel of the target decides: gas devices take the gas roles, everything else the electricity ones.
_GAS_DEVICE_TYPES = frozenset({"GSME", "GPF"})
_ROLE_PREFERENCE = {
    True: ("GIS", "GNO", "EIS", "EES", "ENO", "SNA", "OU", "DCC"),
    False: ("EIS", "EES", "ENO", "GIS", "GNO", "SNA", "OU", "DCC"),
}


@dataclass
class Submission:
    """One request as a transport hands it over (JSON API, SSI form, later DUIS)."""

    request_id: str
    srv: str
    command_variant: int | None = None
    body: dict[str, Any] | None = None
    execute_at: datetime | None = None
    depends_on: str | None = None
    # The Device a request acts on when its RequestID does not name it: a DUIS Non-Device request
    # targets the DCC's own User ID and carries the Device ID in its body.
    device_id: str | None = None


@dataclass
class Verdict:
    """The synchronous answer for one submission."""

    request: ServiceRequest
    accepted: bool
    code: str
    reason: str
    errors: dict = field(default_factory=dict)


class _Reject(Exception):
    def __init__(self, code: str, reason: str | None = None, errors: dict | None = None):
        super().__init__(reason)
        self.code, self.reason, self.errors = code, reason or RESPONSE_CODES[code], errors or {}


def _split_request_id(text: str) -> tuple[str, str, int]:
    """'00-DB-..:00-DB-..:1700000000123' -> canonical originator, target, counter (or E11: App AB 6.1(a))."""
    parts = (text or "").strip().split(":")
    # EUI-64s may themselves be written with colons; accept only the hyphen/plain forms here.
    if len(parts) != 3 or not all(parts):
        raise _Reject("E11", "RequestID must be 'originator User ID:target Device ID:counter'.")
    originator, target, counter = parts
    if not (_EUI_PART.match(originator) and _EUI_PART.match(target)) or not counter.isdigit():
        raise _Reject("E11", "RequestID parts must be two EUI-64s (XX-XX-XX-XX-XX-XX-XX-XX) and a decimal counter.")
    try:
        originator, target = normalise_eui64(originator), normalise_eui64(target)
    except ValidationError as exc:
        raise _Reject("E11", exc.messages[0]) from exc
    number = int(counter)
    if not 0 < number < 2**63:
        raise _Reject("E11", "The RequestID counter must be a positive 63-bit number.")
    return originator, target, number


def _check_command_variant(variant, cv: int | None, srv: str) -> int:
    """The Command Variant fits the SRV's processing (App AB 6.1(a)); local delivery where allowed (BAD 7.8.4.4.4)."""
    if variant.kind == SRKind.NON_DEVICE:
        expected = {CommandVariant.NON_DEVICE}
    elif variant.is_critical:
        expected = {CommandVariant.TRANSFORM}
    else:
        expected = DEVICE_CVS
    if cv is None:
        return min(expected)
    if cv not in expected:
        allowed = ", ".join(str(int(c)) for c in sorted(expected))
        raise _Reject("E11", f"Command Variant {cv} is not valid for SRV {srv}; use {allowed}.")
    if cv == CommandVariant.RETURN_LOCAL and srv in NO_LOCAL_DELIVERY:
        raise _Reject("E17")
    return cv


def _check_timing(variant, execute_at: datetime | None, now: datetime) -> str:
    """Future-dated: later than receipt and within 30 days (SEC H3.12); else on demand."""
    if execute_at is None:
        if not variant.is_on_demand:
            raise _Reject("E13", f"SRV {variant.srv} is available future-dated only: give an execution date-time.")
        return SRMode.ON_DEMAND
    if not variant.is_future_datable:
        raise _Reject("E13", f"SRV {variant.srv} cannot be future-dated.")
    if timezone.is_naive(execute_at):
        raise _Reject("E13", "The execution date-time needs a time zone (use UTC, e.g. 2026-12-01T09:00:00Z).")
    if execute_at == FUTURE_DATED_CANCELLATION_AT:
        return SRMode.FUTURE_DATED  # cancels the held ones instead of scheduling one (D-DUIS-13)
    if execute_at <= now:
        raise _Reject("E13", "The execution date-time must be later than the time the DCC receives the request.")
    if execute_at > now + timedelta(days=FUTURE_DATED_MAX_DAYS):
        raise _Reject("E13", f"The execution date-time may be at most {FUTURE_DATED_MAX_DAYS} days ahead.")
    return SRMode.FUTURE_DATED


def service_requests_submit(
    *, actor: Actor, submissions: list[Submission], transport: str = Transport.JSON_API, now: datetime | None = None
) -> list[Verdict]:
    """Check and store a batch of Service Requests from ``actor``; returns one verdict per submission.

    Accepted requests are stored as ``queued`` and picked up by the pipeline after commit;
    rejected ones are stored as ``rejected`` with their code. Counters advance only for
    accepted requests; within one batch the counters of one originator must increase.
    Raises ``NotPermitted`` (nothing stored) when ``actor`` may not send Service Requests, whatever
    the transport: a person needs the permission, a DUIS sender its Party's signature.
    """
    if not can_send(actor):
        raise NotPermitted("You may not send Service Requests.", code="devices.not_permitted")
    now = now or timezone.now()
    variants = current_variants()
    user_ids: dict[str, list[str]] = {}
    for user_id, role in PartyUserRole.objects.filter(party_id=actor.party_id).values_list("user_id", "role"):
        user_ids.setdefault(user_id, []).append(role)
    pending: list[tuple[ServiceRequest, Submission]] = []
    verdicts: list[Verdict] = []
    with transaction.atomic():
        for item in submissions:
            sr = ServiceRequest(
                request_id=(item.request_id or "")[:100],
                srv_code=(item.srv or "")[:12],
                party_id=actor.party_id,
                submitted_by=actor if isinstance(actor, User) else None,
                transport=transport,
                received_at=now,
                body=item.body if isinstance(item.body, dict) else {},
                execute_at=item.execute_at,
                command_variant=item.command_variant,
            )
            try:
                _check(sr, item, variants=variants, user_ids=user_ids, actor=actor, now=now)
            except _Reject as rejection:
                _reject(sr, rejection)
                verdicts.append(Verdict(sr, False, rejection.code, rejection.reason, rejection.errors))
                continue
            pending.append((sr, item))
            verdicts.append(Verdict(sr, True, "", ""))
        _advance_counters(pending, verdicts)
        bulk_insert(ServiceRequest, [v.request for v in verdicts])
        if any(v.accepted for v in verdicts):
            dispatch.kick_on_commit()
    for verdict in verdicts:
        if verdict.accepted:
            # App AB 16.1(a): no Acknowledgement for Non-Device requests; the Service Response follows.
            variant = verdict.request.variant
            device = variant is not None and variant.kind == SRKind.DEVICE
            verdict.code = "I99" if device else ""
            verdict.reason = RESPONSE_CODES["I99"] if device else "Accepted; the Service Response will follow."
    return verdicts


def _check(sr: ServiceRequest, item: Submission, *, variants, user_ids, actor: Actor, now) -> None:
    """App AB 6.1(a) Verify and (b) Eligible User Role, fail-fast in that order (App AB 6.3)."""
    originator, target, counter = _split_request_id(item.request_id)
    sr.originator_user_id, sr.target_device_id, sr.counter = originator, target, counter
    sr.request_id = f"{originator}:{target}:{counter}"
    if item.device_id:
        try:
            sr.target_device_id = normalise_eui64(item.device_id)
        except ValidationError as exc:
            raise _Reject("E13", f"Device ID: {exc.messages[0]}") from exc
    if originator not in user_ids:
        raise _Reject("E1", "The originator User ID is not one of your organisation's User IDs.")
    roles = user_ids[originator]
    sr.user_role = roles[0]
    variant = variants.get((item.srv or "").strip())
    if variant is None or variant.kind == "alert":
        raise _Reject("E11", f"Unknown Service Reference Variant {item.srv!r}.")
    sr.variant, sr.srv_code = variant, variant.srv
    eligible = [role for role in roles if role in variant.eligible_roles]
    if not eligible:
        raise _Reject(
            "E2",
            f"User Role {'/'.join(roles)} may not send SRV {variant.srv} "
            f"(eligible: {', '.join(variant.eligible_roles)}).",
        )
    sr.user_role = eligible[0] if len(eligible) == 1 else _role_for_target(eligible, sr.target_device_id)
    sr.command_variant = _check_command_variant(variant, item.command_variant, variant.srv)
    body, errors = validate_body(variant.srv, item.body)
    if errors:
        raise _Reject("E13", "The body failed validation: " + _first_error(errors), errors)
    sr.body = body
    sr.mode = _check_timing(variant, item.execute_at, now)
    if item.depends_on:
        sr.depends_on = _dependency(item.depends_on, actor)


def _role_for_target(roles: list[str], device_id: str) -> str:
    """The role a multi-role User ID acts in for one Device: the fuel of the Device decides."""
    from ..smi import device_type_of

    gas = device_type_of(device_id) in _GAS_DEVICE_TYPES
    return min(roles, key=_ROLE_PREFERENCE[gas].index)


def _first_error(errors: dict) -> str:
    key, value = next(iter(errors.items()))
    while isinstance(value, dict):
        key, value = next(iter(value.items()))
    message = value[0] if isinstance(value, list) and value else value
    while isinstance(message, dict | list):
        message = next(iter(message.values())) if isinstance(message, dict) else message[0]
    return f"{key}: {message}"


def _dependency(request_id: str, actor: Actor) -> ServiceRequest:
    """The accepted request of the same Party this one is sequenced after (BAD 7.8.5.4.1, N14/N15)."""
    found = ServiceRequest.objects.filter(
        request_id=request_id.strip(), party_id=actor.party_id, is_accepted=True
    ).first()
    if found is None:
        raise _Reject("E13", f"The request it depends on ({request_id}) is not one of your accepted requests.")
    return found


def _reject(sr: ServiceRequest, rejection: _Reject) -> None:
    """App AB 6.3: rejected with its code and reason, and kept (D-DEV-06)."""
    sr_move(sr, SRStatus.REJECTED, SRTrigger.REJECT)
    sr.is_accepted = False
    sr.response_code, sr.response_reason = rejection.code, rejection.reason[:500]
    sr.responded_at = sr.received_at


def _advance_counters(pending: list[tuple[ServiceRequest, Submission]], verdicts: list[Verdict]) -> None:
    """Counters strictly increase per originator (replays rejected, E12: App AB 6.1(a)); locked per originator."""
    by_originator: dict[str, list[ServiceRequest]] = {}
    for sr, _ in pending:
        by_originator.setdefault(sr.originator_user_id, []).append(sr)
    rejected: set[int] = set()
    for originator in sorted(by_originator):
        requests = by_originator[originator]
        row = OriginatorCounter.objects.select_for_update().filter(user_id=originator).first()
        if row is None:  # the first request ever from this User ID
            OriginatorCounter.objects.get_or_create(user_id=originator)
            row = OriginatorCounter.objects.select_for_update().get(user_id=originator)
        last = row.last_counter
        for sr in requests:
            assert sr.counter is not None  # set by _check from the RequestID
            if sr.counter <= last:
                _reject(
                    sr,
                    _Reject(
                        "E12", f"Counter {sr.counter} is not greater than {last}, the last accepted from {originator}."
                    ),
                )
                rejected.add(id(sr))
                continue
            last = sr.counter
        if last != row.last_counter:
            OriginatorCounter.objects.filter(user_id=originator).update(last_counter=last)
    for verdict in verdicts:
        if id(verdict.request) in rejected:
            verdict.accepted, verdict.code, verdict.reason = False, "E12", verdict.request.response_reason
        elif verdict.accepted:
            sr = verdict.request
            sr_move(sr, SRStatus.QUEUED, SRTrigger.ACCEPT)
            sr.is_accepted, sr.due_at = True, sr.received_at
