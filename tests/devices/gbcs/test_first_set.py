"""The first Use Cases built from literal inputs and compared with DCC's RTDS byte for byte.

Inputs are what a Service Request carries (ids, counter, date-time, values); nothing is read
back from the RTDS message except a Critical command's signature (ECDSA is randomised, so the
signature is an input). Each response is then decoded to the values our JSON view shows.
"""

from datetime import UTC, datetime

import pytest

from devices.gbcs import (
    DlmsDateTime,
    Exchange,
    build_alert,
    build_command,
    build_response,
    jsonable,
    parse,
    read_values,
)
from devices.gbcs.zcl import AttributeValue
from devices.gbcs.zcl_clusters import METERING, PREPAYMENT

SUPPLIER = bytes.fromhex("90b3d51f30010000")
BROKER = bytes.fromhex("90b3d51f30000002")
ESME, GSME, CHF = (bytes.fromhex(f"00db1234567890{n}") for n in ("a0", "a3", "a2"))
GSME_A1 = bytes.fromhex("00db1234567890a1")
DEVICE_TIME = DlmsDateTime.from_datetime(datetime(2015, 1, 1, tzinfo=UTC))
GSME_TIME = DlmsDateTime.from_datetime(datetime(2015, 1, 1, tzinfo=UTC), clock_status=0x04)  # as this GSME reports it


def rtds(rtds_dir, folder: str, name: str) -> bytes:
    return bytes.fromhex((rtds_dir / folder / name).read_text().strip())


def test_4_1_1_read_import_registers_esme(rtds_dir, rtds_keys):
    command = build_command(
        "ECS17b", {"import_registers": None}, exchange=Exchange(SUPPLIER, ESME, 1000), keys=rtds_keys
    )
    assert command == rtds(rtds_dir, "4.1.1_ECS17b", "ECS17b_4.1.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX")
    registers = {
        "active_import": 10,
        "active_import_scaler_unit": {"scaler": 0, "unit": 30},
        "reactive_import": 10,
        "reactive_import_scaler_unit": {"scaler": 0, "unit": 32},
    }
    response = build_response(
        "ECS17b",
        {"values": {"import_registers": {"registers": registers}}},
        exchange=Exchange(ESME, SUPPLIER, 1000, DEVICE_TIME),
        keys=rtds_keys,
    )
    assert response == rtds(rtds_dir, "4.1.1_ECS17b", "ECS17b_4.1.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX")
    view = read_values(parse(response, rtds_keys))
    assert jsonable(view) == {
        "results": {"import_registers": "success"},
        "values": {"import_registers": {"registers": registers}},
    }


def test_4_1_1_read_gas_consumption_register(rtds_dir, rtds_keys):
    read = {"cluster": METERING, "frame_control": 0x00, "command": 0x00, "fields": [0x0302, 0x0301, 0x0300, 0x0000]}
    command = build_command("GCS13a", {"components": [read]}, exchange=Exchange(SUPPLIER, GSME, 1000), keys=rtds_keys)
    assert command == rtds(rtds_dir, "4.1.1_GCS13a", "GCS13a_4.1.1_SUCCESS_RELIABLE_GSME_COMMAND_GBCS.HEX")
    records = [
        {"attribute": 0x0302, "status": 0, "value": AttributeValue(0x22, 1000)},  # divisor
        {"attribute": 0x0301, "status": 0, "value": AttributeValue(0x22, 1)},  # multiplier
        {"attribute": 0x0300, "status": 0, "value": AttributeValue(0x30, 1)},  # unit of measure: m3
        {"attribute": 0x0000, "status": 0, "value": AttributeValue(0x25, 12345)},  # current summation delivered
    ]
    answer = {"cluster": METERING, "frame_control": 0x18, "command": 0x01, "fields": records, "encrypted": True}
    response = build_response(
        "GCS13a", {"components": [answer]}, exchange=Exchange(GSME, SUPPLIER, 1000, GSME_TIME), keys=rtds_keys
    )
    assert response == rtds(rtds_dir, "4.1.1_GCS13a", "GCS13a_4.1.1_SUCCESS_RELIABLE_GSME_RESPONSE_GBCS.HEX")
    (component,) = read_values(parse(response, rtds_keys))["components"]
    readings = {record["name"]: record["value"].value for record in component["fields"]}
    assert readings == {"divisor": 1000, "multiplier": 1, "unit_of_measure": 1, "current_summation_delivered": 12345}


def test_2_2_top_up_esme_with_a_utrn(rtds_dir, rtds_keys):
    exchange = Exchange(SUPPLIER, ESME, 12884901888)
    command = build_command("CS01a", {"top_up": b"73946144332040217315"}, exchange=exchange, keys=rtds_keys)
    assert command == rtds(rtds_dir, "2.2_CS01a", "CS01a_2.2_SUCCESS_COMMAND_GBCS.HEX")
    response = build_response(
        "CS01a", {"results": {"top_up": "success"}}, exchange=Exchange(ESME, SUPPLIER, 12884901888, DEVICE_TIME),
        keys=rtds_keys,
    )  # fmt: skip
    assert response == rtds(rtds_dir, "2.2_CS01a", "CS01a_2.2_SUCCESS_RESPONSE_GBCS.HEX")


def test_2_2_top_up_gsme_and_its_balance(rtds_dir, rtds_keys):
    top_up = {"originating_device": 0, "top_up_code": b"73950067887105178605"}
    step = {"cluster": PREPAYMENT, "frame_control": 0x01, "command": 0x04, "fields": top_up}
    command = build_command(
        "CS01b", {"components": [step]}, exchange=Exchange(SUPPLIER, GSME_A1, 25769803776), keys=rtds_keys
    )
    assert command == rtds(rtds_dir, "2.2_CS01b", "CS01b_2.2_SUCCESS_COMMAND_GBCS.HEX")
    result = {"result_type": 0, "top_up_value": 1250000, "source_of_top_up": 0, "credit_remaining": 25144000}
    answer = {"cluster": PREPAYMENT, "frame_control": 0x09, "command": 0x03, "fields": result}
    response = build_response(
        "CS01b", {"components": [answer]}, exchange=Exchange(GSME_A1, SUPPLIER, 25769803776, DEVICE_TIME),
        keys=rtds_keys,
    )  # fmt: skip
    assert response == rtds(rtds_dir, "2.2_CS01b", "CS01b_2.2_SUCCESS_RESPONSE_GBCS.HEX")
    assert read_values(parse(response, rtds_keys))["components"][0]["fields"]["credit_remaining"] == 25144000


def test_8_11_add_a_device_to_the_chf_device_log_and_the_cs14_alert(rtds_dir, rtds_keys):
    exchange = Exchange(
        BROKER, CHF, 1302, supplementary_remote_party_id=SUPPLIER, supplementary_remote_party_counter=1002
    )
    values = {
        "chf_device_log/register_device": [ESME, 1, b"0123456789ABCDEF", 0],
        "chf_device_log/join_timeout": 90,
        "chf_device_log/enable_disable_joining": True,
    }
    assert build_command("CCS01", values, exchange=exchange, keys=rtds_keys) == rtds(
        rtds_dir, "8.11_CCS01", "CCS01_8.11_SUCCESS_COMMAND_GBCS.HEX"
    )
    answer = Exchange(
        CHF, BROKER, 1302, supplementary_remote_party_id=SUPPLIER, supplementary_remote_party_counter=1002
    )
    assert build_response("CCS01", {}, exchange=answer, keys=rtds_keys) == rtds(
        rtds_dir, "8.11_CCS01", "CCS01_8.11_SUCCESS_RESPONSE_GBCS.HEX"
    )
    device_log = {
        "logged_at": DEVICE_TIME,
        "chf_id": bytes(range(8)),
        "devices": [
            {"device_id": ESME, "link_key_hash": bytes.fromhex("83fed3407a939723a5c639b26916d506")},
            {"device_id": GSME_A1, "link_key_hash": bytes.fromhex("83fed3407a939723a5c639b26916d505")},
        ],
    }
    alert = build_alert(
        "CS14",
        {"alert_code": 0x8F12, "time_stamp": DEVICE_TIME, "content": {"device_log": device_log}},
        exchange=Exchange(CHF, BROKER, 4000),
        keys=rtds_keys,
    )
    assert alert == rtds(rtds_dir, "NA_CS14", "CS14_NA_8F12_ALERT_GBCS.HEX")
    assert read_values(parse(alert, rtds_keys))["content"]["device_log"] == device_log


def test_8_1_1_commission_sets_the_esme_clock(rtds_dir, rtds_keys):
    expected = rtds(rtds_dir, "8.1.1_ECS70Commission", "ECS70Commission_8.1.1_SUCCESS_COMMAND_GBCS.HEX")
    signature = parse(expected, rtds_keys).frame.signature
    values = {
        "clock/clock_base": 5,
        "clock/preset_adjusting_time": [
            DlmsDateTime.decode(b"\xff" * 9 + bytes.fromhex("8000ff")),
            DlmsDateTime(2014, 12, 31, 0xFF, 23, 59, 10, 0),
            DlmsDateTime(2015, 1, 1, 0xFF, 0, 0, 10, 0),
        ],
        "clock/adjust_to_preset_time": 0,
        "clock/time": None,
        "clock/status": None,
    }
    command = build_command(
        "ECS70", values, exchange=Exchange(SUPPLIER, ESME, 1000), keys=rtds_keys, signature=signature
    )
    assert command == expected


def test_8_1_1_commission_sets_the_gsme_clock(rtds_dir, rtds_keys):
    expected = rtds(rtds_dir, "8.1.1_GCS28Commission", "GCS28Commission_8.1.1_SUCCESS_COMMAND_GBCS.HEX")
    signature = parse(expected, rtds_keys).frame.signature
    values = {"command": {"validity_start": "20141231233000Z", "validity_end": "20150101003000Z"}}
    assert (
        build_command("GCS28", values, exchange=Exchange(SUPPLIER, GSME_A1, 1000), keys=rtds_keys, signature=signature)
        == expected
    )


def test_8_7_2_method_b_join(rtds_dir, rtds_keys):
    join = {"command": {"join_method": 2, "device_id": bytes.fromhex("00db12345678909c"), "device_type": 3}}
    assert build_command("CS03B", join, exchange=Exchange(SUPPLIER, GSME_A1, 1001), keys=rtds_keys) == rtds(
        rtds_dir, "8.7.2_CS03B", "CS03B_8.7.2_SUCCESS_COMMAND_GBCS.HEX"
    )
    response = build_response("CS03B", {"response": 0}, exchange=Exchange(GSME_A1, SUPPLIER, 1001), keys=rtds_keys)
    assert response == rtds(rtds_dir, "8.7.2_CS03B", "CS03B_8.7.2_SUCCESS_RESPONSE_GBCS.HEX")


@pytest.mark.parametrize(
    ("use_case", "folder", "action"),
    [("ECS42", "7.1_ECS42", 51), ("ECS43", "7.2_ECS43", 52), ("ECS44", "7.3_ECS44", 54)],
)
def test_7_x_load_switch(rtds_dir, rtds_keys, use_case, folder, action):
    expected = rtds(rtds_dir, folder, f"{use_case}_{folder.split('_')[0]}_SUCCESS_COMMAND_GBCS.HEX")
    signature = parse(expected, rtds_keys).frame.signature
    command = build_command(
        use_case, {"0-0:10.0.106.255/execute": action}, exchange=Exchange(SUPPLIER, ESME, 1000), keys=rtds_keys,
        signature=signature,
    )  # fmt: skip
    assert command == expected


def test_4_8_1_half_hour_profile_by_range(rtds_dir, rtds_keys):
    window = {"from": DlmsDateTime(2014, 12, 31), "to": DlmsDateTime(2015, 1, 1)}
    command = build_command(
        "ECS22b", {"half_hour_profile": window}, exchange=Exchange(SUPPLIER, ESME, 1002), keys=rtds_keys
    )
    assert command == rtds(rtds_dir, "4.8.1_ECS22b", "ECS22b_4.8.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX")
    response = parse(rtds(rtds_dir, "4.8.1_ECS22b", "ECS22b_4.8.1_SINGLE_SUCCESS_RESPONSE_GBCS.HEX"), rtds_keys)
    rows = jsonable(read_values(response)["values"]["half_hour_profile"]["buffer"])
    assert rows[:3] == [[473299200, 95], [473301000, 243], [473302800, 187]]
    assert len(rows) == 49  # 2014-12-31 00:00 to 2015-01-01 00:00 inclusive, every half hour
    assert rows[-1][0] - rows[0][0] == 48 * 1800
