"""Our message code table (devices/gbcs/data/message_codes.json) checked against every RTDS file."""

from collections import defaultdict

import pytest

from devices.gbcs import Cra, UnknownMessageCode, all_codes, message_code, parse
from devices.gbcs.errors import ALERT_INTEGRITY_FAILED
from devices.gbcs.message_codes import codes_for, uncoded_use_cases

KINDS = {Cra.COMMAND: "command", Cra.RESPONSE: "response", Cra.ALERT: "alert"}


def test_every_rtds_message_code_is_in_the_table_with_its_folder_kind_and_payload(rtds_files, rtds_keys):
    seen_codes, signed_commands = set(), defaultdict(set)
    for item in rtds_files:
        message = parse(item.raw, rtds_keys)
        entry = message.code
        seen_codes.add(entry.code)
        assert item.folder in entry_folders(entry.code), item.name
        assert KINDS[message.header.cra] in entry.messages, item.name
        assert message.kind.value in entry.payload, item.name
        if item.kind == "COMMAND":
            signed_commands[entry.code].add(bool(message.frame.signature))
    assert seen_codes == {entry.code for entry in all_codes()}
    assert len(seen_codes) == 233
    for code, signed in signed_commands.items():
        assert message_code(code).critical == (True in signed), hex(code)


def entry_folders(code: int) -> set[str]:
    import json

    from devices.gbcs.message_codes import TABLE

    return {
        folder for row in json.loads(TABLE.read_text()) if row["code"] == f"0x{code:04X}" for folder in row["rtds"]
    }


def test_every_rtds_folder_is_named_by_the_table(rtds_files):
    import json

    from devices.gbcs.message_codes import TABLE

    named = {folder for row in json.loads(TABLE.read_text()) for folder in row["rtds"]}
    assert named == {item.folder for item in rtds_files}


def test_a_use_case_with_several_codes_lists_them_all():
    assert [entry.code for entry in codes_for("CS02b")] == [
        0x0102,
        0x0103,
        0x0104,
        0x0105,
        0x0106,
        0x0107,
        0x0108,
        0x0109,
    ]
    assert message_code(0x0027).use_case == "ECS17b"
    assert message_code(0x0027).srvs == ("4.1.1",)
    assert message_code(0x0027).title == "Read ESME Energy Registers (Import Energy)"
    assert message_code(0x0062).srvs == ("6.11", "8.1.1")


def test_use_cases_of_the_srv_mapping_without_a_known_code_are_listed():
    assert sorted(entry.use_case for entry in uncoded_use_cases()) == [
        "CS05a", "CS05b", "CS05c", "HECS01", "PECS01", "PECS02", "PECS03",
    ]  # fmt: skip


@pytest.mark.parametrize("code", [0x0000, 0x0005, 0x00FF, 0x0200, 0xFFFF])
def test_an_unknown_message_code_is_refused_with_its_codes(code):
    with pytest.raises(UnknownMessageCode) as caught:
        message_code(code)
    assert caught.value.duis_code == "E13"
    assert caught.value.gbcs_alert == ALERT_INTEGRITY_FAILED
    assert f"0x{code:04X}" in str(caught.value)
