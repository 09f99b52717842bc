"""Gas Smart Meter (sleepy, battery powered) and the Gas Proxy Function that mirrors it."""

from __future__ import annotations

from datetime import datetime

from .base import DeviceError, Firmware, Outcome, Profile, device_log_add, handles
from .meters import MeterFirmware


class GSMEFirmware(MeterFirmware):
    """The GSME sleeps; commands wait at the GPF until it wakes (the pipeline enforces that)."""

    device_type = "GSME"
    sleepy = True
    unit = "m3"
    mean_range = (0.03, 0.25)
    remote_enable = False  # BAD 7.5.4: no remote Enable for gas

    def initial_state(self, *, device_id: str, profile: Profile, now: datetime) -> dict:
        state = super().initial_state(device_id=device_id, profile=profile, now=now)
        state.update(
            gas={
                "calorific_value": 39.5,
                "conversion_factor": 1.02264,
                "uncontrolled_flow_rate": 6.0,
                "depletion_state": "unchanged",
            },
            battery={"level_pct": 100.0},
            network_log={"running": False, "entries": []},
        )
        return state

    def balance_command(self, state: dict, action: str) -> str:
        # BAD 7.3.2: GCS40a/b in prepayment mode, GCS40c/d in credit mode.
        prepay = state["payment_mode"] == "prepayment"
        if action == "reset":
            return "GCS40b" if prepay else "GCS40d"
        return "GCS40a" if prepay else "GCS40c"

    @handles("4.1.4")
    def read_block_counters(self, *, state, command, **_):
        return Outcome(
            data={"block_counters": state["registers"]["block_counters"], **self.time_stamp(state, command.now)}
        )

    @handles("4.10")
    def read_network_data(self, *, state, **_):
        # BAD 7.4.1.6.2: Read Network Data (gas) returns nothing until 14.1 started the log.
        if not state["network_log"]["running"]:
            raise DeviceError("The Network Data Log has not been started (SRV 14.1).")
        return Outcome(data={"entries": state["network_log"]["entries"][-40:]})

    @handles("14.1")
    def record_network_data(self, *, state, command, **_):
        state["network_log"]["running"] = True
        return Outcome(data={"running": True, "since": command.now.isoformat()})

    @handles("6.2.8")
    def read_gas_config(self, *, state, **_):
        return Outcome(data={"gas": state["gas"]})

    @handles("6.6")
    def gas_conversion(self, *, state, command, **_):
        state["gas"].update(
            {k: float(command.body[k]) for k in ("calorific_value", "conversion_factor") if k in command.body}
        )
        return Outcome(data={"gas": state["gas"]})

    @handles("6.7")
    def gas_flow(self, *, state, command, **_):
        for key in ("uncontrolled_flow_rate", "depletion_state"):
            if key in command.body:
                state["gas"][key] = command.body[key]
        if "tamper_state" in command.body:
            state["supply"]["tamper_state"] = command.body["tamper_state"]
        return Outcome(data={"gas": state["gas"], "tamper_state": state["supply"]["tamper_state"]})


class GPFFirmware(Firmware):
    """Gas Proxy Function on the Communications Hub: answers reads from its mirror of the GSME."""

    device_type = "GPF"
    MIRRORED_READS = (
        "4.1.1",
        "4.1.2",
        "4.1.4",
        "4.3",
        "4.4.2",
        "4.4.3",
        "4.4.4",
        "4.4.5",
        "4.6.1",
        "4.8.1",
        "4.11.1",
        "4.13",
        "4.14",
        "4.17",
        "4.18",
        "6.2.3",
        "6.2.7",
        "6.2.9",
        "7.4",
    )

    def initial_state(self, *, device_id: str, profile: Profile, now: datetime) -> dict:
        state = super().initial_state(device_id=device_id, profile=profile, now=now)
        state.update(gsme_id="", restriction_at=None)
        return state

    def supports(self, srv: str) -> bool:
        return srv in self.MIRRORED_READS or super().supports(srv)

    @classmethod
    def supported_srvs(cls) -> list[str]:
        from .base import _srv_sort_key

        return sorted(set(super().supported_srvs()) | set(cls.MIRRORED_READS), key=_srv_sort_key)

    def execute(self, *, device_id, state, profile, command, han):
        if command.srv in self.MIRRORED_READS:
            return self._mirror(device_id=device_id, state=state, command=command, han=han)
        return super().execute(device_id=device_id, state=state, profile=profile, command=command, han=han)

    def _mirror(self, *, device_id, state, command, han):
        """Reads target the GPF and are served from its copy of the GSME's data (BAD Glossary: Gas Proxy Function)."""
        gsme = han.peer(state["gsme_id"]) if state.get("gsme_id") else None
        if gsme is None:
            raise DeviceError("No Gas Smart Meter is joined to this GPF; it has nothing to mirror.")
        from . import firmware_for

        meter = firmware_for("GSME")
        # The mirror reflects the meter as of its last wake; the GPF does not wake the meter.
        mirror_time = datetime.fromtimestamp(gsme.state.get("advanced_at", command.ts), tz=command.now.tzinfo)
        mirrored = type(command)(
            srv=command.srv, body=command.body, now=max(mirror_time, command.now), request_id=command.request_id
        )
        snapshot = _deepcopy(gsme.state)
        # The GPF applies its own Change of Tenancy restriction (GCS09) to what it gives out (BAD 7.5.2).
        snapshot["restriction_at"] = state.get("restriction_at") or snapshot.get("restriction_at")
        outcome = getattr(meter, meter._handlers[command.srv])(
            device_id=gsme.device_id, state=snapshot, profile=gsme.profile, command=mirrored, han=han
        )
        outcome.data["mirrored_at"] = mirror_time.isoformat()
        outcome.data["via"] = device_id
        return outcome

    @handles("8.7.2")
    def join_gsme(self, *, device_id, state, command, han, **_):
        """SRV 8.7.2 to the GPF: join a GSME (or a PPMID/IHD) to the GPF's Device Log."""
        other = han.peer(command.body["other_device_id"])
        if other is None:  # BAD 7.8.5.4.1: no response from the Device (E21)
            raise DeviceError("The device to join did not answer on the HAN.", code="E21")
        device_log_add(state, other.device_id, command.now, device_type=other.device_type)
        device_log_add(other.state, device_id, command.now, device_type=self.device_type)
        if other.device_type == "GSME":
            state["gsme_id"] = other.device_id
        han.mark_dirty(other)
        from .base import Effect

        return Outcome(
            data={"joined": other.device_id}, effects=[Effect("joined", device_id, {"other": other.device_id})]
        )

    @handles("3.2")
    def restrict_for_cot(self, *, state, command, **_):
        from .base import Effect, parse_time

        at = (
            parse_time(command.body["restriction_at"], field_name="restriction_at")
            if command.body.get("restriction_at")
            else command.now
        )
        state["restriction_at"] = at.isoformat()
        return Outcome(
            data={"restriction_at": at.isoformat()},
            effects=[Effect("change_of_tenancy", data={"restriction_at": at.isoformat()})],
        )


def _deepcopy(value):
    import copy

    return copy.deepcopy(value)
