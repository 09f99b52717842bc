"""Typed errors of the GBCS codec, each carrying the code to answer with.

A DCC-side refusal (a Signed Pre-Command we cannot accept) answers with ``duis_code``; a device-side
refusal (a command the emulated device discards) raises the GBCS alert ``gbcs_alert``. The choice of
codes is recorded in docs/decisions.md (D-GBCS-03).
"""

from __future__ import annotations

# GBCS alert codes a device raises when it discards a command (GBCS alert code table).
ALERT_INTEGRITY_FAILED = 0x8F1E  # integrity check of content or format of command failed
ALERT_TRUSTED_SOURCE_FAILED = 0x8F3D  # trusted source authentication failure
ALERT_AUTHENTICATION_FAILED = 0x8F53  # failed authentication or authorisation not covered by other codes


class GBCSError(ValueError):
    """Any message the codec refuses; ``duis_code`` for the DCC, ``gbcs_alert`` for a device."""

    duis_code = "E13"
    gbcs_alert = ALERT_INTEGRITY_FAILED

    def __init__(self, message: str, *, offset: int | None = None) -> None:
        self.offset = offset
        super().__init__(message if offset is None else f"{message} (at byte {offset})")


class MalformedMessage(GBCSError):
    """The bytes do not follow the GBCS framing or the payload's encoding."""


class TruncatedMessage(MalformedMessage):
    """The message ends before a field it announces."""


class LengthMismatch(MalformedMessage):
    """A length field disagrees with the bytes that follow (trailing or missing bytes)."""


class UnknownMessageCode(MalformedMessage):
    """The grouping header names a message code that is not in GBCS's table."""


class MacInvalid(GBCSError):
    """The General Ciphering MAC does not verify with the key derived for this message."""


class SignatureInvalid(GBCSError):
    """The General Signing signature is absent, malformed or does not verify."""

    duis_code = "E16"
    gbcs_alert = ALERT_TRUSTED_SOURCE_FAILED


class CounterReplay(GBCSError):
    """The originator counter is not greater than the last one accepted (a replay or reordering)."""

    duis_code = "E12"
    gbcs_alert = ALERT_AUTHENTICATION_FAILED


class KeyUnavailable(GBCSError):
    """No key (certificate or private key) is known for an entity the message needs."""

    duis_code = "E16"
    gbcs_alert = ALERT_AUTHENTICATION_FAILED


class UseCaseNotEncoded(GBCSError):
    """The codec cannot yet build this Use Case's message; never answered with a made-up payload."""

    duis_code = "E23"
    gbcs_alert = None
