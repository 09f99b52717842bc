"""Critical requests: the Pre-Command the User signs, and checking that signature (BAD 7.8.4.4.2).

The Pre-Command's payload is canonical JSON of what the device will execute. The User signs the
payload bytes with the private key of its Organisation Certificate (ECDSA P-256, SHA-256) and
submits the DER signature, base64-encoded. We verify it against the certificate registered for
the originator User ID in our SMKI (``smki.selectors.organisation_certificate_for_user_id``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
from datetime import timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.bulk import bulk_set
from portal.exceptions import ApplicationError, NotPermitted
from portal.models import User
from portal.principals import Actor

from ..choices import CommandVariant, ResponseKind, SRStatus
from ..models import ServiceRequest
from ..transitions import SRTrigger, sr_move
from .batch import Batch
from .dispatch import kick_on_commit
from .outcomes import SR_UPDATE_FIELDS, Writes, fail, respond

logger = logging.getLogger(__name__)
SIGNED_CVS = {CommandVariant.SIGNED_SEND, CommandVariant.SIGNED_LOCAL, CommandVariant.SIGNED_BOTH}


def pre_command_payload(sr: ServiceRequest) -> bytes:
    """The bytes the User signs: canonical JSON (sorted keys, no spaces) of the command."""
    return json.dumps(
        {
            "request_id": sr.request_id,
            "srv": sr.srv_code,
            "device_id": sr.target_device_id,
            "body": sr.body,
            "execute_at": sr.execute_at.isoformat() if sr.execute_at else None,
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def issue_pre_command(sr: ServiceRequest, b: Batch) -> bool:
    """Transform (App AB 6.4(b)): return the Pre-Command to the User; the request waits for its signature."""
    payload = pre_command_payload(sr)
    sr.pre_command = {
        "payload": base64.b64encode(payload).decode(),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "signature_algorithm": "ecdsa-with-SHA256 (P-256)",
    }
    respond(
        sr,
        b.writes,
        code="I0",
        kind=ResponseKind.PRE_COMMAND,
        data=sr.pre_command,
        status=SRStatus.AWAITING_SIGNATURE,
        trigger=SRTrigger.TRANSFORM,
    )
    sr.pre_command_at, sr.due_at = b.now, None
    return False


def certificate_for(user_id: str):
    """The in-use digital-signing Organisation Certificate of a User ID (from our SMKI), or None.

    The adapter at our boundary with SMKI: returns a ``cryptography`` certificate.
    """
    from smki.selectors import organisation_certificate_for_user_id

    # An XmlSign or DspXmlSign certificate signs DUIS XML, never a command (GBCS: the DS key of the
    # User's Remote Party Role signs Pre-Commands).
    found = organisation_certificate_for_user_id(user_id=user_id, usage="ds", exclude_role_codes=(0x87, 0x89))
    if found is None or isinstance(found, x509.Certificate):
        return found
    return x509.load_der_x509_certificate(bytes(found.der))


def _verify(sr: ServiceRequest, signature_b64: str, certificates: dict | None = None) -> str | None:
    """None if the signature verifies; otherwise why not."""
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        return "The signature is not base64."
    certificates = {} if certificates is None else certificates
    if sr.originator_user_id not in certificates:
        certificates[sr.originator_user_id] = certificate_for(sr.originator_user_id)
    certificate = certificates[sr.originator_user_id]
    if certificate is None:
        return "No Organisation Certificate is registered for the originator User ID."
    now = timezone.now()
    if not (certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc):
        return "The Organisation Certificate is not valid now."
    key = certificate.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        return "The Organisation Certificate does not hold a P-256 key."
    try:
        key.verify(signature, pre_command_payload(sr), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return "The signature does not verify against the Organisation Certificate."
    return None


def signed_pre_commands_submit(*, actor: Actor, items: list[tuple[ServiceRequest, str, int]]) -> list[tuple[str, str]]:
    """App AB 7.1 for a batch of Signed Pre-Commands: ``[(sr, signature, command_variant)]`` -> ``[(code, reason)]``.

    ``sr`` must already be scoped to the actor's Party. A wrong signature is recorded (E1)
    without an outbox notice (App AB 7.3: no echo of signature failures); the request keeps waiting
    for a correct one until its Pre-Command expires. Accepted ones go back to the pipeline.
    """
    if not actor.has_perm("devices.send_service_request"):
        raise NotPermitted("You may not send Service Requests.", code="devices.not_permitted")
    certificates: dict = {}
    verdicts: list[tuple[str, str]] = []
    accepted = []
    now = timezone.now()
    with transaction.atomic():
        locked = {
            r.pk: r
            for r in ServiceRequest.objects.select_for_update(of=("self",), no_key=True)
            .filter(pk__in=[sr.pk for sr, _, _ in items], party_id=actor.party_id)
            .select_related("variant")
        }
        writes = Writes()
        for item, signature, command_variant in items:
            sr = locked.get(item.pk)
            if sr is None or sr.status != SRStatus.AWAITING_SIGNATURE:
                verdicts.append(("E3", "This request is not waiting for a signed Pre-Command."))
                continue
            if command_variant not in SIGNED_CVS:
                verdicts.append(("E11", "A Signed Pre-Command uses Command Variant 5, 6 or 7."))
                continue
            if sr.variant is None or sr.user_role not in sr.variant.eligible_roles:
                verdicts.append(("E2", "Your User Role may not send this request."))
                continue
            problem = _verify(sr, signature, certificates)
            if problem:
                respond(sr, writes, code="E1", reason=problem, notify=False)
                verdicts.append(("E1", problem))
                continue
            sr_move(sr, SRStatus.QUEUED, SRTrigger.SIGN)
            sr.signed_at, sr.command_variant, sr.due_at = now, command_variant, now
            accepted.append(sr)
            verdicts.append(("I99", "Signed Pre-Command accepted."))
        bulk_set(ServiceRequest, accepted, [*SR_UPDATE_FIELDS, "command_variant"])
        writes.flush()
        if accepted:
            kick_on_commit()
    return verdicts


def signed_pre_command_submit(
    *, actor: User, sr: ServiceRequest, signature: str, command_variant: int
) -> ServiceRequest:
    """One Signed Pre-Command (see :func:`signed_pre_commands_submit`); raises on refusal."""
    code, reason = signed_pre_commands_submit(actor=actor, items=[(sr, signature, command_variant)])[0]
    if code != "I99":
        raise ApplicationError(reason, code="devices.signature_invalid" if code == "E1" else f"devices.{code}")
    return ServiceRequest.objects.get(pk=sr.pk)


def pre_commands_expire(now=None) -> int:
    """Pre-Commands not returned signed within the expiry window end with E3."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.DEVICES_PRE_COMMAND_EXPIRY_HOURS)
    with transaction.atomic():
        stale = list(
            ServiceRequest.objects.select_for_update(skip_locked=True, no_key=True).filter(
                status=SRStatus.AWAITING_SIGNATURE, pre_command_at__lte=cutoff
            )[:500]
        )
        writes = Writes()
        for sr in stale:
            reason = "The Pre-Command was not returned signed in time."
            fail(sr, writes, "E3", reason, trigger=SRTrigger.PRE_COMMAND_EXPIRED)  # D-ARCH-03
        bulk_set(ServiceRequest, stale, SR_UPDATE_FIELDS)
        writes.flush()
    return len(stale)
