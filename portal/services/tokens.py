"""API tokens: hashed, expiring, revocable, created only from a two-factor-verified session."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..exceptions import ApplicationError, NotPermitted
from ..models import ApiToken, User
from ..permissions import can_revoke_token
from . import audit

TOKEN_PREFIX = "ssi"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, actor: User, name: str, days: int | None = None, is_verified: bool) -> tuple[ApiToken, str]:
    """Create a token for the actor's Party; return it with the plain text, shown only once.

    ``is_verified`` is whether the creating session passed two-factor; without it the token is
    refused whatever the Party's policy (issue: "a signed-in person (after 2FA)").
    Audit: ``api_token.created``.
    """
    if not is_verified:
        raise NotPermitted("Verify your sign-in with two-factor before creating API tokens.", code="token.needs_2fa")
    days = settings.PORTAL_API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= settings.PORTAL_API_TOKEN_MAX_DAYS:
        raise ApplicationError(
            f"A token lasts between 1 and {settings.PORTAL_API_TOKEN_MAX_DAYS} days.", code="token.bad_lifetime"
        )
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ApplicationError("Give the token a name of 1 to 100 characters.", code="token.bad_name")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    plain = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            party=actor.party,
            created_by=actor,
            name=name,
            prefix=prefix,
            secret_hash=_hash(plain),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit.record(
            action="api_token.created",
            actor=actor,
            target=token,
            after={"name": name, "prefix": prefix, "expires_at": token.expires_at},
        )
    return token, plain


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once. Audit: ``api_token.revoked``."""
    if not can_revoke_token(actor, token):
        raise NotPermitted(
            "You may revoke your own tokens, or any of your Party's as its administrator.", code="token.not_permitted"
        )
    if token.revoked_at:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(action="api_token.revoked", actor=actor, target=token, after={"revoked_at": token.revoked_at})
    return token


def api_token_authenticate(plain: str) -> ApiToken | None:
    """The usable token matching ``plain``, or None. Compares hashes in constant time."""
    parts = (plain or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.usable().select_related("created_by__party").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.secret_hash, _hash(plain)):
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy client must not turn every request into a write.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
