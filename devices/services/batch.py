"""One pass of the pipeline: the requests it claimed and everything loaded for them, once.

A :class:`Batch` is built after the claim and handed to every stage. It loads the SMI devices the
requests name in one go, answers Registration Data questions for the whole batch at once, holds
the locked device emulations, and gathers what the batch writes at the end of its transaction
(responses and outbox messages in ``writes``, device alerts in ``alerts``, emulations in
``touched``). It is also the HAN the firmware sees (``devices.firmware.base.Han``): the other
devices a command touches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from inventory.selectors import ResponsibleParties

from ..firmware.base import Peer
from ..models import AnomalyThreshold, ServiceReferenceVariant, ServiceRequest
from ..smi import Device, devices_by_id, responsible_for
from .alerts import DeviceAlertOut
from .estate import Handle, emulations_lock
from .outcomes import Writes


def claimed_variant(sr: ServiceRequest) -> ServiceReferenceVariant:
    """The catalogue variant of a request the pipeline claimed: every accepted request has one."""
    variant = sr.variant
    if variant is None:
        raise ValueError(f"{sr.request_id} names no Service Reference Variant; only accepted requests are claimed.")
    return variant


@dataclass
class AnomalyCounts:
    """Threshold Anomaly Detection state of one batch (``services.tad``): one query per kind, not per request."""

    # Active thresholds of the batch's Parties and the DCC-wide ones, by (Party pk or None, SRV).
    table: dict[tuple[int | None, str], list[AnomalyThreshold]] | None = None
    # The thresholds that apply to a (Party pk, SRV), in checking order.
    applicable: dict[tuple[int, str], list[AnomalyThreshold]] = field(default_factory=dict)
    # Items counted so far per (threshold pk, Party pk, SRV), this batch's included.
    counts: dict[tuple[int | None, int, str], int] = field(default_factory=dict)


@dataclass(eq=False)
class Batch:
    """Everything one pass needs, loaded once: SMI devices, emulations, responsibilities."""

    requests: list[ServiceRequest]
    now: datetime
    writes: Writes = field(default_factory=Writes)
    alerts: list[DeviceAlertOut] = field(default_factory=list)
    # Device IDs named in request bodies (8.11 adds one to a hub's log, joins name a partner).
    named: set[str] = field(init=False)
    # SMI devices by Device ID: targets, their hubs and the named devices (more loaded on demand).
    smi: dict[str, Device] = field(init=False)
    # Locked emulations by Device ID, and those whose state or faults this batch changed.
    handles: dict[str, Handle] = field(default_factory=dict)
    touched: dict[str, Handle] = field(default_factory=dict)
    anomaly: AnomalyCounts = field(default_factory=AnomalyCounts)
    _responsible: dict[tuple[int, datetime | None], ResponsibleParties] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Targets and their hubs, plus the devices named in bodies: one query instead of one per request.
        self.named = {r.body["device_id"] for r in self.requests if isinstance(r.body.get("device_id"), str)}
        self.smi = devices_by_id({r.target_device_id for r in self.requests} | self.named)

    def responsible(self, device: Device, at: datetime) -> ResponsibleParties:
        """Registration Data answers, for the whole batch at once when asked about "now"."""
        if at == self.now:
            key: tuple[int, datetime | None] = (device.pk, None)
            if key not in self._responsible:
                missing = [d for d in self.smi.values() if (d.pk, None) not in self._responsible]
                missing = missing if device in missing else [*missing, device]
                self._responsible.update({(pk, None): rp for pk, rp in responsible_for(missing, at=at).items()})
            return self._responsible[key]
        key = (device.pk, at)
        if key not in self._responsible:
            self._responsible[key] = responsible_for([device], at=at)[device.pk]
        return self._responsible[key]

    def emulation(self, device_id: str) -> Handle | None:
        """The locked emulation of a device (locked and loaded on first use)."""
        if device_id not in self.handles:
            self.handles.update(emulations_lock([device_id], smi=self.smi, now=self.now))
        return self.handles.get(device_id)

    def peer_smi(self, device_id: str) -> Device | None:
        """An SMI Device by ID (loaded on first use)."""
        if device_id and device_id not in self.smi:
            self.smi.update(devices_by_id([device_id]))
        return self.smi.get(device_id)

    def peer(self, device_id: str) -> Handle | None:
        """A device on the HAN a command touches; an unreachable (fault) or unpowered one does not answer."""
        if self.peer_smi(device_id) is None:
            return None
        handle = self.emulation(device_id)
        if handle is None or handle.faults.get("unreachable") or not handle.row.is_powered:
            return None
        return handle

    def mark_dirty(self, peer: Peer) -> None:
        """A peer's state changed: its emulation is written back with the batch."""
        self.touched[peer.device_id] = self.handles[peer.device_id]
