"""Critical commands: the Pre-Command a User signs, and checking what comes back (DUIS section 5).

Transform (DUIS CV 4) returns the command as a bare General Signing APDU ending in an empty
signature field. The User's tooling checks it starts with ``DF``, drops the empty field, signs
the APDU without its ``DF`` tag (ECDSA P-256 / SHA-256) and appends the length ``40`` and the
64-byte r || s. The DCC verifies that signature with the User's Digital Signing certificate,
checks the signed APDU is the Pre-Command it issued, and sends it on MAC'd for the device.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec

from . import crypto
from .builder import seal
from .errors import MalformedMessage, SignatureInvalid
from .frame import GENERAL_SIGNING, SIGNATURE_LENGTH, Cra, Frame, parse_frame, strip_signature_field
from .keys import KeyLookup
from .message import RTDS_ACCESS_CONTROL_BROKER
from .message_codes import message_code
from .wire import encode_length


def sign_pre_command(pre_command: bytes, private_key: ec.EllipticCurvePrivateKey) -> bytes:
    """Sign a Pre-Command as DCC's client tooling does; refuses anything but an unsigned ``DF``."""
    if not pre_command or pre_command[0] != GENERAL_SIGNING:
        raise MalformedMessage("A Pre-Command is a General Signing APDU (0xDF)", offset=0)
    apdu = strip_signature_field(pre_command)
    signature = crypto.sign(private_key, apdu[1:])
    return apdu + encode_length(SIGNATURE_LENGTH) + signature


def verify_signed_pre_command(
    signed: bytes, public_key: ec.EllipticCurvePublicKey, *, issued: bytes | None = None
) -> Frame:
    """Check a Signed Pre-Command and return its frame.

    Raises :class:`~.errors.SignatureInvalid` (E16) when the signature is absent or does not
    verify, :class:`~.errors.MalformedMessage` (E13) when it is not a bare ``DF`` command or its
    header and payload differ from the Pre-Command ``issued`` (a User may sign, not change).
    """
    if not signed or signed[0] != GENERAL_SIGNING:
        raise MalformedMessage("A Signed Pre-Command is a General Signing APDU (0xDF)", offset=0)
    frame = parse_frame(signed)
    if frame.header.cra != Cra.COMMAND:
        raise MalformedMessage("A Signed Pre-Command carries a command (CRA flag 1)")
    message_code(frame.header.message_code)
    if not frame.signature:
        raise SignatureInvalid("The Pre-Command is not signed")
    if issued is not None and parse_frame(strip_signature_field(issued)).signed_data != frame.signed_data:
        raise MalformedMessage("The signed APDU is not the Pre-Command the DCC issued")
    crypto.verify(public_key, frame.signed_data, frame.signature)
    return frame


def command_from_signed_pre_command(
    signed: bytes, keys: KeyLookup, *, broker: bytes = RTDS_ACCESS_CONTROL_BROKER
) -> bytes:
    """The command the DCC sends the device: the verified Signed Pre-Command, MAC'd (``DD``)."""
    frame = parse_frame(signed)
    return seal(signed, frame.header, keys, broker=broker, han_only=message_code(frame.header.message_code).han_only)
