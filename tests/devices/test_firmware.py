"""Firmware emulators on their own (no database): state machines per device type."""

from datetime import UTC, datetime, timedelta

import pytest

from devices.firmware import Command, DeviceError, NotSupported, Profile, firmware_for
from devices.firmware.meters import luhn_ok
from tests.factories.devices import utrn

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


class NoHan:
    def peer(self, device_id):
        return None

    def mark_dirty(self, peer):
        pass


def _meter(kind="ESME", profile=None):
    fw = firmware_for(kind)
    profile = profile or Profile()
    state = fw.initial_state(device_id="00-DB-00-00-00-00-00-01", profile=profile, now=NOW)

    def run(srv, body=None, at=NOW):
        return fw.execute(
            device_id="00-DB-00-00-00-00-00-01",
            state=state,
            profile=profile,
            command=Command(srv=srv, body=body or {}, now=at),
            han=NoHan(),
        )

    return state, run


def test_registers_advance_with_time_and_never_go_back():
    _state, run = _meter()
    first = run("4.1.1").data["import"]
    later = run("4.1.1", at=NOW + timedelta(hours=6)).data["import"]
    assert later > first
    profile = run("4.8.1", {"from": (NOW - timedelta(hours=2)).isoformat(), "to": NOW.isoformat()}).data
    assert len(profile["intervals"]) == 4  # half-hourly


def test_supply_state_machine():
    _state, run = _meter()
    assert run("7.2").data == {"supply_state": "Disabled", "locked": True}
    armed = run("7.3")
    assert armed.data["supply_state"] == "Armed"
    assert run("7.1").data["supply_state"] == "Enabled"
    assert [a.code for a in run("7.3").alerts] == ["0x8F32"]  # arm from Enabled raises Supply Armed


def test_prepayment_runs_down_disables_and_a_top_up_is_checked():
    state, run = _meter()
    run("1.6", {"mode": "prepayment"})
    result = run("4.3", at=NOW + timedelta(days=3))
    codes = [a.code for a in result.alerts]
    assert "0x810D" in codes  # low credit
    assert "0x8F0F" in codes  # below the disablement threshold: supply disabled
    assert state["supply"]["state"] == "Disabled"
    with pytest.raises(DeviceError, match="Maximum Credit"):
        run("2.2", {"utrn": utrn(1), "value": 999_999}, at=NOW + timedelta(days=3))
    top = run("2.2", {"utrn": utrn(2), "value": 5000}, at=NOW + timedelta(days=3))
    assert [a.code for a in top.alerts] == ["0x810E"]
    with pytest.raises(DeviceError, match="already used"):
        run("2.2", {"utrn": utrn(2), "value": 5000}, at=NOW + timedelta(days=3))
    with pytest.raises(DeviceError, match="does not arm"):
        run("7.3", at=NOW + timedelta(days=3))  # D-DEV-09: no remote re-arm after a credit disable


def test_gas_meter_cannot_be_enabled_remotely_and_balance_command_follows_mode():
    _state, run = _meter("GSME")
    run("7.2")
    with pytest.raises(DeviceError, match="locally"):
        run("7.1")
    assert run("1.5", {"action": "adjust", "amount": 100}).data["command"] == "GCS40c"
    run("1.6", {"mode": "prepayment"})
    assert run("1.5", {"action": "reset"}).data["command"] == "GCS40b"


def test_model_traits_change_behaviour():
    _, run = _meter()
    with pytest.raises(NotSupported):
        run("1.1.2", {"switching": []})  # single element
    _, twin = _meter(profile=Profile(twin_element=True))
    assert twin("1.1.2", {"switching": []}).ok
    _, old = _meter(profile=Profile(gbcs_version="1.1"))
    with pytest.raises(NotSupported):
        old("6.26", {"enabled": True})
    with pytest.raises(DeviceError, match="not supported by GBCS"):
        old("6.8", {"start": NOW.isoformat(), "periodicity": "yearly"})


def test_firmware_activation_needs_the_stored_hash_and_can_be_future_dated():
    state, run = _meter()
    with pytest.raises(DeviceError, match="No Manufacturer Image"):
        run("11.3", {"image_hash": "a" * 64})
    run("11.1", {"firmware_version": "3.0", "image_hash": "b" * 64, "image_size": 10})
    with pytest.raises(DeviceError, match="does not match"):
        run("11.3", {"image_hash": "a" * 64})
    run("11.3", {"image_hash": "b" * 64, "execute_at": (NOW + timedelta(hours=1)).isoformat()})
    assert state["firmware"]["version"] == "1.0.0"
    later = run("4.1.1", at=NOW + timedelta(hours=2))
    assert [a.code for a in later.alerts] == ["0x00CA"]
    assert state["firmware"]["version"] == "3.0"


def test_change_of_tenancy_hides_older_data():
    _state, run = _meter()
    run("4.1.1", at=NOW + timedelta(days=3))
    assert run("4.6.1", at=NOW + timedelta(days=3)).data["entries"]
    run("3.2", at=NOW + timedelta(days=3))
    assert run("4.6.1", at=NOW + timedelta(days=3)).data["entries"] == []


def test_unknown_commands_are_not_supported_never_faked():
    _, run = _meter("IHD")
    with pytest.raises(NotSupported):
        run("7.2")
    assert luhn_ok(utrn(99))
    assert not luhn_ok(utrn(99)[:-1] + str((int(utrn(99)[-1]) + 1) % 10))


def test_reads_leave_no_event_log_entry_but_changes_do():
    state, run = _meter()
    fw = firmware_for("ESME")
    assert [fw.is_read(srv) for srv in ("4.1.1", "6.13", "2.2", "7.2")] == [True, True, False, False]
    run("4.1.1")
    run("4.1.1", at=NOW + timedelta(minutes=5))
    assert [e["event"] for e in state["event_log"]] == []
    run("7.2")  # disable supply
    assert [e["event"] for e in state["event_log"]] == ["command 7.2"]
    assert state["commands_executed"] == 1  # reads are not counted either
