"""The DCC's identity in DUIS: its User ID and the DspXmlSign key it signs answers with.

The credential is issued through our SMKI on first use (or by ``seed_demo``) and then cached per
process for ``_CACHE_SECONDS``, so signing an answer costs no query; a new credential (after a
revocation, say) is picked up within that time.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec
from django.db import IntegrityError, transaction

from portal.choices import UserRole
from portal.exceptions import ApplicationError
from portal.models import PartyUserRole

from ..models import DspSigningCredential

_CACHE_SECONDS = 30.0
_lock = threading.Lock()
_cache: dict[str, tuple[float, object]] = {}


@dataclass(frozen=True)
class DspSigner:
    """What signing needs: the key, and how ``KeyInfo`` names its certificate."""

    key: ec.EllipticCurvePrivateKey
    issuer: str
    serial: int
    certificate_pem: str
    serial_hex: str


def forget() -> None:
    """Drop the per-process cache (tests; after rotating the credential)."""
    with _lock:
        _cache.clear()


def _cached(name: str, load):
    now = time.monotonic()
    with _lock:
        hit = _cache.get(name)
        if hit and now - hit[0] < _CACHE_SECONDS:
            return hit[1]
    value = load()
    with _lock:
        _cache[name] = (now, value)
    return value


def dcc_user_id() -> str:
    """The DCC's own User ID: the target of Non-Device requests and the signer of DCC answers."""

    def load() -> str:
        found = (
            PartyUserRole.objects.filter(party__is_dcc=True, role=UserRole.DCC)
            .values_list("user_id", flat=True)
            .first()
        )
        if not found:
            raise ApplicationError("The DCC Party has no DCC User ID.", code="devices.no_dcc_user_id")
        return found

    return _cached("user_id", load)


def dsp_signing_credential_ensure(*, actor=None) -> DspSigningCredential:
    """The current DspXmlSign credential, issued through our SMKI when there is none yet.

    Idempotent and safe under concurrency: two first users race on the one-current constraint and
    the loser reads the winner's credential. Audit: SMKI's issuance events.
    """
    current = DspSigningCredential.objects.select_related("certificate").filter(is_current=True).first()
    if current is not None:
        return current
    from smki.services import dcc_signing_certificate_issue

    certificate, backend, handle = dcc_signing_certificate_issue(user_id=dcc_user_id(), actor=actor)
    try:
        with transaction.atomic():
            return DspSigningCredential.objects.create(
                certificate=certificate, key_backend=backend, key_handle=handle, is_current=True
            )
    except IntegrityError:
        return DspSigningCredential.objects.select_related("certificate").get(is_current=True)


def dsp_signer() -> DspSigner:
    """The signer of DCC answers (cached; issues the credential on first use)."""

    def load() -> DspSigner:
        from smki.services import system_signing_key

        credential = dsp_signing_credential_ensure()
        certificate = credential.certificate
        parsed = certificate.x509()
        return DspSigner(
            key=system_signing_key(backend=credential.key_backend, handle=credential.key_handle),
            issuer=parsed.issuer.rfc4514_string(),
            serial=parsed.serial_number,
            certificate_pem=certificate.pem,
            serial_hex=certificate.serial,
        )

    return _cached("signer", load)
