"""Use Cases whose payloads GBCS defines in ASN.1 (joins, unjoins, firmware, GPF clock and log).

Security credential Use Cases (CS02x) carry certificates and signed key material; their view is
the DER tree (``any``) until the pipeline needs named fields.
"""

from __future__ import annotations

from . import register
from .asn1_engine import Asn1UseCase

JOIN = "{join_method: int, device_id: octets, device_type: int, certificate?: any}"
RESULT = "int"
DEVICE_LOG = "[{device_id: octets, device_type: int}]"

register(
    # 8.7.x joins: method (0 = A1, 1 = A2, 2 = B, 3 = C), the other device, its type, its certificate (C).
    Asn1UseCase("CS03A1", 0x000D, JOIN, RESULT),
    Asn1UseCase("CS03A2", 0x00AB, JOIN, RESULT),
    Asn1UseCase("CS03B", 0x000E, JOIN, RESULT),
    Asn1UseCase("CS03C", 0x00AF, JOIN, RESULT),
    # 8.8.x unjoins: the other device's EUI-64.
    Asn1UseCase("CS04AC", 0x000F, "octets", RESULT),
    Asn1UseCase("CS04B", 0x0010, "octets", RESULT),
    # 8.9 read device join details: the result, then each joined device and its type.
    Asn1UseCase("CS07", 0x0013, "null", "{result: int, devices?: " + DEVICE_LOG + "}"),
    # 11.2 PPMID/HCALCS firmware version; 11.3 activate firmware (hash, counter, optional execution time).
    Asn1UseCase("CS08", 0x0129, "null", "{firmware_version: octets, result: int}"),
    Asn1UseCase(
        "CS06",
        0x0012,
        "{manufacturer_image_hash: octets, originator_counter: int, execution_date_time?: time}",
        "null | {result: int, firmware_version: octets}",
    ),
    # 6.11 / 8.1.1 set the GSME clock: validity window; response: the time set and the result.
    Asn1UseCase("GCS28", 0x007F, "{validity_start: time, validity_end: time}", "{time: time, result: int}"),
    # 8.12.2 restore the GPF device log.
    Asn1UseCase("GCS59", 0x008C, "{devices: " + DEVICE_LOG + "}",
                "{devices: [{device: {device_id: octets, device_type: int}, result: int}]}"),
    # 6.x security credentials (views are the DER tree). CS02b has one message code per credential
    # pair (0x0100-0x0109, the builder's ``code``); CS02g's alert reports its future-dated execution.
    *(Asn1UseCase(name, code, "any", "any") for name, code in (
        ("CS02a", 0x0008), ("CS02b", 0x0102), ("CS02c", 0x000A), ("CS02d", 0x000B), ("CS02e", 0x000C),
        ("CS02f", 0x011B),
    )),
    Asn1UseCase("CS02g", 0x0126, "any", "any", "any"),
)  # fmt: skip
