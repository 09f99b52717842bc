"""Scenarios of the SRVs only the Electricity Smart Meter executes (BAD 7.3.1, 7.4.1, 7.5.4, 7.5.5)."""

from datetime import timedelta

import pytest

from devices.firmware import DeviceError, Profile

from .conftest import NOW, emulate, run

TWIN = Profile(twin_element=True)


def secondary_element():
    single = emulate("ESME")
    with pytest.raises(DeviceError) as err:
        run(single, "1.1.2", {"switching": []})
    assert err.value.code == "E13"  # a single-element meter does not implement it
    twin = emulate("ESME", profile=TWIN)
    run(twin, "1.1.2", {"switching": [{"from": "00:00", "register": 1}]})
    assert run(twin, "1.2.2", {"prices": [12.0, 9.0, 0.0, 0.0]}).data["secondary"] == {
        "switching": [{"from": "00:00", "register": 1}],
        "prices": [12.0, 9.0, 0.0, 0.0],
    }
    assert run(twin, "4.11.2").data["tariff"]["prices"] == [12.0, 9.0, 0.0, 0.0]


def read_tou_blocks():
    meter = emulate("ESME")
    assert run(meter, "4.1.3").data["block_counters"] == [0.0, 0.0, 0.0, 0.0]


def read_export():
    meter = emulate("ESME")
    assert (run(meter, "4.2").data["export"], run(meter, "4.6.2").data["entries"]) == (0.0, [])


def read_other_profiles():
    meter = emulate("ESME")
    window = {"from": (NOW - timedelta(hours=1)).isoformat(), "to": NOW.isoformat()}
    active = run(meter, "4.8.1", window).data["intervals"]
    reactive = run(meter, "4.8.2", window).data
    export = run(meter, "4.8.3", window).data
    assert reactive["unit"] == "kvarh"
    assert [i["value"] for i in reactive["intervals"]] == [round(i["value"] * 0.08, 4) for i in active]
    assert [i["value"] for i in export["intervals"]] == [0.0, 0.0]


def read_network_data():
    meter = emulate("ESME")
    data = run(meter, "4.10").data
    assert (data["voltage_rms"], data["over_count"], data["under_count"]) == (239.4, 0, 0)


def max_demand():
    meter = emulate("ESME")
    peak = run(meter, "4.12.1", at=NOW + timedelta(hours=1)).data["max_demand_kw"]
    assert peak > 0
    assert run(meter, "4.12.2").data == {"max_demand_kw": 0.0}
    assert run(meter, "6.18.1", {"period_seconds": 900}).data == {"period_seconds": 900}
    run(meter, "6.18.2")
    assert meter.state["registers"]["max_demand_import"] == 0.0


def load_limit():
    meter = emulate("ESME")
    limit = run(meter, "6.4.1", {"power_threshold_kw": 0.0, "supply_state": "disabled"}).data["load_limit"]
    assert (limit["power_threshold_kw"], limit["supply_state"]) == (0.0, "disabled")
    tripped = run(meter, "4.16", at=NOW + timedelta(minutes=1))
    assert [a.code for a in tripped.alerts] == ["0x8F33"]  # over the threshold: arm (BAD 7.5.4)
    assert meter.state["supply"]["state"] == "Armed"
    assert run(meter, "4.15").data["load_limit"]["counter"] == 1
    assert run(meter, "6.4.2").data == {"counter": 0}
    restored = run(meter, "4.16", at=NOW + timedelta(minutes=20))
    assert [a.code for a in restored.alerts] == ["0x8F34"]
    assert meter.state["supply"]["state"] == "Enabled"


def read_active_power():
    meter = emulate("ESME")
    assert run(meter, "4.16").data["active_power_kw"] > 0
    run(meter, "7.2")
    assert run(meter, "4.16").data["active_power_kw"] == 0.0


def voltage():
    meter = emulate("ESME")
    meter.state["voltage"]["over_count"] = 3
    assert run(meter, "6.5", {"over": 250, "under": 220}).data["voltage"] == {
        "over": 250.0,
        "under": 220.0,
        "over_count": 0,
        "under_count": 0,
    }
    meter.state["voltage"]["under_count"] = 2
    assert run(meter, "6.27").data["voltage"]["under_count"] == 0
    assert run(meter, "6.2.1").data["voltage"]["over"] == 250.0


def randomisation():
    meter = emulate("ESME")
    assert run(meter, "6.2.2").data == {"randomised_offset_limit": 600}
    assert run(meter, "7.12", {"seconds": 900}).data == {"randomised_offset_limit": 900}
    with pytest.raises(DeviceError) as err:
        run(meter, "7.12", {"seconds": 300})  # BAD 7.5.5: at least 600 s
    assert (err.value.code, meter.state["alcs"]["randomised_offset_limit"]) == ("E13", 900)


def power_thresholds():
    meter = emulate("ESME")
    assert run(meter, "6.12", {"low_medium_kw": 1.0}).data["power_thresholds"] == {
        "low_medium_kw": 1.0,
        "medium_high_kw": 2.0,
    }
    assert run(meter, "6.2.5").data["power_thresholds"]["low_medium_kw"] == 1.0


def alcs_configuration():
    meter = emulate("ESME")
    assert run(meter, "6.14.1", {"descriptions": {"1": "Storage heater"}}).data == {
        "descriptions": {"1": "Storage heater"}
    }
    assert run(meter, "6.14.2", {"calendar": [{"at": "02:00", "switch": "1"}]}).data == {
        "calendar": [{"at": "02:00", "switch": "1"}]
    }
    assert run(meter, "7.7").data["alcs"]["descriptions"] == {"1": "Storage heater"}


def alcs_override():
    meter = emulate("ESME")
    assert run(meter, "7.5", {"switch": "1"}).data == {"override": {"1": "on"}}
    assert run(meter, "7.6", {"switch": "2"}).data == {"override": {"1": "on", "2": "off"}}
    assert run(meter, "7.8", {"switch": "1"}).data == {"override": {"2": "off"}}
    run(meter, "7.2")
    with pytest.raises(DeviceError, match="only while supply is Enabled"):
        run(meter, "7.5", {"switch": "1"})
    assert [e["srv"] for e in meter.state["alcs_event_log"]] == ["7.5", "7.6", "7.8"]


def boost():
    meter = emulate("ESME")
    assert run(meter, "7.9", {"switch": "1"}).data == {"boost": ["1"]}
    assert run(meter, "7.11").data == {"boost": ["1"]}
    assert run(meter, "7.10", {"switch": "1"}).data == {"boost": []}


def set_export_mpxn():
    meter = emulate("ESME")
    assert run(meter, "6.20.2", {"mpxn": "1400000000305"}).data["mpxn"]["export"] == "1400000000305"


def tamper_state():
    meter = emulate("ESME")
    assert run(meter, "6.25", {"tamper_state": "locked"}).data == {"tamper_state": "locked"}
    with pytest.raises(DeviceError) as err:
        run(meter, "6.25", {"tamper_state": "melt"})
    assert (err.value.code, meter.state["supply"]["tamper_state"]) == ("E13", "locked")


def daily_block_reset():
    assert run(emulate("ESME"), "6.26", {"enabled": True}).data == {"daily_block_reset": True}
    with pytest.raises(DeviceError) as err:
        run(emulate("ESME", profile=Profile(gbcs_version="1.1")), "6.26")
    assert err.value.code == "E13"  # needs GBCS v2.0 firmware


SCENARIOS = {
    "1.1.2": secondary_element,
    "1.2.2": secondary_element,
    "4.1.3": read_tou_blocks,
    "4.2": read_export,
    "4.6.2": read_export,
    "4.8.2": read_other_profiles,
    "4.8.3": read_other_profiles,
    "4.10": read_network_data,
    "4.11.2": secondary_element,
    "4.12.1": max_demand,
    "4.12.2": max_demand,
    "4.15": load_limit,
    "4.16": read_active_power,
    "6.2.1": voltage,
    "6.2.2": randomisation,
    "6.2.5": power_thresholds,
    "6.4.1": load_limit,
    "6.4.2": load_limit,
    "6.5": voltage,
    "6.12": power_thresholds,
    "6.14.1": alcs_configuration,
    "6.14.2": alcs_configuration,
    "6.18.1": max_demand,
    "6.18.2": max_demand,
    "6.20.2": set_export_mpxn,
    "6.25": tamper_state,
    "6.26": daily_block_reset,
    "6.27": voltage,
    "7.5": alcs_override,
    "7.6": alcs_override,
    "7.7": alcs_configuration,
    "7.8": alcs_override,
    "7.9": boost,
    "7.10": boost,
    "7.11": boost,
    "7.12": randomisation,
}


@pytest.mark.parametrize("srv", sorted(SCENARIOS))
def test_esme_scenario(srv):
    SCENARIOS[srv]()
