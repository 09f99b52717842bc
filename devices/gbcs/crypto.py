"""GBCS cryptography on ``cryptography``: ECDH + KDF, GMAC, ECDSA r||s, content encryption.

Key derivation (NIST SP 800-56A single-step KDF with SHA-256): key = the first 16 bytes of
SHA-256(``00000001`` || Z || OtherInfo), Z = ECDH between a Key Agreement private key and the other
party's Key Agreement public key, OtherInfo = algorithm id ``60 85 74 06 08 03 00`` || originator
system title || ``09`` || transaction id (CRA flag + counter) || recipient system title. For
encrypted content the CRA byte is ``04`` and the counter and recipient may be the supplementary
ones from the other-information.

MAC: AES-128-GCM over an empty plaintext, nonce = originator system title || 4 zero bytes; the
first 12 bytes of the tag. Signature: ECDSA P-256 with SHA-256, the 64-byte r || s form.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import MacInvalid, SignatureInvalid
from .frame import MAC_LENGTH, SIGNATURE_LENGTH

KDF_ALGORITHM_ID = bytes.fromhex("60857406080300")
ENCRYPTION_CRA = 4
ENCRYPTION_AAD = b"\x31"  # security control of an encrypted-and-authenticated content block
_ORDER_BYTES = 32


@dataclass(frozen=True, slots=True)
class KeyPair:
    """Who derives a key: one side's Key Agreement private key and the other side's public key."""

    private: ec.EllipticCurvePrivateKey
    public: ec.EllipticCurvePublicKey


def shared_secret(private: ec.EllipticCurvePrivateKey, public: ec.EllipticCurvePublicKey) -> bytes:
    return private.exchange(ec.ECDH(), public)


def kdf(secret: bytes, other_info: bytes) -> bytes:
    """The first 16 bytes of SHA-256(counter 1 || Z || OtherInfo)."""
    return hashlib.sha256(b"\x00\x00\x00\x01" + secret + other_info).digest()[:16]


def other_info(*, originator: bytes, transaction_id: bytes, recipient: bytes) -> bytes:
    return KDF_ALGORITHM_ID + originator + b"\x09" + transaction_id + recipient


def derive_key(keys: KeyPair | bytes, *, originator: bytes, transaction_id: bytes, recipient: bytes) -> bytes:
    """The AES-128 key of one message instance: GBCS's KDF over the ECDH secret of ``keys``.

    ``keys`` is the key pair, or the shared secret already agreed between the two parties.
    """
    info = other_info(originator=originator, transaction_id=transaction_id, recipient=recipient)
    secret = keys if isinstance(keys, bytes) else shared_secret(keys.private, keys.public)
    return kdf(secret, info)


def _nonce(originator: bytes) -> bytes:
    return originator + bytes(4)


def gmac(key: bytes, *, originator: bytes, additional_data: bytes) -> bytes:
    """The 12-byte GBCS MAC: the AES-GCM tag of an empty plaintext, truncated."""
    return AESGCM(key).encrypt(_nonce(originator), b"", additional_data)[:MAC_LENGTH]


def check_gmac(key: bytes, *, originator: bytes, additional_data: bytes, mac: bytes) -> None:
    """Raise :class:`MacInvalid` unless ``mac`` is the message's MAC."""
    expected = gmac(key, originator=originator, additional_data=additional_data)
    if len(mac) != MAC_LENGTH or not _equal(expected, mac):
        raise MacInvalid("The MAC does not verify with the derived key")


def _equal(left: bytes, right: bytes) -> bool:
    return hmac.compare_digest(left, right)


def encrypt(key: bytes, *, originator: bytes, plaintext: bytes) -> bytes:
    """Encrypted content (ciphertext || 12-byte tag), additional data the security control 0x31."""
    sealed = AESGCM(key).encrypt(_nonce(originator), plaintext, ENCRYPTION_AAD)
    return sealed[: len(plaintext) + MAC_LENGTH]


def decrypt(key: bytes, *, originator: bytes, sealed: bytes) -> bytes:
    """Open encrypted content (ciphertext || 12-byte tag); a wrong key or altered bytes raise :class:`MacInvalid`."""
    if len(sealed) < MAC_LENGTH:
        raise MacInvalid("Encrypted content is shorter than its tag")
    ciphertext, tag = sealed[:-MAC_LENGTH], sealed[-MAC_LENGTH:]
    decryptor = Cipher(algorithms.AES(key), modes.GCM(_nonce(originator), tag, min_tag_length=MAC_LENGTH)).decryptor()
    decryptor.authenticate_additional_data(ENCRYPTION_AAD)
    try:
        return decryptor.update(ciphertext) + decryptor.finalize()
    except InvalidTag:
        raise MacInvalid("Encrypted content does not authenticate with the derived key") from None


def sign(private: ec.EllipticCurvePrivateKey, data: bytes) -> bytes:
    """ECDSA P-256 / SHA-256 over ``data`` as 64 bytes r || s."""
    r, s = decode_dss_signature(private.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(_ORDER_BYTES, "big") + s.to_bytes(_ORDER_BYTES, "big")


def verify(public: ec.EllipticCurvePublicKey, data: bytes, signature: bytes) -> None:
    """Raise :class:`SignatureInvalid` unless ``signature`` (r || s) signs ``data``."""
    if len(signature) != SIGNATURE_LENGTH:
        raise SignatureInvalid("A GBCS signature is 64 bytes (r || s)")
    r = int.from_bytes(signature[:_ORDER_BYTES], "big")
    s = int.from_bytes(signature[_ORDER_BYTES:], "big")
    try:
        public.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise SignatureInvalid("The signature does not verify with the originator's certificate") from None


__all__ = [
    "KeyPair",
    "check_gmac",
    "decrypt",
    "derive_key",
    "encrypt",
    "gmac",
    "kdf",
    "other_info",
    "shared_secret",
    "sign",
    "verify",
]
