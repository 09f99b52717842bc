"""Parse a whole GBCS message: framing, MAC, signature, payload, encrypted content.

``parse(message, key_lookup)`` returns a :class:`Message` whose payload is decoded down to its DLMS,
ZCL or ASN.1 values. A MAC or signature that does not verify raises (:class:`~.errors.MacInvalid`,
:class:`~.errors.SignatureInvalid`); when the keys to check one are not known the check reads
``no-key`` (or raises :class:`~.errors.KeyUnavailable` with ``require_keys=True``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from . import crypto
from .axdr import Data, DataType, decode_data
from .der import decode_all
from .dlms import ACCESS_REQUEST, ACCESS_RESPONSE, DATA_NOTIFICATION, AccessRequest, AccessResponse, DataNotification
from .errors import KeyUnavailable, MalformedMessage
from .frame import Cra, Frame, GroupingHeader, mac_additional_data, parse_frame
from .gbz import GbzPayload, decode_gbz, decode_gbz_alert
from .keys import KeyLookup, Usage, agreed_secret
from .message_codes import MessageCode, message_code
from .protection import ProtectedData, content_key, gbz_content_parties, open_content
from .wire import Reader

# The DCC Access Control Broker of DCC's test estate; commands are MAC'd with its KA key.
RTDS_ACCESS_CONTROL_BROKER = bytes.fromhex("90b3d51f30000002")
# GBZ alerts whose content after the time stamp is the alert's own fields, not GBZ components.
GBZ_ALERTS_WITH_OWN_FIELDS = {0x00CD, 0x00CF, 0x00F2}


class Check(StrEnum):
    VALID = "valid"
    ABSENT = "absent"  # the message carries none (no MAC: bare DF; no signature field)
    EMPTY = "empty"  # an empty signature field (a Pre-Command, a non-Critical message)
    NO_KEY = "no-key"  # present, but the keys to check it are not known


class PayloadKind(StrEnum):
    DLMS = "dlms"
    GBZ = "gbz"
    ASN1 = "asn1"


@dataclass(frozen=True, slots=True)
class Message:
    """A parsed, checked GBCS message."""

    frame: Frame
    code: MessageCode
    kind: PayloadKind
    payload: Any  # AccessRequest | AccessResponse | DataNotification | GbzPayload | tuple[Tlv, ...]
    mac: Check
    signature: Check
    protected: dict[int, Data] = field(default_factory=dict)  # decrypted DLMS values by data index
    sealed: int = 0  # encrypted parts left closed for want of keys

    @property
    def header(self) -> GroupingHeader:
        return self.frame.header

    @property
    def use_case(self) -> str:
        return self.code.use_case


def decode_payload(header: GroupingHeader, content: bytes) -> tuple[PayloadKind, Any]:
    """The payload's own structure (no decryption)."""
    if not content:
        raise MalformedMessage("The payload is empty")
    reader = Reader(content)
    if content[:2] == b"\x01\x09":
        if header.cra == Cra.ALERT:
            own = header.message_code in GBZ_ALERTS_WITH_OWN_FIELDS
            return PayloadKind.GBZ, decode_gbz_alert(reader, components=not own)
        return PayloadKind.GBZ, decode_gbz(reader)
    decoder = {ACCESS_REQUEST: AccessRequest, ACCESS_RESPONSE: AccessResponse, DATA_NOTIFICATION: DataNotification}
    if content[0] in decoder:
        payload = decoder[content[0]].decode(reader)
        reader.expect_end("DLMS payload")
        return PayloadKind.DLMS, payload
    return PayloadKind.ASN1, decode_all(reader)


def mac_parties(header: GroupingHeader, *, broker: bytes, han_only: bool = False) -> list[tuple[bytes, bytes]]:
    """(private side, public side) pairs whose ECDH keys this message's MAC, either way round.

    A Remote Party command is MAC'd by the Access Control Broker for the device (GBCS 6.2.3);
    responses and alerts between the device and their recipient; a HAN-only message (a PPMID to
    a meter) between the two devices.
    """
    if header.cra == Cra.COMMAND and not han_only:
        return [(broker, header.recipient), (header.recipient, broker)]
    return [(header.recipient, header.originator), (header.originator, header.recipient)]


def check_mac(
    frame: Frame, lookup: KeyLookup, *, broker: bytes = RTDS_ACCESS_CONTROL_BROKER, han_only: bool = False
) -> Check:
    if frame.mac is None:
        return Check.ABSENT
    header = frame.header
    keys = agreed_secret(lookup, mac_parties(header, broker=broker, han_only=han_only))
    if keys is None:
        return Check.NO_KEY
    key = crypto.derive_key(
        keys, originator=header.originator, transaction_id=header.transaction_id, recipient=header.recipient
    )
    crypto.check_gmac(
        key, originator=header.originator, additional_data=mac_additional_data(frame.mac_data), mac=frame.mac
    )
    return Check.VALID


def check_signature(frame: Frame, lookup: KeyLookup) -> Check:
    if frame.signature is None:
        return Check.ABSENT
    if not frame.signature:
        return Check.EMPTY
    public = lookup(frame.header.originator, Usage.DIGITAL_SIGNING, private=False)
    if public is None:
        return Check.NO_KEY
    crypto.verify(public, frame.signed_data, frame.signature)
    return Check.VALID


def _open_gbz(payload: GbzPayload, header: GroupingHeader, lookup: KeyLookup) -> tuple[GbzPayload, int]:
    if not any(component.encrypted for component in payload.components):
        return payload, 0
    originator, counter, recipient = gbz_content_parties(header)
    keys = agreed_secret(lookup, [(recipient, originator), (originator, recipient)])
    if keys is None:
        return payload, sum(1 for c in payload.components if c.encrypted)
    key = content_key(keys, originator=originator, counter=counter, recipient=recipient)
    opened = tuple(
        c.opened(open_content(key, originator=originator, ciphered=b"\x31\x00\x00\x00\x00" + c.encrypted.sealed))
        if c.encrypted
        else c
        for c in payload.components
    )
    return GbzPayload(opened, payload.alert_code, payload.time_stamp, payload.alert_content, payload.count), 0


def _protected_items(payload: Any) -> list[tuple[int, ProtectedData]]:
    if isinstance(payload, AccessResponse):
        items = list(enumerate(payload.data))
    elif isinstance(payload, DataNotification) and payload.body.type == DataType.STRUCTURE:
        body = payload.body.value
        items = list(enumerate(body))
        if len(body) == 4:  # ECS68: the protection parameters and the ciphered log follow code and time stamp
            items.append((2, Data.structure(body[2], body[3])))
    else:
        return []
    found = [(index, ProtectedData.from_data(item)) for index, item in items]
    return [(index, protected) for index, protected in found if protected is not None]


def _open_dlms(payload: Any, header: GroupingHeader, lookup: KeyLookup) -> tuple[dict[int, Data], int]:
    items = _protected_items(payload)
    if not items:
        return {}, 0
    # The key follows the grouping header (and its supplementary remote party), as RTDS does,
    # even where the protection parameters name the Access Control Broker.
    originator, counter, recipient = gbz_content_parties(header)
    keys = agreed_secret(lookup, [(recipient, originator), (originator, recipient)])
    if keys is None:
        return {}, len(items)
    key = content_key(keys, originator=originator, counter=counter, recipient=recipient)
    opened = {}
    for index, protected in items:
        reader = Reader(open_content(key, originator=originator, ciphered=protected.ciphered))
        opened[index] = decode_data(reader)
        reader.expect_end("protected attributes")
    return opened, 0


def parse(
    message: bytes,
    lookup: KeyLookup,
    *,
    broker: bytes = RTDS_ACCESS_CONTROL_BROKER,
    require_keys: bool = False,
) -> Message:
    """Decode and check a GBCS message; raises a :class:`~.errors.GBCSError` on anything wrong."""
    frame = parse_frame(message)
    code = message_code(frame.header.message_code)
    mac = check_mac(frame, lookup, broker=broker, han_only=code.han_only)
    signature = check_signature(frame, lookup)
    if require_keys and Check.NO_KEY in (mac, signature):
        raise KeyUnavailable("The keys to check this message's MAC or signature are not known")
    kind, payload = decode_payload(frame.header, frame.content)
    if kind.value not in code.payload:
        raise MalformedMessage(f"{code.use_case or code.title} messages carry {'/'.join(code.payload)}, not {kind}")
    protected: dict[int, Data] = {}
    if kind == PayloadKind.GBZ:
        payload, sealed = _open_gbz(payload, frame.header, lookup)
    else:
        protected, sealed = _open_dlms(payload, frame.header, lookup)
    if require_keys and sealed:
        raise KeyUnavailable("The keys to open this message's encrypted content are not known")
    return Message(frame, code, kind, payload, mac, signature, protected, sealed)


__all__ = [
    "Check",
    "Message",
    "PayloadKind",
    "check_mac",
    "check_signature",
    "decode_payload",
    "mac_parties",
    "parse",
]
