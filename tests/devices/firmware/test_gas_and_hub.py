"""Scenarios of the gas-only SRVs (GSME), the Gas Proxy Function, the Communications Hub Function and
the HAN devices (PPMID, HCALCS, IHD): one per device type and SRV each executes."""

from datetime import timedelta

import pytest

from devices.firmware import Command, DeviceError, Profile, firmware_for

from .conftest import IDS, NOW, Han, emulate, run

# --- GSME (BAD 7.4.1, 7.5.4) -----------------------------------------------------------------------------


def gas_block_counters():
    meter = emulate("GSME")
    assert run(meter, "4.1.4").data["block_counters"] == [0.0, 0.0, 0.0, 0.0]


def gas_network_data():
    meter = emulate("GSME")
    with pytest.raises(DeviceError, match=r"SRV 14\.1"):
        run(meter, "4.10")  # nothing until the Network Data Log is started
    assert run(meter, "14.1").data == {"running": True, "since": NOW.isoformat()}
    assert run(meter, "4.10").data == {"entries": []}


def gas_configuration():
    meter = emulate("GSME")
    assert run(meter, "6.6", {"calorific_value": 40.1}).data["gas"]["calorific_value"] == 40.1
    flow = run(meter, "6.7", {"uncontrolled_flow_rate": 4.5, "tamper_state": "locked"}).data
    assert (flow["gas"]["uncontrolled_flow_rate"], flow["tamper_state"]) == (4.5, "locked")
    assert run(meter, "6.2.8").data["gas"] == {
        "calorific_value": 40.1,
        "conversion_factor": 1.02264,
        "uncontrolled_flow_rate": 4.5,
        "depletion_state": "unchanged",
    }


# --- GPF: reads answered from the GSME's mirror (BAD Glossary: Gas Proxy Function) ------------------------


def gpf_with_meter():
    gpf, gsme = emulate("GPF"), emulate("GSME")
    han = Han({gsme.device_id: gsme})
    run(gpf, "8.7.2", {"other_device_id": gsme.device_id}, han=han)
    return gpf, gsme, han


def gpf_mirrored_read(srv):
    def scenario():
        gpf, gsme, han = gpf_with_meter()
        body = {"from": (NOW - timedelta(hours=1)).isoformat(), "to": NOW.isoformat()} if srv.startswith("4.") else {}
        mirrored = run(gpf, srv, body, han=han)
        direct = firmware_for("GSME").execute(
            device_id=gsme.device_id,
            state=gsme.state,
            profile=gsme.profile,
            command=Command(srv=srv, body=body, now=NOW),
            han=han,
        )
        assert mirrored.data.pop("via") == gpf.device_id
        mirrored.data.pop("mirrored_at")
        assert mirrored.data == direct.data  # the GPF answers what the meter would

    return scenario


def gpf_without_meter():
    with pytest.raises(DeviceError, match="nothing to mirror"):
        run(emulate("GPF"), "4.1.1")


def gpf_join():
    gpf, gsme, _ = gpf_with_meter()
    assert gpf.state["gsme_id"] == gsme.device_id
    assert [e["device_id"] for e in gsme.state["device_log"]] == [gpf.device_id]
    with pytest.raises(DeviceError) as err:
        run(gpf, "8.7.2", {"other_device_id": "00-DB-99-99-99-99-99-99"})
    assert err.value.code == "E21"


def gpf_restriction():
    gpf, gsme, han = gpf_with_meter()
    answer = run(gpf, "3.2", {"restriction_at": NOW.isoformat()}, han=han)
    assert [e.kind for e in answer.effects] == ["change_of_tenancy"]
    gsme.state["daily_log"] = [{"at": (NOW - timedelta(days=1)).isoformat(), "import": 1.0}]
    assert run(gpf, "4.6.1", han=han).data["entries"] == []  # data from before the restriction is withheld


def common_reads(kind):
    def scenario():
        device = emulate(kind)
        identity = run(device, "6.2.4").data
        assert (identity["device_id"], identity["device_type"]) == (IDS[kind], kind)
        assert run(device, "8.9").data == {"device_log": []}
        assert run(device, "6.13").data == {"log": "event", "entries": []}
        run(device, "3.3")  # clearing changes the device: it is logged after it ran
        assert [e["event"] for e in device.state["event_log"]] == ["command 3.3"]
        if kind == "IHD":
            with pytest.raises(DeviceError) as err:
                run(device, "11.2")
            assert err.value.code == "E13"  # Type 2 devices are not managed through the DCC
        else:
            assert run(device, "11.2").data["firmware_version"] == "1.0.0"

    return scenario


# --- CHF (App AC 4.3, 4.4; BAD 7.5.8) ------------------------------------------------------------------------


def chf_device_log():
    chf, esme = emulate("CHF"), emulate("ESME")
    han = Han({esme.device_id: esme})
    added = run(chf, "8.11", {"device_id": esme.device_id, "mpxn": "1400000000206"}, han=han)
    assert [(a.code, a.payload["change"]) for a in added.alerts] == [("0x8F12", "added"), ("0x8F12", "joined")]
    assert [(e.kind, e.device_id) for e in added.effects] == [
        ("whitelisted", esme.device_id),
        ("han_joined", esme.device_id),
    ]
    assert run(chf, "8.9").data["device_log"][0]["joined"] is True
    removed = run(chf, "8.11", {"device_id": esme.device_id, "action": "remove"}, han=han)
    assert [(e.kind, e.device_id) for e in removed.effects] == [("device_log_removed", esme.device_id)]
    with pytest.raises(DeviceError, match="not in the CHF Device Log"):
        run(chf, "8.11", {"device_id": esme.device_id, "action": "remove"}, han=han)


def chf_clock():
    assert run(emulate("CHF"), "6.11").data["time_status"] == "Reliable"  # CHs take Network Time


def chf_dual_band():
    single = emulate("CHF")
    with pytest.raises(DeviceError) as err:
        run(single, "6.28", {"duty_cycle_threshold": 5})
    assert err.value.code == "E13"
    dual = emulate("CHF", profile=Profile(dual_band=True))
    configured = run(dual, "6.28", {"duty_cycle_threshold": 5, "channel_mask": [1, 2]})
    assert [(e.kind, e.data) for e in configured.effects] == [("dbch_action", {"action": "configure"})]
    scanned = run(dual, "6.29")
    assert [(e.kind, e.data) for e in scanned.effects] == [("dbch_action", {"action": "channel_scan"})]
    assert run(dual, "6.30").data["sub_ghz"]["duty_cycle_threshold"] == 5
    assert run(dual, "6.31").data == {"sub_ghz": 1}
    assert run(dual, "6.32").data == {"sub_ghz": [{"at": NOW.isoformat(), "channel": 1}]}


def hcalcs_krp():
    assert run(emulate("HCALCS"), "6.24.1").data == {"device_id": IDS["HCALCS"], "krp": "supplier"}


SCENARIOS = {
    ("GSME", "4.1.4"): gas_block_counters,
    ("GSME", "4.10"): gas_network_data,
    ("GSME", "14.1"): gas_network_data,
    ("GSME", "6.2.8"): gas_configuration,
    ("GSME", "6.6"): gas_configuration,
    ("GSME", "6.7"): gas_configuration,
    **{("GPF", srv): gpf_mirrored_read(srv) for srv in firmware_for("GPF").MIRRORED_READS},
    ("GPF", "8.7.2"): gpf_join,
    ("GPF", "3.2"): gpf_restriction,
    **{
        (kind, srv): common_reads(kind)
        for kind in ("GPF", "CHF", "PPMID", "HCALCS", "IHD")
        for srv in ("3.3", "6.2.4", "6.13", "8.9", "11.2")
    },
    ("CHF", "8.11"): chf_device_log,
    ("CHF", "8.9"): chf_device_log,
    ("CHF", "6.11"): chf_clock,
    **{("CHF", srv): chf_dual_band for srv in ("6.28", "6.29", "6.30", "6.31", "6.32")},
    ("HCALCS", "6.24.1"): hcalcs_krp,
}


@pytest.mark.parametrize(("kind", "srv"), sorted(SCENARIOS), ids=lambda v: v)
def test_scenario(kind, srv):
    SCENARIOS[(kind, srv)]()


def test_gpf_refuses_reads_with_no_meter_joined():
    gpf_without_meter()
