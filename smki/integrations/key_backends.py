"""Where CA private keys live. Callers only ever hold a *handle* and ask the backend to sign.

``SoftwareKeyBackend`` keeps a PKCS#8 key encrypted with a passphrase from settings (the row stores
only ciphertext). An HSM backend would implement the same three methods over PKCS#11, keeping the
handle as a token label, so no caller changes (issue 4 point 1; ANCHORS B2 key backends).
"""

import base64
import hashlib
import threading
from abc import ABC, abstractmethod
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class KeyBackend(ABC):
    """Generate, load and use a CA's P-256 signing key through an opaque handle."""

    name: str

    @abstractmethod
    def generate(self) -> str:
        """Create a new P-256 key pair and return the handle to store with the CA."""

    @abstractmethod
    def signing_key(self, handle: str) -> ec.EllipticCurvePrivateKey:
        """The key object cryptography signs with (an HSM backend returns a PKCS#11-backed key)."""

    def public_key(self, handle: str) -> ec.EllipticCurvePublicKey:
        return self.signing_key(handle).public_key()


class SoftwareKeyBackend(KeyBackend):
    """Encrypted software keys: PKCS#8 PEM with the best available encryption, passphrase from settings."""

    name = "software"

    def _passphrase(self) -> bytes:
        configured = settings.SMKI_KEY_PASSPHRASE
        if configured:
            return configured.encode()
        # Development fallback: a passphrase derived from the secret key, never the key itself.
        return base64.b64encode(hashlib.sha256(b"smki-key-backend:" + settings.SECRET_KEY.encode()).digest())

    def generate(self) -> str:
        key = ec.generate_private_key(ec.SECP256R1())
        encrypted = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(self._passphrase()),
        )
        return encrypted.decode()

    def signing_key(self, handle: str) -> ec.EllipticCurvePrivateKey:
        return _decrypt(handle, self._passphrase())


_lock = threading.Lock()


@lru_cache(maxsize=16)
def _decrypt_cached(handle: str, passphrase: bytes) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(handle.encode(), password=passphrase)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ImproperlyConfigured("A CA key handle does not hold an elliptic-curve key.")
    return key


def _decrypt(handle: str, passphrase: bytes) -> ec.EllipticCurvePrivateKey:
    # Decrypting a PKCS#8 key costs a KDF run; a batch signs thousands of certificates with one key,
    # so the decrypted key is cached per process (the cache key includes the passphrase).
    with _lock:
        return _decrypt_cached(handle, passphrase)


_BACKENDS: dict[str, type[KeyBackend]] = {SoftwareKeyBackend.name: SoftwareKeyBackend}


def key_backend(name: str | None = None) -> KeyBackend:
    """The backend called ``name`` (default: ``settings.SMKI_KEY_BACKEND``)."""
    wanted = name or settings.SMKI_KEY_BACKEND
    try:
        return _BACKENDS[wanted]()
    except KeyError as exc:
        raise ImproperlyConfigured(
            f"SMKI_KEY_BACKEND={wanted!r} is not available; choose one of {sorted(_BACKENDS)}."
        ) from exc
