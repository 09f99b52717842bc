"""Round trips on our own vectors: fresh keys, our own ids, counters and values, no RTDS.

What a device and the DCC would exchange in the emulator: each message is built, parsed with
its MAC and signature checked, and read back to exactly the values it was built from.
"""

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from devices.gbcs import (
    DlmsDateTime,
    Exchange,
    KeyRing,
    Usage,
    accept_command,
    build_alert,
    build_command,
    build_response,
    check_response,
    parse,
    read_values,
)
from devices.gbcs.zcl import AttributeValue
from devices.gbcs.zcl_clusters import METERING

SUPPLIER = bytes.fromhex("90b3d51f30019999")
BROKER = bytes.fromhex("90b3d51f30000042")
ESME = bytes.fromhex("70b3d50000000001")
GSME = bytes.fromhex("70b3d50000000002")
CHF = bytes.fromhex("70b3d50000000003")
NOW = DlmsDateTime.from_datetime(datetime(2025, 6, 30, 12, 30, tzinfo=UTC))


@pytest.fixture(scope="module")
def keys() -> KeyRing:
    ring = KeyRing()
    for eui in (SUPPLIER, BROKER, ESME, GSME, CHF):
        for usage in (Usage.KEY_AGREEMENT, Usage.DIGITAL_SIGNING):
            ring.add_private(eui, usage, ec.generate_private_key(ec.SECP256R1()))
    return ring


def roundtrip(message: bytes, keys, **expect) -> dict:
    parsed = parse(message, keys, broker=BROKER, require_keys=True)
    for field, value in expect.items():
        assert getattr(parsed, field) == value, field
    return read_values(parsed)


def test_a_read_of_import_registers(keys):
    command = build_command(
        "ECS17b", {"import_registers": None}, exchange=Exchange(SUPPLIER, ESME, 41), keys=keys, broker=BROKER
    )
    message, counter = accept_command(command, keys, device_id=ESME, last_counter=40, broker=BROKER)
    registers = {
        "active_import": 1_234_567,
        "active_import_scaler_unit": {"scaler": -3, "unit": 30},
        "reactive_import": 89,
        "reactive_import_scaler_unit": {"scaler": 0, "unit": 32},
        "secondary_active_import": 4_321,
    }
    values = {"values": {"import_registers": {"registers": registers}}}
    response = build_response("ECS17b", values, exchange=Exchange(ESME, SUPPLIER, 41, NOW), keys=keys)
    check_response(message.header, parse(response, keys).header)
    view = roundtrip(response, keys, mac="valid", signature="empty", sealed=0)
    assert view["values"]["import_registers"]["registers"] == registers
    assert counter == 41


def test_a_signed_response_to_a_critical_command(keys):
    command = build_command(
        "ECS43", {"0-0:10.0.106.255/execute": 52}, exchange=Exchange(SUPPLIER, ESME, 7), keys=keys, broker=BROKER
    )
    assert roundtrip(command, keys, mac="valid", signature="valid") == {"0-0:10.0.106.255/execute": 52}
    response = build_response("ECS43", {}, exchange=Exchange(ESME, SUPPLIER, 7, NOW), keys=keys)
    assert response[0] == 0xDF  # a Critical command's response is signed, not MAC'd
    assert roundtrip(response, keys, mac="absent", signature="valid") == {
        "results": {"0-0:10.0.106.255/execute": "success"},
        "values": {},
    }


def test_an_error_response_carries_its_data_access_result(keys):
    response = build_response(
        "ECS17b",
        {"results": {"import_registers": "read-write-denied"}},
        exchange=Exchange(ESME, SUPPLIER, 8),
        keys=keys,
    )
    assert roundtrip(response, keys) == {"results": {"import_registers": "read-write-denied"}, "values": {}}


def test_a_gas_read_with_an_encrypted_answer(keys):
    read = {"cluster": METERING, "frame_control": 0x00, "command": 0x00, "fields": [0x0000]}
    command = build_command(
        "GCS13a", {"components": [read]}, exchange=Exchange(SUPPLIER, GSME, 3), keys=keys, broker=BROKER
    )
    assert [f["attribute"] for f in roundtrip(command, keys)["components"][0]["fields"]] == [0x0000]
    answer = {
        "cluster": METERING,
        "frame_control": 0x18,
        "command": 0x01,
        "fields": [{"attribute": 0x0000, "status": 0, "value": AttributeValue(0x25, 987_654_321)}],
        "encrypted": True,
    }
    response = build_response("GCS13a", {"components": [answer]}, exchange=Exchange(GSME, SUPPLIER, 3, NOW), keys=keys)
    (component,) = roundtrip(response, keys, mac="valid", sealed=0)["components"]
    assert component["encrypted"] is True
    assert component["fields"][0]["value"] == AttributeValue(0x25, 987_654_321)


def test_the_chf_device_log_alert(keys):
    device_log = {"logged_at": NOW, "chf_id": CHF, "devices": [{"device_id": ESME, "link_key_hash": b""}]}
    alert = build_alert(
        "CS14", {"alert_code": 0x8F12, "time_stamp": NOW, "content": {"device_log": device_log}},
        exchange=Exchange(CHF, BROKER, 9000), keys=keys,
    )  # fmt: skip
    view = roundtrip(alert, keys, mac="valid")
    assert (view["alert_code"], view["content"]["device_log"]) == (0x8F12, device_log)


def test_a_join_and_a_firmware_activation(keys):
    join = {"command": {"join_method": 2, "device_id": GSME, "device_type": 3}}
    assert (
        roundtrip(build_command("CS03B", join, exchange=Exchange(SUPPLIER, CHF, 11), keys=keys, broker=BROKER), keys)
        == join
    )
    activate = {"command": {"manufacturer_image_hash": b"\x5a" * 32, "originator_counter": 12}}
    command = build_command("CS06", activate, exchange=Exchange(SUPPLIER, ESME, 12), keys=keys, broker=BROKER)
    assert roundtrip(command, keys, signature="valid") == activate
    done = {"response": {"choice": 1, "value": {"result": 0, "firmware_version": b"\x01\x02\x03\x04"}}}
    assert roundtrip(build_response("CS06", done, exchange=Exchange(ESME, SUPPLIER, 12, NOW), keys=keys), keys) == done
