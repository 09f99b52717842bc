"""Bad GBCS input: every refusal names its GBCS alert (device side) and DUIS code (DCC side).

Parsing is pure, so "nothing executed" means: the call raises before returning a message.
"""

import pytest

from devices.gbcs import (
    CounterReplay,
    Exchange,
    GBCSError,
    LengthMismatch,
    MacInvalid,
    MalformedMessage,
    SignatureInvalid,
    TruncatedMessage,
    UnknownMessageCode,
    accept_command,
    accept_counter,
    build_command,
    parse,
    pre_command_for_signing,
)
from devices.gbcs.errors import ALERT_AUTHENTICATION_FAILED, ALERT_INTEGRITY_FAILED, ALERT_TRUSTED_SOURCE_FAILED
from devices.gbcs.frame import parse_frame

SUPPLIER = bytes.fromhex("90b3d51f30010000")
ESME = bytes.fromhex("00db1234567890a0")


@pytest.fixture
def command(rtds_keys) -> bytes:
    return build_command("ECS17b", {"import_registers": None}, exchange=Exchange(SUPPLIER, ESME, 7000), keys=rtds_keys)


@pytest.fixture
def signed_response(rtds_dir) -> bytes:
    path = rtds_dir / "8.1.1_ECS70Commission" / "ECS70Commission_8.1.1_SUCCESS_RESPONSE_GBCS.HEX"
    return bytes.fromhex(path.read_text().strip())


def _flip(data: bytes, index: int) -> bytes:
    index %= len(data)
    return data[:index] + bytes((data[index] ^ 0x01,)) + data[index + 1 :]


# The ECS17b command: DD 00 00 00 00 00 00, length 81 xx, security header (9-13), DF at 14, CRA at 16,
# counter 17-24, system titles 25-42.
SECURITY_CONTROL, COUNTER_BYTE = 9, 20


def test_every_truncation_of_a_command_is_refused_as_truncated(command, rtds_keys):
    for length in range(len(command)):
        with pytest.raises(TruncatedMessage) as caught:
            parse(command[:length], rtds_keys)
        assert (caught.value.duis_code, caught.value.gbcs_alert) == ("E13", ALERT_INTEGRITY_FAILED)


def test_trailing_bytes_are_a_length_mismatch(command, rtds_keys):
    with pytest.raises(LengthMismatch, match="unexpected bytes after the General Ciphering APDU"):
        parse(command + b"\x00", rtds_keys)


@pytest.mark.parametrize("delta", [-1, 1])
def test_a_wrong_ciphered_content_length_is_refused(command, rtds_keys, delta):
    assert command[7] == 0x81  # long form: the length is the next byte
    wrong = command[:8] + bytes((command[8] + delta,)) + command[9:]
    with pytest.raises(MalformedMessage):
        parse(wrong, rtds_keys)


def test_a_wrong_content_length_inside_the_grouping_header_is_refused(rtds_keys):
    pre = pre_command_for_signing(
        "ECS17b", {"import_registers": None}, exchange=Exchange(SUPPLIER, ESME, 1), keys=rtds_keys
    )
    at = len(parse_frame(pre).header.encode(0)) - 1  # the content length byte
    for delta in (-1, 1):
        with pytest.raises((TruncatedMessage, LengthMismatch, MalformedMessage)):
            parse(pre[:at] + bytes((pre[at] + delta,)) + pre[at + 1 :], rtds_keys)


@pytest.mark.parametrize("index", [-1, -12, COUNTER_BYTE, 60])  # the MAC, the counter, the payload
def test_any_altered_byte_under_the_mac_is_refused(command, rtds_keys, index):
    with pytest.raises(MacInvalid) as caught:
        parse(_flip(command, index), rtds_keys)
    assert caught.value.gbcs_alert == ALERT_INTEGRITY_FAILED


def test_an_altered_signature_is_refused(signed_response, rtds_keys):
    assert parse(signed_response, rtds_keys).signature == "valid"
    with pytest.raises(SignatureInvalid) as caught:
        parse(_flip(signed_response, -5), rtds_keys)
    assert (caught.value.duis_code, caught.value.gbcs_alert) == ("E16", ALERT_TRUSTED_SOURCE_FAILED)


def test_an_unknown_message_code_is_refused(rtds_keys):
    pre = pre_command_for_signing(
        "ECS17b", {"import_registers": None}, exchange=Exchange(SUPPLIER, ESME, 1), keys=rtds_keys
    )
    code_at = pre.index(bytes.fromhex("020027")) + 1
    with pytest.raises(UnknownMessageCode, match="0x0AAA"):
        parse(pre[:code_at] + b"\x0a\xaa" + pre[code_at + 2 :], rtds_keys)


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [(2, 0x04, "CRA flag"), (11, 0x07, "originator system title"), (1, 0x08, "transaction-id")],
)
def test_malformed_grouping_headers_are_refused(rtds_keys, where, value, message):
    pre = pre_command_for_signing(
        "ECS17b", {"import_registers": None}, exchange=Exchange(SUPPLIER, ESME, 1), keys=rtds_keys
    )
    with pytest.raises(MalformedMessage, match=message):
        parse(pre[:where] + bytes((value,)) + pre[where + 1 :], rtds_keys)


def test_a_security_control_other_than_mac_only_is_refused(command, rtds_keys):
    with pytest.raises(MalformedMessage, match="security control 0x11"):
        parse(command[:SECURITY_CONTROL] + b"\x31" + command[SECURITY_CONTROL + 1 :], rtds_keys)


def test_a_payload_of_the_wrong_kind_for_its_message_code_is_refused(rtds_keys):
    # ECS17b is a DLMS Use Case; the same header with a GBZ payload is refused before any decoding of values.
    pre = pre_command_for_signing(
        "GCS13a",
        {"components": [{"cluster": 0x0702, "frame_control": 0, "command": 0, "fields": [0]}]},
        exchange=Exchange(SUPPLIER, ESME, 1),
        keys=rtds_keys,
    )
    code_at = pre.index(bytes.fromhex("020074")) + 1
    with pytest.raises(MalformedMessage, match="carry dlms, not gbz"):
        parse(pre[:code_at] + b"\x00\x27" + pre[code_at + 2 :], rtds_keys)


def test_replayed_and_reordered_counters_are_refused():
    assert accept_counter(counter=11, last_accepted=10) == 11
    assert accept_counter(counter=1, last_accepted=None) == 1
    for counter in (10, 9):
        with pytest.raises(CounterReplay) as caught:
            accept_counter(counter=counter, last_accepted=10)
        assert (caught.value.duis_code, caught.value.gbcs_alert) == ("E12", ALERT_AUTHENTICATION_FAILED)
    with pytest.raises(MalformedMessage, match="64-bit"):
        accept_counter(counter=1 << 64, last_accepted=None)


def test_a_device_accepts_a_good_command_and_refuses_replays_and_other_devices(command, rtds_keys):
    message, remembered = accept_command(command, rtds_keys, device_id=ESME, last_counter=6999)
    assert (message.use_case, remembered) == ("ECS17b", 7000)
    with pytest.raises(CounterReplay):
        accept_command(command, rtds_keys, device_id=ESME, last_counter=7000)
    with pytest.raises(MalformedMessage, match="not this device"):
        accept_command(command, rtds_keys, device_id=bytes.fromhex("00db1234567890a1"), last_counter=None)


def test_a_device_refuses_a_critical_command_without_a_signature(rtds_keys):
    unsigned = build_command(
        "ECS42", {"0-0:10.0.106.255/execute": 51}, exchange=Exchange(SUPPLIER, ESME, 5), keys=rtds_keys, critical=False
    )
    with pytest.raises(SignatureInvalid, match="ECS42 is Critical"):
        accept_command(unsigned, rtds_keys, device_id=ESME, last_counter=None)


def test_a_command_for_a_device_whose_keys_are_unknown_cannot_be_checked(command, rtds_keys):
    from devices.gbcs import KeyUnavailable

    stranger = command.replace(ESME, bytes.fromhex("00db123456789fff"))
    assert parse(stranger, rtds_keys).mac == "no-key"  # reported, not trusted
    with pytest.raises(KeyUnavailable):
        accept_command(stranger, rtds_keys, device_id=bytes.fromhex("00db123456789fff"), last_counter=None)


def test_a_device_refuses_a_response_or_a_pre_command(signed_response, rtds_keys):
    with pytest.raises(MalformedMessage, match="commands only"):
        accept_command(signed_response, rtds_keys, device_id=ESME, last_counter=None)
    pre = pre_command_for_signing(
        "ECS17b", {"import_registers": None}, exchange=Exchange(SUPPLIER, ESME, 9), keys=rtds_keys
    )
    with pytest.raises(MalformedMessage, match="must be MAC'd"):
        accept_command(pre, rtds_keys, device_id=ESME, last_counter=None)


def test_every_codec_error_is_a_gbcs_error_with_both_codes():
    for error in (TruncatedMessage, LengthMismatch, UnknownMessageCode, MacInvalid, SignatureInvalid, CounterReplay):
        assert issubclass(error, GBCSError)
        assert error.duis_code.startswith("E")
        assert error.gbcs_alert in (ALERT_INTEGRITY_FAILED, ALERT_TRUSTED_SOURCE_FAILED, ALERT_AUTHENTICATION_FAILED)
