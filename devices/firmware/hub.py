"""Communications Hub Function: the HAN coordinator, its Device Log (whitelist) and its clock."""

from __future__ import annotations

from datetime import datetime

from .base import (
    DeviceAlert,
    DeviceError,
    Effect,
    Firmware,
    NotSupported,
    Outcome,
    Profile,
    device_log_add,
    device_log_has,
    device_log_remove,
    handles,
)


class CHFFirmware(Firmware):
    device_type = "CHF"

    def initial_state(self, *, device_id: str, profile: Profile, now: datetime) -> dict:
        state = super().initial_state(device_id=device_id, profile=profile, now=now)
        # CHs take Network Time, so their clock is reliable once on the WAN (BAD 7.5.7).
        state["clock"]["status"] = "Reliable"
        state.update(
            mains=True,
            wan_connected=False,
            outage_since=None,
            ota_buffer=None,
            sub_ghz={"channel": 1, "channel_mask": [], "duty_cycle_threshold": 10, "log": []},
        )
        return state

    @handles("8.11")
    def update_device_log(self, *, device_id, state, command, han, **_):
        """SRV 8.11 (CCS01 add / CCS02 remove) on the CHF Device Log (BAD 7.1 Table 2, rows 6-8; App AC 4.3)."""
        other_id = command.body["device_id"]
        if command.body.get("action", "add") == "remove":
            if not device_log_remove(state, other_id):
                raise DeviceError("That device is not in the CHF Device Log.")
            return Outcome(
                data={"removed": other_id},
                effects=[Effect("device_log_removed", other_id)],
                alerts=[DeviceAlert("0x8F12", {"device_id": other_id, "change": "removed"})],
            )
        device_log_add(state, other_id, command.now, install_code=command.body.get("install_code", ""), joined=False)
        alerts = [DeviceAlert("0x8F12", {"device_id": other_id, "change": "added"})]  # first CS14
        effects = [Effect("whitelisted", other_id, {"chf": device_id, "mpxn": command.body.get("mpxn", "")})]
        peer = han.peer(other_id)
        if peer is not None and peer.device_type != "GPF":
            # The device finds the CHF, completes CBKE and joins the HAN: the second CS14 (row 7, App AC 4.4).
            device_log_add(peer.state, device_id, command.now, device_type="CHF")
            for entry in state["device_log"]:
                if entry["device_id"] == other_id:
                    entry["joined"] = True
            han.mark_dirty(peer)
            alerts.append(DeviceAlert("0x8F12", {"device_id": other_id, "change": "joined"}))
            effects.append(Effect("han_joined", other_id, {"chf": device_id}))
        return Outcome(data={"added": other_id}, alerts=alerts, effects=effects)

    @handles("8.9")
    def read_device_log(self, *, state, **_):
        return Outcome(data={"device_log": state["device_log"]})

    @handles("6.11")
    def synchronise_clock(self, *, state, command, **_):
        return Outcome(data=self.time_stamp(state, command.now))

    @handles("6.28")
    def set_sub_ghz(self, *, state, profile, command, **_):
        self._needs_dual_band(profile)
        state["sub_ghz"].update(
            {k: v for k, v in command.body.items() if k in ("channel_mask", "duty_cycle_threshold")}
        )
        # BAD 7.5.8.1: every Sub-GHz action raises N54.
        return Outcome(
            data={"sub_ghz": state["sub_ghz"]}, effects=[Effect("dbch_action", data={"action": "configure"})]
        )

    @handles("6.29")
    def channel_scan(self, *, state, profile, command, **_):
        self._needs_dual_band(profile)
        state["sub_ghz"]["log"].append({"at": command.now.isoformat(), "channel": state["sub_ghz"]["channel"]})
        return Outcome(
            data={"channel": state["sub_ghz"]["channel"]},
            effects=[Effect("dbch_action", data={"action": "channel_scan"})],
        )

    @handles("6.30", "6.31", "6.32")
    def read_sub_ghz(self, *, state, profile, command, **_):
        self._needs_dual_band(profile)
        key = {"6.30": None, "6.31": "channel", "6.32": "log"}[command.srv]
        return Outcome(data={"sub_ghz": state["sub_ghz"] if key is None else state["sub_ghz"][key]})

    @staticmethod
    def _needs_dual_band(profile: Profile) -> None:
        if not profile.dual_band:
            raise NotSupported("Sub-GHz Service Requests need a Dual Band Communications Hub.")

    def member(self, state: dict, device_id: str) -> bool:
        return device_log_has(state, device_id)


class PPMIDFirmware(Firmware):
    """Prepayment Meter Interface Device: displays, and enters UTRNs for the meters it is joined to."""

    device_type = "PPMID"


class HCALCSFirmware(Firmware):
    """HAN Connected Auxiliary Load Control Switch, switched by its ESME."""

    device_type = "HCALCS"

    def initial_state(self, *, device_id: str, profile: Profile, now: datetime) -> dict:
        state = super().initial_state(device_id=device_id, profile=profile, now=now)
        state["switch"] = "open"
        return state

    @handles("6.24.1")
    def read_krp(self, *, device_id, **_):
        return Outcome(data={"device_id": device_id, "krp": "supplier"})


class IHDFirmware(Firmware):
    """In-Home Display (a Type 2 device: no SMI Status, no firmware SRs through the DCC)."""

    device_type = "IHD"

    @handles("11.2")
    def read_firmware_version(self, **_):
        raise NotSupported("Type 2 devices are not managed through the DCC.")
