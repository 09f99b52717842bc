"""The contract between the DCC pipeline and the emulated device firmware.

A firmware object is stateless: the device's state is a JSON-able dict (stored on
``EmulatedDevice.state``) that ``execute`` mutates in place. The pipeline loads the state under
a row lock, calls ``execute`` and saves the state, the response and the SR's new status in one
transaction, so a command is applied to a device exactly once even if a worker dies midway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Profile:
    """What a device's CPL model and firmware version give it (behaviour differs per model)."""

    gbcs_version: str = "2.0"
    firmware_version: str = "1.0.0"
    twin_element: bool = False
    polyphase: bool = False
    dual_band: bool = False

    @property
    def gbcs2(self) -> bool:
        # GBCS v2.0 and later (the BAD names 1.0, 1.1 and 2.0; later versions keep v2.0 features).
        try:
            return float(self.gbcs_version.split(".")[0]) >= 2
        except ValueError:
            return True


@dataclass
class Command:
    """A command for one device, produced by the DCC from a Service Request."""

    srv: str
    body: dict[str, Any]
    now: datetime
    request_id: str = ""
    sender_role: str = ""
    sender_user_id: str = ""

    @property
    def ts(self) -> float:
        return self.now.timestamp()


@dataclass
class DeviceAlert:
    """An unsolicited message from a device: GBCS alert code (hex) plus its payload."""

    code: str
    payload: dict[str, Any] = field(default_factory=dict)
    device_id: str = ""


@dataclass
class Effect:
    """Something the DCC must do after the device answered (SMI transitions, DCC alerts)."""

    kind: str
    device_id: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    """The device's answer to a command."""

    data: dict[str, Any] = field(default_factory=dict)
    alerts: list[DeviceAlert] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    code: str = "I0"
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.code == "I0"


class DeviceError(Exception):
    """The device received the command and refused it (it still answers, with a failure).

    The DCC's code is I0, as DUIS carries a device's refusal inside its response (D-DUIS-02); the
    request still ends failed, with the device's reason.
    """

    def __init__(self, reason: str, *, code: str = "I0", data: dict | None = None):
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.data = data or {}
        self.alerts: list[DeviceAlert] = []


class NotSupported(DeviceError):
    """This firmware does not implement the command: answered with a clear code, never faked."""

    def __init__(self, reason: str):  # E13 "not supported here": D-DUIS-02
        super().__init__(f"Not supported by this replica's emulated firmware: {reason}", code="E13")


class Peer(Protocol):
    """Another device on the same HAN, loaded (and locked) by the pipeline on demand."""

    @property
    def device_id(self) -> str: ...

    @property
    def device_type(self) -> str: ...

    @property
    def state(self) -> dict[str, Any]: ...

    @property
    def profile(self) -> Profile: ...


class Han(Protocol):
    """Access to the devices a command may touch besides its target."""

    def peer(self, device_id: str) -> Peer | None: ...

    def mark_dirty(self, peer: Peer) -> None: ...


Handler = Callable[..., Outcome]


def handles(*srvs: str) -> Callable[[Handler], Handler]:
    """Declare which Service Reference Variants a firmware method executes."""

    def mark(func: Handler) -> Handler:
        func._srvs = srvs  # type: ignore[attr-defined]
        return func

    return mark


class Firmware:
    """Base firmware: dispatch by SRV, a clock, an event log and common identity reads."""

    device_type = ""
    sleepy = False
    # SRVs answered from this device's handler table (built by __init_subclass__), and those of
    # them that only read (handlers named ``read_*``): a read changes nothing but time-driven state.
    _handlers: dict[str, str]
    _reads: frozenset[str]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        table: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            for name, member in vars(klass).items():
                for srv in getattr(member, "_srvs", ()):
                    table[srv] = name
        cls._handlers = table
        cls._reads = frozenset(srv for srv, name in table.items() if name.startswith("read_"))

    # --- lifecycle ----------------------------------------------------------------------

    def initial_state(self, *, device_id: str, profile: Profile, now: datetime) -> dict[str, Any]:
        return {
            "clock": {"offset_seconds": 0.0, "status": "Unreliable"},
            "event_log": [],
            "security_log": [],
            "device_log": [],
            "firmware": {"version": profile.firmware_version, "stored_image": None, "pending_activation": None},
            "advanced_at": now.timestamp(),
        }

    def supports(self, srv: str) -> bool:
        return srv in self._handlers

    def is_read(self, srv: str) -> bool:
        """Whether ``srv`` only reads: it is safe to run again and leaves no trace in the Event Log."""
        return srv in self._reads

    @classmethod
    def supported_srvs(cls) -> list[str]:
        return sorted(cls._handlers, key=_srv_sort_key)

    def execute(self, *, device_id: str, state: dict, profile: Profile, command: Command, han: Han) -> Outcome:
        """Run one command; raise DeviceError (or NotSupported) for a failure answer."""
        name = self._handlers.get(command.srv)
        if name is None:
            raise NotSupported(f"{self.device_type} firmware does not implement Service Request {command.srv}.")
        pending = self.advance(device_id=device_id, state=state, profile=profile, now=command.now)
        changes = command.srv not in self._reads
        try:
            outcome = getattr(self, name)(device_id=device_id, state=state, profile=profile, command=command, han=han)
        except DeviceError as exc:
            exc.alerts = pending  # time-driven alerts raised on the way still go out
            raise
        finally:
            if changes:  # reads are not counted (they leave no trace, D-DEV-17, D-DEV-18)
                state["commands_executed"] = state.get("commands_executed", 0) + 1
        outcome.alerts[:0] = pending
        if changes:
            # Like a real meter's Event Log, commands that change something are logged; reads are not.
            self.log_event(state, command.now, f"command {command.srv}", request_id=command.request_id)
        return outcome

    def advance(self, *, device_id: str, state: dict, profile: Profile, now: datetime) -> list[DeviceAlert]:
        """Bring time-driven state up to ``now``; returns unsolicited alerts raised on the way."""
        state["advanced_at"] = max(state.get("advanced_at", 0.0), now.timestamp())
        return []

    # --- helpers shared by every device ---------------------------------------------------

    @staticmethod
    def log_event(state: dict, now: datetime, text: str, **extra) -> None:
        log = state.setdefault("event_log", [])
        log.append({"at": now.isoformat(), "event": text, **extra})
        del log[:-30]  # a bounded circular log, as on a real device

    @staticmethod
    def device_time(state: dict, now: datetime) -> datetime:
        return datetime.fromtimestamp(now.timestamp() + state["clock"]["offset_seconds"], tz=UTC)

    def time_stamp(self, state: dict, now: datetime) -> dict[str, str]:
        # Responses carry the device's own time and Time Status (BAD 7.4.1).
        return {"device_time": self.device_time(state, now).isoformat(), "time_status": state["clock"]["status"]}

    @handles("11.2")
    def read_firmware_version(self, *, state, command, **_):
        # SRV 11.2: answered by the device; the DCC never updates the SMI from it (BAD 7.5.3).
        return Outcome(data={"firmware_version": state["firmware"]["version"], **self.time_stamp(state, command.now)})

    @handles("6.2.4")
    def read_identity(self, *, device_id, profile, state, command, **_):
        return Outcome(
            data={
                "device_id": device_id,
                "device_type": self.device_type,
                "firmware_version": state["firmware"]["version"],
                "gbcs_version": profile.gbcs_version,
                **self.time_stamp(state, command.now),
            }
        )

    @handles("8.9")
    def read_device_log(self, *, state, **_):
        # SRV 8.9 returns the Device Log and the time each entry last communicated.
        return Outcome(data={"device_log": list(state.get("device_log", []))})

    @handles("6.13")
    def read_event_log(self, *, state, command, **_):
        which = command.body.get("log", "event")
        # BAD 7.5.7: a device keeps an Event Log and a Security Log (an ALCS log on an ESME with ALCS)
        key = {"event": "event_log", "security": "security_log", "alcs": "alcs_event_log"}.get(which)
        if key is None:
            raise DeviceError("log must be 'event', 'security' or 'alcs'.", code="E13")
        entries = state.get(key, [])
        return Outcome(data={"log": which, "entries": entries[-50:]})

    @handles("3.3")
    def clear_event_log(self, *, state, command, **_):
        # SRV 3.3 clears the Event Log (or the ALCS log); never the Security Log (BAD 7.5.7).
        which = command.body.get("log", "event")
        if which == "security":
            raise DeviceError("The Security Log can never be cleared.")
        key = "alcs_event_log" if which == "alcs" else "event_log"
        cleared = len(state.get(key, []))
        state[key] = []
        return Outcome(data={"cleared": cleared, "log": which})


def device_log_add(state: dict, device_id: str, now: datetime, **extra) -> bool:
    """Add (or refresh) a Device Log entry; returns True when it was new."""
    log = state.setdefault("device_log", [])
    for entry in log:
        if entry["device_id"] == device_id:
            entry["last_communicated"] = now.isoformat()
            entry.update(extra)
            return False
    log.append({"device_id": device_id, "added_at": now.isoformat(), "last_communicated": now.isoformat(), **extra})
    return True


def device_log_remove(state: dict, device_id: str) -> bool:
    log = state.setdefault("device_log", [])
    kept = [e for e in log if e["device_id"] != device_id]
    state["device_log"] = kept
    return len(kept) != len(log)


def device_log_has(state: dict, device_id: str) -> bool:
    return any(e["device_id"] == device_id for e in state.get("device_log", []))


def _srv_sort_key(srv: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in srv.split("."))


def parse_time(value: Any, *, field_name: str) -> datetime:
    """Parse an ISO 8601 date-time from a command body (aware, UTC)."""
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError as exc:
            # E13, the body failed validation (D-DEV-05): here at the device.
            raise DeviceError(f"{field_name} is not an ISO 8601 date-time.", code="E13") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
