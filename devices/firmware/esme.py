"""Electricity Smart Meter: import/export, load limiting, auxiliary load control, voltage, MD."""

from __future__ import annotations

from datetime import datetime

from . import consumption
from .base import DeviceAlert, DeviceError, NotSupported, Outcome, Profile, handles
from .meters import MeterFirmware


class ESMEFirmware(MeterFirmware):
    device_type = "ESME"
    unit = "kWh"
    mean_range = (0.25, 1.15)

    def initial_state(self, *, device_id: str, profile: Profile, now: datetime) -> dict:
        state = super().initial_state(device_id=device_id, profile=profile, now=now)
        state["registers"].update(
            export=0.0,
            reactive=round(state["registers"]["import"] * 0.08, 3),
            max_demand_import=0.0,
            max_demand_export=0.0,
        )
        state.update(
            load_limit={
                "power_threshold_kw": None,
                "period_seconds": 60,
                "restoration_seconds": 600,
                "supply_state": "unchanged",
                "counter": 0,
                "restore_at": None,
            },
            power_thresholds={"low_medium_kw": 0.5, "medium_high_kw": 2.0},
            voltage={"over": 253.0, "under": 216.2, "over_count": 0, "under_count": 0},
            max_demand_period_seconds=1800,
            alcs={"descriptions": {}, "calendar": [], "override": {}, "boost": [], "randomised_offset_limit": 600},
            alcs_event_log=[],
        )
        return state

    def advance(self, *, device_id: str, state: dict, profile: Profile, now: datetime) -> list[DeviceAlert]:
        alerts = super().advance(device_id=device_id, state=state, profile=profile, now=now)
        power = consumption.power_at(state["mean"], now.timestamp()) if state["supply"]["state"] == "Enabled" else 0
        regs = state["registers"]
        regs["max_demand_import"] = max(regs["max_demand_import"], round(power, 3))
        return alerts + self._load_limit(state, power, now)

    def _load_limit(self, state: dict, power: float, now: datetime) -> list[DeviceAlert]:
        """BAD 7.5.4 (load limit): over the Load Limit Power Threshold -> 0x8F33, arm; after the restoration
        period, enable again + 0x8F34."""
        limit, supply = state["load_limit"], state["supply"]
        if limit["restore_at"] and now.timestamp() >= limit["restore_at"]:
            limit["restore_at"] = None
            if supply["state"] == "Armed" and supply["cause"] == "load_limit":
                supply.update(state="Enabled", cause="")
                return [DeviceAlert("0x8F34")]
        threshold = limit["power_threshold_kw"]
        if threshold is None or power <= threshold or supply["state"] != "Enabled":
            return []
        limit["counter"] += 1
        if limit["supply_state"] == "disabled":
            supply.update(state="Armed", cause="load_limit", locked=False)
            limit["restore_at"] = now.timestamp() + limit["restoration_seconds"]
        return [DeviceAlert("0x8F33", {"active_power_kw": round(power, 3), "threshold_kw": threshold})]

    # --- reads only an ESME answers ---------------------------------------------------------

    @handles("4.1.3")
    def read_tou_blocks(self, *, state, command, **_):
        regs = state["registers"]
        return Outcome(
            data={"tou": regs["tou"], "block_counters": regs["block_counters"], **self.time_stamp(state, command.now)}
        )

    @handles("4.2")
    def read_export(self, *, state, command, **_):
        return Outcome(
            data={"export": state["registers"]["export"], "unit": "kWh", **self.time_stamp(state, command.now)}
        )

    @handles("4.6.2")
    def read_export_daily(self, *, state, command, **_):
        return Outcome(
            data={"entries": [], "note": "no export generation on this meter", **self.time_stamp(state, command.now)}
        )

    @handles("4.8.2", "4.8.3")
    def read_other_profiles(self, *, state, command, **kw):
        outcome = self.read_profile(state=state, command=command, **kw)
        factor = 0.08 if command.srv == "4.8.2" else 0.0  # reactive follows import; no export generation
        for row in outcome.data["intervals"]:
            row["value"] = round(row["value"] * factor, 4)
        outcome.data["unit"] = "kvarh" if command.srv == "4.8.2" else "kWh"
        return outcome

    @handles("4.10")
    def read_network_data(self, *, state, command, **_):
        return Outcome(
            data={
                "voltage_rms": 239.4,
                "over_count": state["voltage"]["over_count"],
                "under_count": state["voltage"]["under_count"],
                **self.time_stamp(state, command.now),
            }
        )

    @handles("4.11.2")
    def read_secondary_tariff(self, *, state, profile, **_):
        self._needs_twin(profile)
        return Outcome(data={"tariff": state["tariff"]["secondary"]})

    @handles("4.12.1", "4.12.2")
    def read_max_demand(self, *, state, command, **_):
        key = "max_demand_import" if command.srv == "4.12.1" else "max_demand_export"
        return Outcome(data={"max_demand_kw": state["registers"][key]})

    @handles("4.15")
    def read_load_limit(self, *, state, **_):
        return Outcome(data={"load_limit": state["load_limit"]})

    @handles("4.16")
    def read_active_power(self, *, state, command, **_):
        on = state["supply"]["state"] == "Enabled"
        return Outcome(
            data={
                "active_power_kw": round(consumption.power_at(state["mean"], command.ts), 3) if on else 0.0,
                **self.time_stamp(state, command.now),
            }
        )

    @handles("6.2.1")
    def read_voltage_config(self, *, state, **_):
        return Outcome(data={"voltage": state["voltage"]})

    @handles("6.2.2")
    def read_randomisation(self, *, state, **_):
        return Outcome(data={"randomised_offset_limit": state["alcs"]["randomised_offset_limit"]})

    @handles("6.2.5")
    def read_power_thresholds(self, *, state, **_):
        return Outcome(data={"power_thresholds": state["power_thresholds"]})

    @handles("7.7", "7.11")
    def read_alcs(self, *, state, command, **_):
        if command.srv == "7.11":
            return Outcome(data={"boost": state["alcs"]["boost"]})
        return Outcome(data={"alcs": state["alcs"]})

    # --- configuration only an ESME takes ---------------------------------------------------

    @handles("1.1.2", "1.2.2")
    def secondary_element(self, *, state, profile, command, **_):
        self._needs_twin(profile)
        secondary = state["tariff"]["secondary"] or {"switching": [], "prices": [0.0] * 4}
        if command.srv == "1.1.2":
            secondary["switching"] = command.body.get("switching", [])
        else:
            secondary["prices"] = command.body["prices"]
        state["tariff"]["secondary"] = secondary
        return Outcome(data={"secondary": secondary})

    @staticmethod
    def _needs_twin(profile: Profile) -> None:
        if not profile.twin_element:
            raise NotSupported("This ESME model has a single element; secondary-element commands do not apply.")

    @handles("6.4.1")
    def set_load_limit(self, *, state, command, **_):
        limit = state["load_limit"]
        for key in ("power_threshold_kw", "period_seconds", "restoration_seconds", "supply_state"):
            if key in command.body:
                limit[key] = command.body[key]
        return Outcome(data={"load_limit": limit})

    @handles("6.4.2")
    def reset_load_limit_counter(self, *, state, **_):
        state["load_limit"]["counter"] = 0
        return Outcome(data={"counter": 0})

    @handles("6.5", "6.27")
    def set_voltage(self, *, state, command, **_):
        voltage = state["voltage"]
        if command.srv == "6.5":
            voltage.update({k: float(v) for k, v in command.body.items() if k in ("over", "under")})
        voltage.update(over_count=0, under_count=0)  # both SRs reset the counters (BAD 7.3.1.6.3)
        return Outcome(data={"voltage": voltage})

    @handles("6.12")
    def set_power_thresholds(self, *, state, command, **_):
        state["power_thresholds"].update(command.body)
        return Outcome(data={"power_thresholds": state["power_thresholds"]})

    @handles("6.14.1", "6.14.2")
    def configure_alcs(self, *, state, command, **_):
        key = "descriptions" if command.srv == "6.14.1" else "calendar"
        state["alcs"][key] = command.body[key]
        return Outcome(data={key: state["alcs"][key]})

    @handles("6.18.1", "6.18.2")
    def max_demand(self, *, state, command, **_):
        if command.srv == "6.18.1":
            state["max_demand_period_seconds"] = int(command.body["period_seconds"])
        else:
            state["registers"].update(max_demand_import=0.0, max_demand_export=0.0)
        return Outcome(data={"period_seconds": state["max_demand_period_seconds"]})

    @handles("6.20.2")
    def set_export_mpxn(self, *, state, command, **_):
        state["mpxn"]["export"] = str(command.body["mpxn"])
        return Outcome(data={"mpxn": state["mpxn"]})

    @handles("6.25")
    def set_tamper_state(self, *, state, command, **_):
        value = command.body["tamper_state"]
        if value not in ("locked", "unchanged"):  # BAD 7.5.4.6.4: the Supply Tamper State
            raise DeviceError("tamper_state must be 'locked' or 'unchanged'.", code="E13")
        state["supply"]["tamper_state"] = value
        return Outcome(data={"tamper_state": value})

    @handles("6.26")
    def daily_block_reset(self, *, state, profile, command, **_):
        if not profile.gbcs2:
            raise NotSupported("Daily block counter reset needs GBCS v2.0 firmware.")
        state["daily_block_reset"] = bool(command.body.get("enabled", True))
        return Outcome(data={"daily_block_reset": state["daily_block_reset"]})

    @handles("7.5", "7.6", "7.8")
    def alcs_override(self, *, state, command, **_):
        switch = str(command.body.get("switch", "1"))
        if command.srv == "7.8":
            state["alcs"]["override"].pop(switch, None)  # back to the calendar
        elif state["supply"]["state"] != "Enabled":
            raise DeviceError("Auxiliary loads switch only while supply is Enabled.")
        else:
            state["alcs"]["override"][switch] = "on" if command.srv == "7.5" else "off"
        state["alcs_event_log"].append({"at": command.now.isoformat(), "srv": command.srv, "switch": switch})
        return Outcome(data={"override": state["alcs"]["override"]})

    @handles("7.9", "7.10")
    def boost(self, *, state, command, **_):
        switch = str(command.body["switch"])
        boost = [s for s in state["alcs"]["boost"] if s != switch]
        if command.srv == "7.9":
            boost.append(switch)
        state["alcs"]["boost"] = boost
        return Outcome(data={"boost": boost})

    @handles("7.12")
    def randomised_offset(self, *, state, command, **_):
        limit = int(command.body["seconds"])
        if limit < 600:
            # BAD 7.5.5: DCUSA requires a Randomised Offset Limit of at least 600 s (E13: D-DEV-05).
            raise DeviceError("The Randomised Offset Limit must be at least 600 seconds.", code="E13")
        state["alcs"]["randomised_offset_limit"] = limit
        return Outcome(data={"randomised_offset_limit": limit})
