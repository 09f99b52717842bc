"""Encrypted content inside GBCS payloads: keys, and the DLMS "protected attributes" wrapper.

Some responses carry values that only the Remote Party may read (readings, balances): a GBZ
component flagged encrypted, or a DLMS Data Protection ``get_protected_attributes`` result. Both
use AES-128-GCM with a 12-byte tag and additional data ``0x31``; the key comes from the same KDF
as the MAC but over transaction id ``04`` + counter (for GBZ the counter and recipient are the
supplementary ones from the grouping header when present).

The DLMS wrapper is a structure of the protection parameters (an array with one structure: the
protection type 2 = authenticated and encrypted, then transaction id, originator and recipient
system titles, other information and the agreed-key info) and the protected attributes (an
octet string: security header ``31`` + 4-byte invocation counter, ciphertext and tag).
"""

from __future__ import annotations

from dataclasses import dataclass

from .axdr import Data, DataType
from .crypto import KeyPair, decrypt, derive_key, encrypt
from .errors import MalformedMessage
from .frame import GroupingHeader
from .gbz import ENCRYPTED_SECURITY_HEADER

ENCRYPTION = 0x04
PROTECTION_AUTHENTICATED_ENCRYPTED = 2
AGREED_KEY = 2
KEY_PARAMETERS = b"\x02"  # agreed key: C(0e, 2s ECC CDH)


def encryption_transaction_id(counter: int) -> bytes:
    return bytes((ENCRYPTION,)) + counter.to_bytes(8, "big")


def content_key(keys: KeyPair | bytes, *, originator: bytes, counter: int, recipient: bytes) -> bytes:
    return derive_key(
        keys, originator=originator, transaction_id=encryption_transaction_id(counter), recipient=recipient
    )


def gbz_content_parties(header: GroupingHeader) -> tuple[bytes, int, bytes]:
    """(originator, counter, recipient) that key a GBZ component's encryption."""
    counter = header.supplementary_originator_counter
    recipient = header.supplementary_remote_party_id
    return (
        header.originator,
        header.counter if counter is None else counter,
        header.recipient if recipient is None else recipient,
    )


def open_content(key: bytes, *, originator: bytes, ciphered: bytes) -> bytes:
    """Plaintext of ``31 00000000`` + ciphertext + tag."""
    if ciphered[:5] != ENCRYPTED_SECURITY_HEADER:
        raise MalformedMessage("Encrypted content starts with security control 0x31 and a zero counter")
    return decrypt(key, originator=originator, sealed=ciphered[5:])


def seal_content(key: bytes, *, originator: bytes, plaintext: bytes) -> bytes:
    return ENCRYPTED_SECURITY_HEADER + encrypt(key, originator=originator, plaintext=plaintext)


@dataclass(frozen=True, slots=True)
class ProtectedData:
    """A ``get_protected_attributes`` result: who protected it and the sealed A-XDR value."""

    counter: int
    originator: bytes
    recipient: bytes
    ciphered: bytes

    def to_data(self) -> Data:
        key_info = Data.structure(Data.enum(AGREED_KEY), Data.structure(Data.octets(KEY_PARAMETERS), Data.octets(b"")))
        parameters = Data.structure(
            Data.octets(encryption_transaction_id(self.counter)),
            Data.octets(self.originator),
            Data.octets(self.recipient),
            Data.octets(b""),
            key_info,
        )
        protection = Data.array([Data.structure(Data.enum(PROTECTION_AUTHENTICATED_ENCRYPTED), parameters)])
        return Data.structure(protection, Data.octets(self.ciphered))

    @classmethod
    def from_data(cls, data: Data) -> ProtectedData | None:
        """The wrapper's parts, or None when ``data`` does not have its shape."""
        try:
            protection, ciphered = data
            (entry,) = protection
            kind, parameters = entry
            transaction_id, originator, recipient, _other, _key_info = parameters
        except (TypeError, ValueError):
            return None
        if (
            protection.type != DataType.ARRAY
            or kind.value != PROTECTION_AUTHENTICATED_ENCRYPTED
            or ciphered.type != DataType.OCTET_STRING
            or len(transaction_id.value) != 9
            or transaction_id.value[0] != ENCRYPTION
        ):
            return None
        counter = int.from_bytes(transaction_id.value[1:], "big")
        return cls(counter, originator.value, recipient.value, ciphered.value)
