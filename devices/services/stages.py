"""The Service Request pipeline as a list of stages: what the DCC does with a request, in order.

A stage acts on a request when its guard says so (mostly: the request's status). It returns True
when the request goes on to the next stage in this pass, and False when it stops here: finished
(its Service Response written), parked (waiting for a dependency, a signature or the User's
quarantine decision) or due again later (``due_at``). Every status change a stage makes goes
through ``devices.transitions``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..choices import SRKind, SRStatus
from ..constants import FUTURE_DATED_CANCELLATION_AT
from ..models import ServiceRequest
from . import checks, nondevice, schedules, sending, signing, tad
from .batch import Batch, claimed_variant

Guard = Callable[[ServiceRequest], bool]
Step = Callable[[ServiceRequest, Batch], bool]


@dataclass(frozen=True)
class Stage:
    """One step of the DCC's processing: ``run`` acts on the requests ``applies`` selects."""

    name: str
    clause: str
    applies: Guard
    run: Step


def _unchecked_dependant(sr: ServiceRequest) -> bool:
    return sr.depends_on_id is not None and sr.status in (SRStatus.QUEUED, SRStatus.SCHEDULED) and not sr.checked_at


def _non_device(sr: ServiceRequest) -> bool:
    return claimed_variant(sr).kind == SRKind.NON_DEVICE


def _queued_unsigned(sr: ServiceRequest) -> bool:
    return sr.status == SRStatus.QUEUED and sr.signed_at is None


def _queued_critical_unsigned(sr: ServiceRequest) -> bool:
    return sr.status == SRStatus.QUEUED and sr.signed_at is None and claimed_variant(sr).is_critical


def _queued_for_anomaly_detection(sr: ServiceRequest) -> bool:
    # Critical requests: the Signed Pre-Command; Non-Critical ones whose responses carry encrypted data.
    return sr.status == SRStatus.QUEUED and (sr.signed_at is not None or claimed_variant(sr).is_sensitive)


def _queued_local(sr: ServiceRequest) -> bool:
    return sr.status == SRStatus.QUEUED and sr.command_variant in sending.LOCAL_CVS


def _queued_cancellation(sr: ServiceRequest) -> bool:
    return sr.status == SRStatus.QUEUED and sr.execute_at == FUTURE_DATED_CANCELLATION_AT


def _cancel_future_dated(sr: ServiceRequest, b: Batch) -> bool:
    schedules.future_dated_cancel(sr=sr, writes=b.writes)
    return False


def _queued(sr: ServiceRequest) -> bool:
    return sr.status == SRStatus.QUEUED


def _scheduled(sr: ServiceRequest) -> bool:
    return sr.status == SRStatus.SCHEDULED


def _sending(sr: ServiceRequest) -> bool:
    return sr.status == SRStatus.SENDING


STAGES: tuple[Stage, ...] = (
    Stage("dependency", "BAD 7.8.5.4.1", _unchecked_dependant, checks.dependency_ready),
    Stage("non-device checks", "App AB 16.1(b)", _non_device, checks.non_device_checks),
    Stage("non-device execution", "App AB 16.1(d)", _non_device, nondevice.execute),
    Stage("device checks", "App AB 6.1", _queued_unsigned, checks.device_checks),
    Stage("transform", "App AB 6.4(b)", _queued_critical_unsigned, signing.issue_pre_command),
    Stage("anomaly detection", "App AB 13.1", _queued_for_anomaly_detection, tad.check),
    Stage("local delivery", "BAD 7.8.4.4.4", _queued_local, sending.deliver_locally),
    Stage("future-dated cancellation", "D-DUIS-13", _queued_cancellation, _cancel_future_dated),
    Stage("hold or send", "App AB 13.2", _queued, sending.hold_or_send),
    Stage("execution date checks", "SEC H3.12", _scheduled, checks.execution_date_checks),
    Stage("send at the execution date-time", "App AB 13.2", _scheduled, sending.dispatch),
    Stage("device", "App AB 13.2(a)", _sending, sending.send),
)


def run_stages(sr: ServiceRequest, b: Batch, stages: tuple[Stage, ...] = STAGES) -> None:
    """Take ``sr`` through every stage that applies to it, until one stops it."""
    for stage in stages:
        if stage.applies(sr) and not stage.run(sr, b):
            return
