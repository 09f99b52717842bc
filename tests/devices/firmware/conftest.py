"""A bench for the emulated firmware: devices with their state, a HAN of peers, a clock. No database."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from devices.firmware import Command, Outcome, Profile, firmware_for

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
IDS = {
    "ESME": "00-DB-22-00-00-00-00-01",
    "GSME": "00-DB-22-00-00-00-00-02",
    "PPMID": "00-DB-22-00-00-00-00-03",
    "HCALCS": "00-DB-22-00-00-00-00-04",
    "IHD": "00-DB-22-00-00-00-00-05",
    "CHF": "00-DB-11-00-00-00-00-01",
    "GPF": "00-DB-11-00-00-00-00-02",
}


@dataclass
class Emulated:
    """One device as the pipeline hands it to its firmware (a ``Peer`` to the others)."""

    device_id: str
    device_type: str
    state: dict[str, Any]
    profile: Profile


@dataclass
class Han:
    """The other devices a command may reach; records which ones it changed."""

    peers: dict[str, Emulated] = field(default_factory=dict)
    dirty: list[str] = field(default_factory=list)

    def peer(self, device_id: str) -> Emulated | None:
        return self.peers.get(device_id)

    def mark_dirty(self, peer) -> None:
        self.dirty.append(peer.device_id)


def emulate(device_type: str, *, profile: Profile | None = None, now: datetime = NOW) -> Emulated:
    profile = profile or Profile()
    device_id = IDS[device_type]
    state = firmware_for(device_type).initial_state(device_id=device_id, profile=profile, now=now)
    return Emulated(device_id, device_type, state, profile)


def run(
    device: Emulated, srv: str, body: dict | None = None, *, han: Han | None = None, at: datetime = NOW
) -> Outcome:
    """Execute one command on ``device`` (raises DeviceError for a failure answer, as the firmware does)."""
    return firmware_for(device.device_type).execute(
        device_id=device.device_id,
        state=device.state,
        profile=device.profile,
        command=Command(srv=srv, body=body or {}, now=at, request_id=f"rid-{srv}"),
        han=han or Han(),
    )
