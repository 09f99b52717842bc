"""The durable outbox: everything the DCC owes a User (alerts now, Service Responses later).

A message is written in the same transaction as its cause, so it exists exactly when the cause
committed. Users pull (list, acknowledge) through the API, and a Party with a registered HTTPS
endpoint also gets each message pushed, signed with HMAC-SHA256, retried with exponential
back-off, and dead-lettered after ``PORTAL_OUTBOX_MAX_ATTEMPTS``. Delivery is at-least-once:
receivers de-duplicate on ``X-DCC-Message-Id``.
"""

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..alert_codes import DCC_ALERTS
from ..bulk import bulk_insert
from ..choices import MessageKind, OutboxStatus, PushFormat, UserRole
from ..enqueue import enqueue_on_commit
from ..exceptions import ApplicationError, NotPermitted
from ..integrations.push import PushResult, get_push_client
from ..models import OutboxMessage, Party, PushEndpoint, User
from ..permissions import Perm
from ..transitions import OUTBOX_TRANSITIONS, compare_and_set
from . import audit

logger = logging.getLogger(__name__)
# How long a claimed message is hidden from other dispatchers while it is being pushed.
CLAIM_LEASE = timedelta(seconds=120)


@dataclass(frozen=True)
class Recipient:
    """Who receives an alert: a Party, in one of its User Roles (empty for the Party as a whole)."""

    party: Party
    role: str = ""


# --- raising --------------------------------------------------------------------------------


def alert_raise(
    *,
    code: str,
    recipients: Iterable[Recipient],
    device_id: str = "",
    payload: dict | None = None,
    dedupe_key: str | None = None,
    actor: User | None = None,
) -> list[OutboxMessage]:
    """Raise DCC alert ``code`` (e.g. ``N28``) to each recipient through the outbox.

    The one API every app uses for DCC alerts. Recipients are de-duplicated; ``dedupe_key``
    (suffixed per recipient) makes a retried raise a no-op. Audit: ``alert.raised``.
    """
    if code not in DCC_ALERTS:
        raise ApplicationError(f"{code} is not a DCC alert code this portal knows.", code="alert.unknown_code")
    body = {"alert_name": DCC_ALERTS[code], **(payload or {})}
    unique = list(dict.fromkeys(recipients))
    messages = [
        OutboxMessage(
            party=r.party,
            user_role=r.role,
            kind=MessageKind.DCC_ALERT,
            code=code,
            device_id=device_id,
            payload=body,
            dedupe_key=f"{dedupe_key}:{r.party.pk}:{r.role}" if dedupe_key else None,
        )
        for r in unique
    ]
    created = outbox_enqueue_many(messages=messages)
    if created:
        audit.record(
            action="alert.raised",
            actor=actor,
            target_type="dcc_alert",
            target_id=code,
            target_label=f"{code} {DCC_ALERTS[code]}"[:200],
            after={"device_id": device_id, "recipients": [f"{r.party.code}/{r.role}" for r in unique]},
        )
    return created


def outbox_enqueue_many(*, messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Store messages (skipping ones whose ``dedupe_key`` exists) and schedule their push.

    Must run inside the caller's transaction so the messages commit with their cause.
    """
    if not messages:
        return []
    keys = [m.dedupe_key for m in messages if m.dedupe_key]
    existing = (
        set(OutboxMessage.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)) if keys else set()
    )
    fresh = [m for m in messages if not m.dedupe_key or m.dedupe_key not in existing]
    pushing = set(
        PushEndpoint.objects.filter(party__in={m.party_id for m in fresh}, is_active=True).values_list(
            "party", flat=True
        )
    )
    now = timezone.now()
    for message in fresh:
        message.created_at = now
        message.correlation_id = message.correlation_id or ""
        message.next_attempt_at = now if message.party_id in pushing else None
    with transaction.atomic():
        created = bulk_insert(OutboxMessage, fresh)
    if pushing & {m.party_id for m in created}:
        enqueue_on_commit("portal.tasks.outbox_dispatch")
    return created


# --- pull -----------------------------------------------------------------------------------


def outbox_acknowledge(*, actor: User, messages: Iterable[OutboxMessage]) -> int:
    """Mark messages of the actor's Party as received by pull. Returns how many changed."""
    if not actor.has_perm(Perm.VIEW_OUTBOX):
        raise NotPermitted("You may not acknowledge outbox messages.", code="outbox.not_permitted")
    ids = [m.pk for m in messages if m.party_id == actor.party_id]
    with transaction.atomic():
        count = OutboxMessage.objects.filter(
            pk__in=ids, status__in=[OutboxStatus.PENDING, OutboxStatus.DELIVERED]
        ).update(status=OutboxStatus.ACKNOWLEDGED, acknowledged_at=timezone.now(), next_attempt_at=None)
        if count:
            audit.record(
                action="outbox.acknowledged",
                actor=actor,
                target_type="portal.outboxmessage",
                target_id=",".join(map(str, ids[:20])),
                after={"count": count},
            )
    return count


def outbox_replay(*, actor: User, message: OutboxMessage) -> OutboxMessage:
    """Deliver a message again (from dead-letter, or a delivered/acknowledged one on request)."""
    if not actor.has_perm(Perm.MANAGE_OUTBOX) or message.party_id != actor.party_id:
        raise NotPermitted("You may not replay outbox messages.", code="outbox.not_permitted")
    has_endpoint = PushEndpoint.objects.filter(party_id=message.party_id, is_active=True).exists()
    compare_and_set(
        obj=message,
        to=OutboxStatus.PENDING,
        table=OUTBOX_TRANSITIONS,
        actor=actor,
        action="outbox.replayed",
        updates={
            "attempts": 0,
            "last_error": "",
            "acknowledged_at": None,
            "next_attempt_at": timezone.now() if has_endpoint else None,
        },
    )
    if has_endpoint:
        enqueue_on_commit("portal.tasks.outbox_dispatch")
    return message


# --- push -----------------------------------------------------------------------------------


def sign_body(*, secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over ``"<timestamp>.<body>"``, hex; sent as ``X-DCC-Signature: t=..,v1=..``."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def message_body(message: OutboxMessage) -> bytes:
    return json.dumps(
        {
            "id": message.pk,
            "kind": message.kind,
            "code": message.code,
            "user_role": message.user_role,
            "device_id": message.device_id,
            "created_at": message.created_at,
            "correlation_id": message.correlation_id,
            "payload": message.payload,
        },
        cls=DjangoJSONEncoder,
        separators=(",", ":"),
    ).encode()


def backoff_delay(attempts: int) -> timedelta:
    """Exponential back-off with full jitter: base * 2^(n-1), capped, then a random share of it."""
    base = settings.PORTAL_OUTBOX_BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    capped = min(base, settings.PORTAL_OUTBOX_BACKOFF_MAX_SECONDS)
    return timedelta(seconds=capped / 2 + secrets.randbelow(int(capped / 2) + 1))


def _claim_due(limit: int) -> list[OutboxMessage]:
    """Lease up to ``limit`` due messages so concurrent dispatchers never push the same one."""
    now = timezone.now()
    with transaction.atomic():
        qs = (
            OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True, of=("self",))
        )
        claimed = list(qs[:limit])
        OutboxMessage.objects.filter(pk__in=[m.pk for m in claimed]).update(next_attempt_at=now + CLAIM_LEASE)
    return claimed


def outbox_dispatch(*, limit: int | None = None) -> dict[str, int]:
    """Push due messages to their Parties' endpoints; record each outcome. Idempotent."""
    limit = limit or settings.PORTAL_OUTBOX_PUSH_BATCH
    claimed = _claim_due(limit)
    endpoints = {
        e.party_id: e for e in PushEndpoint.objects.filter(party__in={m.party_id for m in claimed}, is_active=True)
    }
    client = get_push_client()
    stats = {"delivered": 0, "retrying": 0, "dead": 0, "no_endpoint": 0, "not_renderable": 0}
    for message in claimed:
        endpoint = endpoints.get(message.party_id)
        if endpoint is None:  # endpoint removed since: leave it for pull
            OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(next_attempt_at=None)
            stats["no_endpoint"] += 1
            continue
        try:
            prepared = _request_for(endpoint, message)
        except Exception as exc:  # a renderer bug must not stop the other messages: retried, then dead
            logger.exception("outbox message %s could not be rendered as %s", message.pk, endpoint.format)
            stats[_record_attempt(message, PushResult(ok=False, error=f"rendering failed: {exc}"))] += 1
            continue
        if prepared is None:  # no form in this endpoint's format: it stays available to pull
            OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
                next_attempt_at=None, last_error=f"Not deliverable as {endpoint.get_format_display()}; pull it."
            )
            stats["not_renderable"] += 1
            continue
        body, headers = prepared
        result = client.post(
            endpoint.url, body=body, headers=headers, timeout=settings.PORTAL_OUTBOX_PUSH_TIMEOUT_SECONDS
        )
        stats[_record_attempt(message, result)] += 1
    return stats


def _request_for(endpoint: PushEndpoint, message: OutboxMessage) -> tuple[bytes, dict] | None:
    """Body and headers of one push: signed JSON, or a registered renderer's format (e.g. DUIS XML)."""
    if endpoint.format == PushFormat.JSON:
        body = message_body(message)
        stamp = int(time.time())
        return body, {
            "Content-Type": "application/json",
            "X-DCC-Message-Id": str(message.pk),
            "X-DCC-Signature": f"t={stamp},v1={sign_body(secret=endpoint.secret, timestamp=stamp, body=body)}",
        }
    from ..registry import push_renderers

    renderer = push_renderers.get(endpoint.format)
    rendered = renderer.render(message) if renderer is not None else None
    if renderer is None or rendered is None:
        return None
    # The body carries its own signature (DUIS: the DCC's XMLDSig); the id lets receivers de-duplicate.
    return rendered, {"Content-Type": renderer.content_type, "X-DCC-Message-Id": str(message.pk)}


def _record_attempt(message: OutboxMessage, result: PushResult) -> str:
    attempts = message.attempts + 1
    now = timezone.now()
    if result.ok:
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
            status=OutboxStatus.DELIVERED, attempts=attempts, delivered_at=now, next_attempt_at=None, last_error=""
        )
        return "delivered"
    error = result.error[:500]
    if attempts >= settings.PORTAL_OUTBOX_MAX_ATTEMPTS:
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
            status=OutboxStatus.DEAD, attempts=attempts, next_attempt_at=None, last_error=error
        )
        logger.warning("outbox message %s dead-lettered after %s attempts: %s", message.pk, attempts, error)
        return "dead"
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
        attempts=attempts, next_attempt_at=now + backoff_delay(attempts), last_error=error
    )
    return "retrying"


# --- endpoints ------------------------------------------------------------------------------


def _validate_endpoint_url(url: str) -> str:
    url = (url or "").strip()
    parsed = urlparse(url)
    allowed = {"https"} | ({"http"} if settings.PORTAL_OUTBOX_ALLOW_HTTP else set())
    if parsed.scheme not in allowed or not parsed.netloc:
        raise ValidationError({"url": "The endpoint must be an https:// URL."}, code="endpoint.not_https")
    return url


def endpoint_register(
    *, actor: User, url: str, description: str = "", format: str = PushFormat.JSON
) -> tuple[PushEndpoint, str]:
    """Register (or replace) the actor's Party's push endpoint; returns it and its new secret.

    ``format`` is JSON (HMAC-signed with the secret) or DUIS (``sr:Response`` XML signed by the
    DCC; the secret is not used). A Party pushes to one endpoint at a time (D-DUIS-10).
    Audit: ``endpoint.registered``. Pending messages of the Party are scheduled for push.
    """
    if format not in PushFormat.values:
        raise ValidationError({"format": "Choose JSON or DUIS."}, code="endpoint.bad_format")
    if not actor.has_perm(Perm.MANAGE_ENDPOINTS):
        raise NotPermitted("Only your SSI administrator manages endpoints.", code="endpoint.not_permitted")
    url = _validate_endpoint_url(url)
    secret = secrets.token_hex(32)
    with transaction.atomic():
        PushEndpoint.objects.filter(party=actor.party, is_active=True).update(is_active=False)
        endpoint = PushEndpoint.objects.create(
            party=actor.party, url=url, secret=secret, description=description[:200], format=format
        )
        OutboxMessage.objects.filter(party=actor.party, status=OutboxStatus.PENDING).filter(
            Q(next_attempt_at__isnull=True)
        ).update(next_attempt_at=timezone.now())
        audit.record(action="endpoint.registered", actor=actor, target=endpoint, after={"url": url, "format": format})
    return endpoint, secret


def endpoint_deactivate(*, actor: User, endpoint: PushEndpoint) -> PushEndpoint:
    """Stop pushing to an endpoint; messages stay available to pull. Audit: ``endpoint.deactivated``."""
    if not actor.has_perm(Perm.MANAGE_ENDPOINTS) or endpoint.party_id != actor.party_id:
        raise NotPermitted("Only your SSI administrator manages endpoints.", code="endpoint.not_permitted")
    with transaction.atomic():
        endpoint.is_active = False
        endpoint.save(update_fields=["is_active", "updated_at"])
        audit.record(
            action="endpoint.deactivated",
            actor=actor,
            target=endpoint,
            before={"is_active": True},
            after={"is_active": False},
        )
    return endpoint


__all__ = [
    "Recipient",
    "UserRole",
    "alert_raise",
    "backoff_delay",
    "endpoint_deactivate",
    "endpoint_register",
    "message_body",
    "outbox_acknowledge",
    "outbox_dispatch",
    "outbox_enqueue_many",
    "outbox_replay",
    "sign_body",
]
