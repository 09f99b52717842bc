"""Private keys of project-issued test credentials, encrypted at rest (D-ZAZ-05).

AES-256-GCM under a key derived with HKDF-SHA256 from ``SMKI_TEST_CREDENTIALS_SECRET`` (or, when that
is empty, from ``DJANGO_SECRET_KEY``: development only). The certificate serial is the additional
authenticated data, so a wrapped key only opens for its own certificate. Stored form:
``b"v1" + nonce (12 octets) + ciphertext of the PKCS#8 DER + tag``.
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = b"v1"
NONCE_OCTETS = 12


def _key() -> bytes:
    secret = settings.SMKI_TEST_CREDENTIALS_SECRET or f"smki-test-credentials:{settings.SECRET_KEY}"
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"smki-test-credentials/v1").derive(
        secret.encode()
    )


def wrap_private_key(key: ec.EllipticCurvePrivateKey, *, serial: str) -> bytes:
    plain = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    nonce = os.urandom(NONCE_OCTETS)
    return VERSION + nonce + AESGCM(_key()).encrypt(nonce, plain, serial.encode())


def unwrap_private_key(blob: bytes, *, serial: str) -> ec.EllipticCurvePrivateKey:
    """The private key; ``ImproperlyConfigured`` if the secret changed or the blob is not this serial's."""
    blob = bytes(blob)
    if not blob.startswith(VERSION):
        raise ImproperlyConfigured("A test credential's key is in an unknown format.")
    nonce, sealed = blob[len(VERSION) : len(VERSION) + NONCE_OCTETS], blob[len(VERSION) + NONCE_OCTETS :]
    try:
        plain = AESGCM(_key()).decrypt(nonce, sealed, serial.encode())
    except InvalidTag as exc:
        raise ImproperlyConfigured(
            "A test credential's key cannot be opened: SMKI_TEST_CREDENTIALS_SECRET (or the secret key) changed."
        ) from exc
    key = serialization.load_der_private_key(plain, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ImproperlyConfigured("A test credential's key is not an elliptic-curve key.")
    return key
