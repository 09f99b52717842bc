"""Where the codec gets keys: a caller-supplied look-up, and an in-memory key ring.

GBCS entities hold two key pairs: Key Agreement (KA, for MACs and encryption) and Digital Signing
(DS). Prepayment commands to a PPMID use the supplier's separate prepayment KA key. The codec asks
``lookup(eui, usage, private=...)`` and treats ``None`` as "not known"; the pipeline will answer
from SMKI and from the emulated devices' own keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from .errors import KeyUnavailable


class Usage(StrEnum):
    KEY_AGREEMENT = "ka"
    DIGITAL_SIGNING = "ds"
    PREPAYMENT_KEY_AGREEMENT = "pp-ka"


class KeyLookup(Protocol):
    def __call__(
        self, eui: bytes, usage: Usage, *, private: bool
    ) -> ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey | None: ...


@dataclass
class KeyRing:
    """Keys by (EUI-64, usage): public keys from certificates, private keys where we hold them.

    It remembers each ECDH shared secret it computes (one per pair of parties, GBCS derives a
    fresh key per message from it), which saves an elliptic-curve multiplication per message.
    """

    public: dict[tuple[bytes, Usage], ec.EllipticCurvePublicKey] = field(default_factory=dict)
    private: dict[tuple[bytes, Usage], ec.EllipticCurvePrivateKey] = field(default_factory=dict)
    secrets: dict[tuple[bytes, bytes, Usage], bytes] = field(default_factory=dict, repr=False)

    def shared_secret(self, private_eui: bytes, public_eui: bytes, usage: Usage) -> bytes | None:
        """ECDH between our private key of ``private_eui`` and ``public_eui``'s public key, or None."""
        cached = self.secrets.get((private_eui, public_eui, usage))
        if cached is None:
            private = self(private_eui, usage, private=True)
            public = self(public_eui, usage, private=False)
            if private is None or public is None:
                return None
            cached = self.secrets[(private_eui, public_eui, usage)] = private.exchange(ec.ECDH(), public)
        return cached

    def __call__(self, eui: bytes, usage: Usage, *, private: bool):
        if private:
            return self.private.get((eui, usage))
        found = self.public.get((eui, usage))
        if found is None and (eui, usage) in self.private:
            return self.private[(eui, usage)].public_key()
        return found

    def add_private(self, eui: bytes, usage: Usage, key: ec.EllipticCurvePrivateKey) -> None:
        self.private[(eui, Usage(usage))] = key
        self.secrets.clear()

    def add_public(self, eui: bytes, usage: Usage, key: ec.EllipticCurvePublicKey) -> None:
        self.public[(eui, Usage(usage))] = key
        self.secrets.clear()

    @classmethod
    def from_pem_folder(cls, folder: Path) -> KeyRing:
        """Load ``<eui>-<usage>.pem`` certificates and ``<eui>-<usage>.key`` PKCS#8 private keys."""
        ring = cls()
        for path in sorted(folder.iterdir()):
            eui_hex, _, rest = path.name.partition("-")
            usage_name, _, suffix = rest.rpartition(".")
            if suffix not in ("pem", "key") or usage_name not in {u.value for u in Usage}:
                continue
            eui = bytes.fromhex(eui_hex)
            if suffix == "key":
                key = serialization.load_pem_private_key(path.read_bytes(), password=None)
                ring.add_private(eui, Usage(usage_name), key)
            else:
                ring.add_public(eui, Usage(usage_name), _public_key(path.read_bytes()))
        return ring


def _public_key(pem: bytes) -> ec.EllipticCurvePublicKey:
    if b"BEGIN CERTIFICATE" in pem:
        return x509.load_pem_x509_certificate(pem).public_key()
    return serialization.load_pem_public_key(pem)


def need(lookup: KeyLookup, eui: bytes, usage: Usage, *, private: bool):
    """The key or :class:`KeyUnavailable`."""
    key = lookup(eui, usage, private=private)
    if key is None:
        kind = "private key" if private else "certificate"
        raise KeyUnavailable(f"No {usage.value} {kind} is known for {eui.hex(':').upper()}")
    return key


def agreed_secret(
    lookup: KeyLookup, pairs: Iterable[tuple[bytes, bytes]], usage: Usage = Usage.KEY_AGREEMENT
) -> bytes | None:
    """The ECDH secret of the first ``(private_eui, public_eui)`` pair we hold keys for, or None.

    Uses the look-up's own ``shared_secret`` cache when it has one (:class:`KeyRing` does).
    """
    cached = getattr(lookup, "shared_secret", None)
    for private_eui, public_eui in pairs:
        if cached is not None:
            secret = cached(private_eui, public_eui, usage)
            if secret is not None:
                return secret
            continue
        private = lookup(private_eui, usage, private=True)
        public = lookup(public_eui, usage, private=False)
        if private is not None and public is not None:
            return private.exchange(ec.ECDH(), public)
    return None
