"""Build whole GBCS messages: grouping header, payload, signature and MAC.

Framing follows DCC's RTDS: a Remote Party command is General Ciphering (``DD``) around General
Signing (``DF``), MAC'd with the Access Control Broker's key, with the originator's signature when
the Use Case is Critical and an empty signature field otherwise. A response or alert is signed
(bare ``DF``) when its command was Critical, else MAC'd (``DD``) with an empty signature field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from . import crypto
from .errors import KeyUnavailable, UseCaseNotEncoded
from .frame import Cra, GroupingHeader, encode_general_ciphering, encode_general_signing, mac_additional_data
from .keys import KeyLookup, Usage, agreed_secret, need
from .message import RTDS_ACCESS_CONTROL_BROKER, mac_parties
from .message_codes import message_code
from .protection import content_key, gbz_content_parties
from .timestamps import DlmsDateTime
from .usecases import use_case_codec
from .usecases.base import Context


@dataclass(frozen=True, slots=True)
class Exchange:
    """Who a message is from and to, and the header fields that identify it."""

    originator: bytes
    recipient: bytes
    counter: int
    date_time: DlmsDateTime | None = None
    supplementary_remote_party_id: bytes | None = None
    supplementary_remote_party_counter: int | None = None
    supplementary_originator_counter: int | None = None
    supplementary_certificate: bytes | None = None

    def header(self, cra: Cra, code: int) -> GroupingHeader:
        return GroupingHeader(
            cra=cra,
            counter=self.counter,
            originator=self.originator,
            recipient=self.recipient,
            message_code=code,
            date_time=self.date_time,
            supplementary_remote_party_id=self.supplementary_remote_party_id,
            supplementary_remote_party_counter=self.supplementary_remote_party_counter,
            supplementary_originator_counter=self.supplementary_originator_counter,
            supplementary_certificate=self.supplementary_certificate,
        )


def _content_key(header: GroupingHeader, keys: KeyLookup):
    def derive() -> bytes:
        originator, counter, recipient = gbz_content_parties(header)
        pair = agreed_secret(keys, [(originator, recipient), (recipient, originator)])
        if pair is None:
            raise KeyUnavailable("No Key Agreement keys to encrypt this message's content")
        return content_key(pair, originator=originator, counter=counter, recipient=recipient)

    return derive


def _signature(header: GroupingHeader, payload: bytes, keys: KeyLookup, signature: bytes | None) -> bytes:
    if signature is not None:
        return signature
    private: ec.EllipticCurvePrivateKey = need(keys, header.originator, Usage.DIGITAL_SIGNING, private=True)
    return crypto.sign(private, header.encode(len(payload))[1:] + payload)


def seal(apdu: bytes, header: GroupingHeader, keys: KeyLookup, *, broker: bytes, han_only: bool = False) -> bytes:
    """Wrap a ``DF`` APDU in General Ciphering with its MAC."""
    pair = agreed_secret(keys, mac_parties(header, broker=broker, han_only=han_only))
    if pair is None:
        raise KeyUnavailable("No Key Agreement keys to MAC this message")
    key = crypto.derive_key(
        pair, originator=header.originator, transaction_id=header.transaction_id, recipient=header.recipient
    )
    mac = crypto.gmac(key, originator=header.originator, additional_data=mac_additional_data(apdu))
    return encode_general_ciphering(apdu, mac)


def _code(use_case: str, code: int | None) -> int:
    codec = use_case_codec(use_case)
    return codec.code if code is None else code


def build_command(
    use_case: str,
    values: dict[str, Any],
    *,
    exchange: Exchange,
    keys: KeyLookup,
    critical: bool | None = None,
    signature: bytes | None = None,
    broker: bytes = RTDS_ACCESS_CONTROL_BROKER,
    code: int | None = None,
    general_ciphering: bool = True,
) -> bytes:
    """A Remote Party command for a device, ready to send (``DD``).

    ``critical`` defaults to the message code's; ``general_ciphering=False`` returns the signed
    ``DF`` APDU without a MAC. A Critical command is signed with the
    originator's Digital Signing key from ``keys``, or carries ``signature`` as given (a User's
    signature over its Pre-Command). ``code`` picks one of a Use Case's message codes (CS02b).
    """
    codec = use_case_codec(use_case)
    header = exchange.header(Cra.COMMAND, _code(use_case, code))
    entry = message_code(header.message_code)
    payload = codec.command(values, Context(header, _content_key(header, keys)))
    is_critical = entry.critical if critical is None else critical
    signed = _signature(header, payload, keys, signature) if is_critical else b""
    apdu = encode_general_signing(header, payload, signed)
    if not general_ciphering:  # a few signed commands travel without a MAC (RTDS CS02a/CS02f by signature)
        return apdu
    return seal(apdu, header, keys, broker=broker, han_only=entry.han_only)


def pre_command_for_signing(
    use_case: str,
    values: dict[str, Any],
    *,
    exchange: Exchange,
    keys: KeyLookup,
    empty_signature_field: bool = True,
    code: int | None = None,
) -> bytes:
    """The Pre-Command Transform returns (DUIS CV 4): the command as a bare General Signing APDU.

    DUIS has it end with an empty signature field (``00``) that the User's tooling replaces
    with its signature; DCC's RTDS Pre-Commands omit the field (``empty_signature_field=False``).
    """
    codec = use_case_codec(use_case)
    header = exchange.header(Cra.COMMAND, _code(use_case, code))
    payload = codec.command(values, Context(header, _content_key(header, keys)))
    return encode_general_signing(header, payload, b"" if empty_signature_field else None)


def build_response(
    use_case: str,
    values: dict[str, Any],
    *,
    exchange: Exchange,
    keys: KeyLookup,
    results: dict[str, int] | None = None,
    signed: bool | None = None,
    signature: bytes | None = None,
    code: int | None = None,
) -> bytes:
    """A device's response: signed ``DF`` for a Critical command, else MAC'd ``DD``."""
    codec = use_case_codec(use_case)
    header = exchange.header(Cra.RESPONSE, _code(use_case, code))
    entry = message_code(header.message_code)
    payload = codec.response(values, Context(header, _content_key(header, keys)), results)
    if entry.critical if signed is None else signed:
        return encode_general_signing(header, payload, _signature(header, payload, keys, signature))
    return seal(encode_general_signing(header, payload, b""), header, keys, broker=b"", han_only=entry.han_only)


def build_alert(
    use_case: str,
    values: dict[str, Any],
    *,
    exchange: Exchange,
    keys: KeyLookup,
    signed: bool = False,
    signature: bytes | None = None,
    code: int | None = None,
) -> bytes:
    """A device alert: signed ``DF`` (Critical alerts) or MAC'd ``DD``."""
    codec = use_case_codec(use_case)
    if not hasattr(codec, "alert"):
        raise UseCaseNotEncoded(f"{use_case} has no alert encoding yet")
    header = exchange.header(Cra.ALERT, _code(use_case, code))
    payload = codec.alert(values, Context(header, _content_key(header, keys)))
    if signed:
        return encode_general_signing(header, payload, _signature(header, payload, keys, signature))
    return seal(encode_general_signing(header, payload, b""), header, keys, broker=b"")
