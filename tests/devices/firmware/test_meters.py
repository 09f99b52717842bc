"""Scenarios of the SRVs both smart meters (ESME and GSME) execute: one per device type and SRV.

Each scenario starts from a fresh meter, runs the command, and asserts the answer and the state it
leaves (BAD 7.3-7.5; the rules are cited in devices/firmware/meters.py).
"""

from datetime import timedelta

import pytest

from devices.firmware import DeviceError, firmware_for
from tests.factories.devices import utrn

from .conftest import IDS, NOW, Emulated, Han, emulate, run

DAY = timedelta(days=1)


def _prepay(meter: Emulated, balance: float = 0.0) -> None:
    run(meter, "1.6", {"mode": "prepayment"})
    meter.state["prepay"]["balance"] = balance


# --- tariff and prices (BAD 7.3.1) -----------------------------------------------------------------


def update_tariff(kind):
    meter = emulate(kind)
    switching = [{"from": "00:00", "register": 0}, {"from": "07:00", "register": 1}]
    answer = run(meter, "1.1.1", {"switching": switching, "thresholds": [100]})
    assert answer.data["tariff"]["switching"] == switching
    assert meter.state["tariff"]["primary"]["thresholds"] == [100]
    assert [e["trigger"] for e in meter.state["billing"]["log"]] == ["tariff"]  # a change of tariff is logged
    with pytest.raises(DeviceError) as err:
        run(meter, "1.1.1", {"switching": [{"from": "00:00", "register": 0}] * 201})
    assert err.value.code == "E13"


def update_prices(kind):
    meter = emulate(kind)
    answer = run(meter, "1.2.1", {"prices": [20.1, 15.0], "standing_charge": 60.0})
    assert (answer.data["tariff"]["prices"], answer.data["tariff"]["standing_charge"]) == (
        [20.1, 15.0, 0.0, 0.0],
        60.0,
    )


def reset_block_counters(kind):
    meter = emulate(kind)
    meter.state["registers"]["block_counters"] = [1.0, 2.0, 3.0, 4.0]
    assert run(meter, "1.7").data == {"block_counters": [0.0, 0.0, 0.0, 0.0]}


# --- prepayment (BAD 7.3.2) ------------------------------------------------------------------------


def update_meter_balance(kind):
    meter = emulate(kind)
    adjusted = run(meter, "1.5", {"action": "adjust", "amount": 250})
    reset = run(meter, "1.5", {"action": "reset"})
    expected = ("ECS04a", "ECS04b") if kind == "ESME" else ("GCS40c", "GCS40d")  # gas: by payment mode
    assert (adjusted.data["meter_balance"], reset.data["meter_balance"]) == (250.0, 0.0)
    assert (adjusted.data["command"], reset.data["command"]) == expected


def update_payment_mode(kind):
    meter = emulate(kind)
    assert run(meter, "1.6", {"mode": "prepayment"}).data == {"payment_mode": "prepayment", "previous": "credit"}
    with pytest.raises(DeviceError) as err:
        run(meter, "1.6", {"mode": "barter"})
    assert (err.value.code, meter.state["payment_mode"]) == ("E13", "prepayment")


def update_prepay_config(kind):
    meter = emulate(kind)
    assert run(meter, "2.1", {"low_credit_threshold": 300}).data["config"]["low_credit_threshold"] == 300
    with pytest.raises(DeviceError) as err:
        run(meter, "2.1", {"free_gas": 1})
    assert err.value.code == "E13"


def top_up(kind):
    meter = emulate(kind)
    _prepay(meter, 100.0)
    answer = run(meter, "2.2", {"utrn": utrn(3), "value": 400})
    assert answer.data == {"meter_balance": 500.0, "debt_recovered": 0.0}
    assert [(a.code, a.payload) for a in answer.alerts] == [("0x810E", {"value": 400.0})]
    with pytest.raises(DeviceError, match="already used"):
        run(meter, "2.2", {"utrn": utrn(3), "value": 400})
    assert meter.state["prepay"]["balance"] == 500.0


def update_debt(kind):
    meter = emulate(kind)
    answer = run(meter, "2.3", {"payment_debt": 1000, "time_debt": [200, 300], "debt_recovery_per_payment": 10})
    assert answer.data["debt"]["accumulated"] == 1500.0


def activate_emergency_credit(kind):
    meter = emulate(kind)
    with pytest.raises(DeviceError, match="only in prepayment"):
        run(meter, "2.5")
    _prepay(meter, 50.0)
    answer = run(meter, "2.5")
    assert (answer.data, [a.code for a in answer.alerts]) == ({"emergency_credit_balance": 1000.0}, ["0x8119"])


# --- contact customer (BAD 7.5.1) ------------------------------------------------------------------


def display_message(kind):
    meter, ppmid = emulate(kind), emulate("PPMID")
    meter.state["device_log"] = [{"device_id": ppmid.device_id}]
    han = Han({ppmid.device_id: ppmid})
    assert run(meter, "3.1", {"message": "Call us"}, han=han).data == {
        "displayed": True,
        "forwarded_to": [ppmid.device_id],
    }
    assert (ppmid.state["display"]["message"], han.dirty) == ("Call us", [ppmid.device_id])


def restrict_for_cot(kind):
    meter = emulate(kind)
    later = NOW + DAY
    answer = run(meter, "3.2", {"restriction_at": later.isoformat()})
    assert [(e.kind, e.data) for e in answer.effects] == [("change_of_tenancy", {"restriction_at": later.isoformat()})]
    assert (meter.state["restriction_at"], meter.state["pending_restriction_at"]) == (None, later.isoformat())
    run(meter, "4.1.1", at=later + timedelta(hours=1))  # the stored Restriction Date Time comes into force
    assert meter.state["restriction_at"] == later.isoformat()


def clear_event_log(kind):
    meter = emulate(kind)
    run(meter, "1.7")  # a command that changes the meter is logged
    assert run(meter, "3.3").data == {"cleared": 1, "log": "event"}
    with pytest.raises(DeviceError) as err:
        run(meter, "3.3", {"log": "security"})
    assert err.value.code == "I0"


def update_supplier_name(kind):
    meter = emulate(kind)
    assert run(meter, "3.4", {"name": "Northern Lights", "phone": "0800 000"}).data == {
        "supplier_name": "Northern Lights"
    }
    assert meter.state["display"]["supplier_phone"] == "0800 000"


def clear_privacy_pin(kind):
    meter = emulate(kind)
    meter.state["privacy_pin"] = "1234"
    assert (run(meter, "3.5").data, run(meter, "3.5").data) == ({"pin_cleared": True}, {"pin_cleared": False})


def customer_identification_number(kind):
    meter = emulate(kind)
    assert run(meter, "9.1", {"cin": "4821"}).data == {"cin": "4821", "format": "CINMessage"}
    assert meter.state["display"]["cin"] == "4821"


def set_import_mpxn(kind):
    meter = emulate(kind)
    assert run(meter, "6.20.1", {"mpxn": "1400000000206"}).data == {"mpxn": {"import": "1400000000206", "export": ""}}


# --- reads (BAD 7.4.1) -----------------------------------------------------------------------------


def read_import_registers(kind):
    meter = emulate(kind)
    before = meter.state["registers"]["import"]
    answer = run(meter, "4.1.1", at=NOW + DAY)
    assert answer.data["import"] > before
    assert (answer.data["unit"], answer.data["time_status"]) == (firmware_for(kind).unit, "Unreliable")
    assert run(meter, "4.1.2", at=NOW + DAY).data["import"] == answer.data["import"]  # same instant, same register


def read_prepay_values(kind):
    meter = emulate(kind)
    _prepay(meter, 123.456)
    for srv in ("4.3", "4.18"):
        data = run(meter, srv).data
        assert (data["payment_mode"], data["meter_balance"], data["emergency_credit_active"]) == (
            "prepayment",
            123.46,
            False,
        )


def read_billing_log(kind):
    meter = emulate(kind)
    _prepay(meter)
    run(meter, "2.2", {"utrn": utrn(5), "value": 100}, at=NOW + timedelta(minutes=1))
    window = {"from": NOW.isoformat(), "to": (NOW + timedelta(hours=1)).isoformat()}
    counts = {
        srv: len(run(meter, srv, window, at=NOW + timedelta(hours=1)).data["entries"])
        for srv in ("4.4.2", "4.4.3", "4.4.4", "4.4.5")
    }
    assert counts == {"4.4.2": 1, "4.4.3": 0, "4.4.4": 0, "4.4.5": 1}  # mode change (tariff), top-up (credit)


def read_daily_logs(kind):
    meter = emulate(kind)
    _prepay(meter, 10_000.0)
    later = NOW + 3 * DAY
    assert len(run(meter, "4.6.1", at=later).data["entries"]) == 3
    assert len(run(meter, "4.14", at=later).data["entries"]) == 3
    consumption = run(meter, "4.17", at=later).data["entries"]
    assert [day["consumption"] > 0 for day in consumption] == [True, True]


def read_profile(kind):
    meter = emulate(kind)
    window = {"from": (NOW - timedelta(hours=2)).isoformat(), "to": NOW.isoformat()}
    intervals = run(meter, "4.8.1", window).data["intervals"]
    assert [i["start"] for i in intervals] == [(NOW - timedelta(minutes=m)).isoformat() for m in (120, 90, 60, 30)]
    with pytest.raises(DeviceError) as err:
        run(meter, "4.8.1", {"from": NOW.isoformat(), "to": (NOW - DAY).isoformat()})
    assert err.value.code == "E13"


def read_tariff(kind):
    meter = emulate(kind)
    assert run(meter, "4.11.1").data["tariff"]["prices"] == [24.5, 0.0, 0.0, 0.0]


def read_prepay_config(kind):
    meter = emulate(kind)
    assert run(meter, "4.13").data["config"]["emergency_credit_limit"] == 1000


def read_billing_calendar(kind):
    meter = emulate(kind)
    assert run(meter, "6.2.3").data == {"billing_calendar": None}
    run(meter, "6.8", {"periodicity": "monthly", "start": NOW.isoformat()})
    assert run(meter, "6.2.3").data["billing_calendar"]["periodicity"] == "monthly"


def read_identity(kind):
    meter = emulate(kind)
    data = run(meter, "6.2.4").data
    assert (data["device_id"], data["device_type"], data["gbcs_version"]) == (IDS[kind], kind, "2.0")


def read_mpxn(kind):
    meter = emulate(kind)
    assert run(meter, "6.2.7").data == {"mpxn": {"import": "", "export": ""}}


def read_payment_mode(kind):
    meter = emulate(kind)
    assert run(meter, "6.2.9").data == {"payment_mode": "credit"}


def configure_and_read_alerts(kind):
    meter = emulate(kind)
    assert run(meter, "6.22", {"alerts": {"0x8F0A": False}}).data == {"alert_config": {"0x8F0A": False}}
    assert run(meter, "6.2.10").data == {"alert_config": {"0x8F0A": False}}


def set_billing_calendar(kind):
    meter = emulate(kind)
    answer = run(meter, "6.8", {"periodicity": "daily", "start": (NOW - DAY).isoformat()})
    assert answer.data["billing_calendar"]["next_at"] == (NOW + DAY).timestamp()  # the next one after now
    snapshots = run(meter, "4.1.1", at=NOW + 2 * DAY + timedelta(hours=1)).alerts
    assert [a.code for a in snapshots] == ["0x8F0A", "0x8F0A"]


def set_billing_calendar_gbcs1(kind):
    from devices.firmware import Profile

    meter = emulate(kind, profile=Profile(gbcs_version="1.1"))
    with pytest.raises(DeviceError) as err:
        run(meter, "6.8", {"periodicity": "quarterly", "start": NOW.isoformat()})
    assert err.value.code == "E13"


def synchronise_clock(kind):
    meter = emulate(kind)
    meter.state["clock"]["offset_seconds"] = 4.0
    assert run(meter, "6.11", {"tolerance_seconds": 10}).data["time_status"] == "Reliable"
    meter.state["clock"]["offset_seconds"] = 40.0
    assert run(meter, "6.11", {"tolerance_seconds": 10}).data["time_status"] == "Unreliable"


def read_event_log(kind):
    meter = emulate(kind)
    run(meter, "1.7")
    entries = run(meter, "6.13").data["entries"]
    assert [e["event"] for e in entries] == ["command 1.7"]
    with pytest.raises(DeviceError) as err:
        run(meter, "6.13", {"log": "diary"})
    assert err.value.code == "E13"


# --- supply (BAD 7.5.4) ----------------------------------------------------------------------------


def disable_supply(kind):
    meter = emulate(kind)
    assert run(meter, "7.2").data == {"supply_state": "Disabled", "locked": True}


def arm_supply(kind):
    meter = emulate(kind)
    armed = run(meter, "7.3")
    assert (armed.data, [a.code for a in armed.alerts]) == ({"supply_state": "Armed", "locked": False}, ["0x8F32"])


def enable_supply(kind):
    meter = emulate(kind)
    run(meter, "7.2")
    if kind == "GSME":
        with pytest.raises(DeviceError, match="locally"):  # BAD 7.5.4: no remote Enable for gas
            run(meter, "7.1")
        assert meter.state["supply"]["state"] == "Disabled"
    else:
        assert run(meter, "7.1").data == {"supply_state": "Enabled", "locked": False}


def read_supply(kind):
    meter = emulate(kind)
    assert run(meter, "7.4").data == {"supply_state": "Enabled", "locked": False, "cause": ""}


# --- commissioning, joins (App AC 4.12; BAD 7.2) ---------------------------------------------------


def commission(kind):
    meter = emulate(kind)
    answer = run(meter, "8.1.1")
    assert (answer.data["time_status"], meter.state["commissioned"]) == ("Reliable", True)
    assert [(e.kind, e.device_id) for e in answer.effects] == [("commissioned", IDS[kind])]


def join_and_unjoin(kind):
    meter, ppmid = emulate(kind), emulate("PPMID")
    han = Han({ppmid.device_id: ppmid})
    for join, unjoin in (("8.7.1", "8.8.1"), ("8.7.2", "8.8.2")):
        joined = run(meter, join, {"other_device_id": ppmid.device_id}, han=han)
        assert [(e.kind, e.data) for e in joined.effects] == [("joined", {"other": ppmid.device_id})]
        assert [e["device_id"] for e in ppmid.state["device_log"]] == [IDS[kind]]
        unjoined = run(meter, unjoin, {"other_device_id": ppmid.device_id}, han=han)
        assert [(e.kind, e.data) for e in unjoined.effects] == [("unjoined", {"other": ppmid.device_id})]
        assert (meter.state["device_log"], ppmid.state["device_log"]) == ([], [])
    with pytest.raises(DeviceError) as err:
        run(meter, "8.7.1", {"other_device_id": "00-DB-99-99-99-99-99-99"}, han=han)
    assert err.value.code == "E21"


def read_device_log(kind):
    meter, ppmid = emulate(kind), emulate("PPMID")
    run(meter, "8.7.1", {"other_device_id": ppmid.device_id}, han=Han({ppmid.device_id: ppmid}))
    assert [e["device_id"] for e in run(meter, "8.9").data["device_log"]] == [ppmid.device_id]


# --- firmware (BAD 7.5.3) --------------------------------------------------------------------------


def receive_and_activate_image(kind):
    meter = emulate(kind)
    stored = run(meter, "11.1", {"firmware_version": "2.0.0", "image_hash": "AB" * 32, "image_size": 1000})
    assert [(a.code, a.payload) for a in stored.alerts] == [("0x8F72", {"firmware_version": "2.0.0"})]
    with pytest.raises(DeviceError, match="does not match"):
        run(meter, "11.3", {"image_hash": "cd" * 32})
    activated = run(meter, "11.3", {"image_hash": "ab" * 32})
    assert activated.data == {"firmware_version": "2.0.0"}
    assert [(e.kind, e.data) for e in activated.effects] == [("firmware_activated", {"firmware_version": "2.0.0"})]
    assert run(meter, "11.2").data["firmware_version"] == "2.0.0"


def future_dated_activation(kind):
    meter = emulate(kind)
    run(meter, "11.1", {"firmware_version": "3.0.0", "image_hash": "ef" * 32, "image_size": 1000})
    later = NOW + timedelta(hours=2)
    assert run(meter, "11.3", {"image_hash": "ef" * 32, "execute_at": later.isoformat()}).data == {
        "stored_for": later.isoformat()
    }
    alerts = run(meter, "4.1.1", at=later + timedelta(minutes=1)).alerts
    assert [(a.code, a.payload) for a in alerts] == [("0x00CA", {"success": True, "firmware_version": "3.0.0"})]


SHARED = {
    "1.1.1": update_tariff,
    "1.2.1": update_prices,
    "1.5": update_meter_balance,
    "1.6": update_payment_mode,
    "1.7": reset_block_counters,
    "2.1": update_prepay_config,
    "2.2": top_up,
    "2.3": update_debt,
    "2.5": activate_emergency_credit,
    "3.1": display_message,
    "3.2": restrict_for_cot,
    "3.3": clear_event_log,
    "3.4": update_supplier_name,
    "3.5": clear_privacy_pin,
    "4.1.1": read_import_registers,
    "4.1.2": read_import_registers,
    "4.3": read_prepay_values,
    "4.4.2": read_billing_log,
    "4.4.3": read_billing_log,
    "4.4.4": read_billing_log,
    "4.4.5": read_billing_log,
    "4.6.1": read_daily_logs,
    "4.8.1": read_profile,
    "4.11.1": read_tariff,
    "4.13": read_prepay_config,
    "4.14": read_daily_logs,
    "4.17": read_daily_logs,
    "4.18": read_prepay_values,
    "6.2.3": read_billing_calendar,
    "6.2.4": read_identity,
    "6.2.7": read_mpxn,
    "6.2.9": read_payment_mode,
    "6.2.10": configure_and_read_alerts,
    "6.8": set_billing_calendar,
    "6.11": synchronise_clock,
    "6.13": read_event_log,
    "6.20.1": set_import_mpxn,
    "6.22": configure_and_read_alerts,
    "7.1": enable_supply,
    "7.2": disable_supply,
    "7.3": arm_supply,
    "7.4": read_supply,
    "8.1.1": commission,
    "8.7.1": join_and_unjoin,
    "8.7.2": join_and_unjoin,
    "8.8.1": join_and_unjoin,
    "8.8.2": join_and_unjoin,
    "8.9": read_device_log,
    "9.1": customer_identification_number,
    "11.1": receive_and_activate_image,
    "11.2": receive_and_activate_image,
    "11.3": future_dated_activation,
}
EXTRA = [set_billing_calendar_gbcs1, receive_and_activate_image]
SCENARIOS = {(kind, srv): scenario for kind in ("ESME", "GSME") for srv, scenario in SHARED.items()}


@pytest.mark.parametrize(("kind", "srv"), sorted(SCENARIOS), ids=lambda v: v)
def test_meter_scenario(kind, srv):
    SCENARIOS[(kind, srv)](kind)


@pytest.mark.parametrize("kind", ["ESME", "GSME"])
@pytest.mark.parametrize("scenario", EXTRA, ids=lambda f: f.__name__)
def test_meter_extra_scenario(kind, scenario):
    scenario(kind)


@pytest.mark.parametrize("kind", ["ESME", "GSME"])
def test_reads_leave_no_trace_and_are_not_counted(kind):
    """D-DEV-17/18: a read is neither logged nor counted; a command that changes the meter is both."""
    meter = emulate(kind)
    reads = [srv for srv in SHARED if firmware_for(kind).is_read(srv)]
    for srv in reads:
        run(meter, srv, {"from": (NOW - DAY).isoformat(), "to": NOW.isoformat()} if srv.startswith("4.") else {})
    assert (meter.state["event_log"], meter.state.get("commands_executed", 0)) == ([], 0)
    run(meter, "1.7")
    assert (len(meter.state["event_log"]), meter.state["commands_executed"]) == (1, 1)
