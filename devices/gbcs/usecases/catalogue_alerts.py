"""Alerts GBCS defines by message code: Use Case alerts and the generic ones (GBCS section 16)."""

from __future__ import annotations

from ..zcl_clusters import METERING
from . import register
from .alerts import AlertUseCase
from .asn1_engine import Asn1UseCase

# CS14: the CHF device log after a change: its time, the CHF's EUI-64 and each device with the
# hash of its link key (empty until one is agreed).
CS14 = "{logged_at: dt, chf_id: os, devices: [{device_id: os, link_key_hash: os}]}"
# Future-dated alerts name the command they report on: message code, originator counter and the
# COSEM attribute, in one octet string (GBCS 16.2).
FUTURE_DATED = "{executed: os}"

register(
    AlertUseCase("CS14", 0x0018, "{device_log: " + CS14 + "}"),
    AlertUseCase("FD-DLMS", 0x00CC, FUTURE_DATED),
    AlertUseCase("FD-GBZ", 0x00CD),
    AlertUseCase("FDRA-DLMS", 0x00CE, "{calculated_image_hash: os}"),
    AlertUseCase("FDRA-GBZ", 0x00CF),
    AlertUseCase("MIIWA-DLMS", 0x00F0),
    AlertUseCase("MIIWA-GBZ", 0x00F2),
    AlertUseCase("GCA", 0x1000),
    AlertUseCase("GNCA", 0x1001),
    # ECS68: the billing data log, encrypted for the supplier like a protected read.
    AlertUseCase("ECS68", 0x0061, protected="billing_data_log"),
    AlertUseCase("ECS80", 0x0067, "{supply_outage_start: dt, supply_restored: dt}"),
    AlertUseCase("ECS100", 0x0120),
    AlertUseCase("ECS101", 0x0121),
    AlertUseCase("ECS102", 0x0122),
    AlertUseCase("ECS200", 0x0123),
    *(AlertUseCase(name, code) for name, code in (
        ("DBCH06", 0x0110), ("DBCH07", 0x0111), ("DBCH08", 0x0112), ("DBCH09", 0x0113), ("DBCH10", 0x0114),
        ("DBCH11", 0x0115),
    )),
    AlertUseCase("GCS53", 0x008B, gbz_steps=frozenset({(METERING, 0x19, 0x06)})),
    # ASN.1 alerts: alert code, time, then their own members.
    Asn1UseCase("FD-CS06", 0x00CA, "null", "null",
                "{alert_code: int, time: time, originator_counter: int,"
                " result: {result: int, firmware_version: octets}}"),
    Asn1UseCase("FD-CS02b", 0x00CB, "null", "null", "any"),
    Asn1UseCase("CCS08", 0x0128, "null", "null",
                "{alert_code: int, time: time, device_id: octets, firmware_version: octets, result: int}"),
    Asn1UseCase("CS09", 0x012B, "null", "null",
                "{alert_code: int, time: time, firmware_version: octets, result: int}"),
    Asn1UseCase("GCS62", 0x00B2, "null", "null",
                "{alert_code: int, time: time, devices: [{device_id: octets, device_type: int}]}"),
)  # fmt: skip
