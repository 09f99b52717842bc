"""The only place a Service Request's or a DCC Schedule's status changes: two literal tables.

Service Request (App AB 6-16; BAD 7.8.4-7.8.5)::

    (new) --accept--> queued                      (new) --reject--> rejected
    (new) --schedule run--> scheduled
    queued --transform--> awaiting_signature --sign--> queued
    queued --quarantine--> quarantined --release--> queued
    queued --hold--> scheduled
    queued | scheduled --send--> sending --responded--> completed | failed
    queued --local delivery--> local_delivery
    queued --executed (Non-Device)--> completed | failed
    ...and the failures, cancellations and deletions of the table below.

Schedule (App AB 16.1(d)(iv))::  active --end date--> ended;  active --delete | purge--> deleted

The pipeline moves thousands of requests a second, so a move here is a check against the table (a
set look-up, no query) and an assignment to the in-memory row. The caller holds the row lock
(``select_for_update``) and writes the rows with its bulk writer (``portal.bulk.bulk_set``) in
the same transaction; ``SR_UPDATE_FIELDS`` in ``services.outcomes`` names the columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from portal.exceptions import InvalidTransition

from .choices import ScheduleStatus, SRStatus
from .models import Schedule, ServiceRequest

S = SRStatus
# A request being created has no status yet.
NEW = ""


class SRTrigger(StrEnum):
    """What moved a Service Request: the step of the DCC's processing that decided it."""

    ACCEPT = "accept"
    REJECT = "reject"
    SCHEDULE_RUN = "schedule_run"
    DEPENDENCY_FAILED = "dependency_failed"
    CHECK_FAILED = "check_failed"
    TRANSFORM = "transform"
    SIGN = "sign"
    PRE_COMMAND_EXPIRED = "pre_command_expired"
    QUARANTINE = "quarantine"
    RELEASE = "release"
    DELETE = "delete"
    QUARANTINE_EXPIRED = "quarantine_expired"
    LOCAL_DELIVERY = "local_delivery"
    HOLD = "hold"
    SEND = "send"
    UNDELIVERABLE = "undeliverable"
    RESPONDED = "responded"
    COMMS_FAILED = "comms_failed"
    EXECUTED = "executed"
    CANCEL = "cancel"
    CANCELLATION = "cancellation"
    ABANDON = "abandon"


class ScheduleTrigger(StrEnum):
    END_DATE = "end_date"
    DELETE = "delete"
    PURGE = "purge"


T = SRTrigger


@dataclass(frozen=True)
class Move:
    """One row of a lifecycle table: from any of ``sources`` to ``to`` when ``trigger`` happens."""

    sources: frozenset[str]
    to: str
    trigger: str
    clause: str


def _m(sources: Iterable[str], to: str, trigger: str, clause: str) -> Move:
    return Move(frozenset(sources), to, trigger, clause)


SR_MOVES: tuple[Move, ...] = (
    # Intake: every request is stored, rejected ones too (D-DEV-06).
    _m([NEW], S.QUEUED, T.ACCEPT, "App AB 6.1(a)-(b)"),
    _m([NEW], S.REJECTED, T.REJECT, "App AB 6.3"),
    _m([NEW], S.SCHEDULED, T.SCHEDULE_RUN, "App AB 16.1(d)(iv)"),
    # Sequenced requests: the one depended on did not succeed (N14).
    _m([S.QUEUED, S.SCHEDULED], S.FAILED, T.DEPENDENCY_FAILED, "BAD 7.8.5.4.1"),
    # The checks of AB 6.1, fail-fast; at the execution date-time eligibility again (N7).
    _m([S.QUEUED, S.SCHEDULED], S.FAILED, T.CHECK_FAILED, "App AB 6.3"),
    # Critical requests: the Pre-Command goes to the User, the Signed Pre-Command comes back.
    _m([S.QUEUED], S.AWAITING_SIGNATURE, T.TRANSFORM, "App AB 6.4(b)"),
    _m([S.AWAITING_SIGNATURE], S.QUEUED, T.SIGN, "App AB 7.1"),
    _m([S.AWAITING_SIGNATURE], S.FAILED, T.PRE_COMMAND_EXPIRED, "D-ARCH-03"),
    # Threshold Anomaly Detection: quarantine until the User releases or deletes, or it expires.
    _m([S.QUEUED], S.QUARANTINED, T.QUARANTINE, "App AB 12.3"),
    _m([S.QUARANTINED], S.QUEUED, T.RELEASE, "App AB 12.3(a)"),
    _m([S.QUARANTINED], S.DELETED, T.DELETE, "App AB 12.3"),
    _m([S.QUARANTINED], S.DELETED, T.QUARANTINE_EXPIRED, "D-DEV-07"),
    # The command goes to the User only (an HHT delivers it).
    _m([S.QUEUED], S.LOCAL_DELIVERY, T.LOCAL_DELIVERY, "BAD 7.8.4.4.4"),
    # Future Dated (DSP): the DCC holds the request until its execution date-time.
    _m([S.QUEUED], S.SCHEDULED, T.HOLD, "D-DEV-14"),
    _m([S.QUEUED, S.SCHEDULED], S.SENDING, T.SEND, "App AB 13.2"),
    # At the device: no route through a Commissioned CHF, the device's answer, or no answer at all.
    _m([S.SENDING], S.FAILED, T.UNDELIVERABLE, "App AB 13.2(a)"),
    _m([S.SENDING], S.COMPLETED, T.RESPONDED, "App AB 15.1"),
    _m([S.SENDING], S.FAILED, T.RESPONDED, "App AB 15.1"),
    _m([S.SENDING], S.FAILED, T.COMMS_FAILED, "BAD 7.8.5.4.1"),
    # Non-Device requests: the DCC does the work itself and answers.
    _m([S.QUEUED], S.COMPLETED, T.EXECUTED, "App AB 16.1(d)"),
    _m([S.QUEUED], S.FAILED, T.EXECUTED, "App AB 16.1(d)"),
    # The DCC cancels what it has not sent yet (CoT, suspension, decommission, withdrawal).
    _m([S.QUEUED, S.SCHEDULED, S.AWAITING_SIGNATURE, S.QUARANTINED], S.CANCELLED, T.CANCEL, "App AB 14.1"),
    # A future-dated cancellation request (DUIS's 3000-12-31) completes once it has cancelled.
    _m([S.QUEUED], S.COMPLETED, T.CANCELLATION, "D-DUIS-13"),
    # A request the pipeline cannot process at all (a poison request) fails with E20 (D-DUIS-02).
    _m([S.QUEUED, S.SCHEDULED, S.SENDING], S.FAILED, T.ABANDON, "D-ARCH-02"),
)

SCHEDULE_MOVES: tuple[Move, ...] = (
    _m([ScheduleStatus.ACTIVE], ScheduleStatus.ENDED, ScheduleTrigger.END_DATE, "App AB 16.1(d)(iv)"),
    _m([ScheduleStatus.ACTIVE], ScheduleStatus.DELETED, ScheduleTrigger.DELETE, "BAD 7.8.3"),
    _m([ScheduleStatus.ACTIVE], ScheduleStatus.DELETED, ScheduleTrigger.PURGE, "App AB 14.1"),
)


def _index(moves: tuple[Move, ...]) -> frozenset[tuple[str, str, str]]:
    return frozenset((source, move.to, move.trigger) for move in moves for source in move.sources)


_SR_ALLOWED = _index(SR_MOVES)
_SCHEDULE_ALLOWED = _index(SCHEDULE_MOVES)


def sr_allowed(source: str, to: str, trigger: str) -> bool:
    return (source, to, trigger) in _SR_ALLOWED


def sr_move(sr: ServiceRequest, to: str, trigger: SRTrigger) -> None:
    """Move ``sr`` (locked by the caller, written by the caller's bulk writer) to ``to``.

    Raises ``InvalidTransition`` when the table has no such row; nothing is changed then.
    """
    if (sr.status, to, trigger) not in _SR_ALLOWED:
        raise InvalidTransition(
            f"A Service Request cannot go from {sr.status or 'new'} to {to} by {trigger}.",
            code="servicerequest.invalid_transition",
            extra={"from": sr.status, "to": to, "trigger": str(trigger)},
        )
    sr.status = to


def schedule_move(schedule: Schedule, to: str, trigger: ScheduleTrigger, *, reason: str) -> None:
    """Move one Schedule in memory (its caller bulk-writes ``status`` and ``ended_reason``)."""
    if (schedule.status, to, trigger) not in _SCHEDULE_ALLOWED:
        raise InvalidTransition(
            f"A DCC Schedule cannot go from {schedule.status} to {to} by {trigger}.",
            code="schedule.invalid_transition",
            extra={"from": schedule.status, "to": to, "trigger": str(trigger)},
        )
    schedule.status, schedule.ended_reason = to, reason[:200]


def schedules_delete(schedules: list[Schedule], *, trigger: ScheduleTrigger, reason: str) -> int:
    """Delete active schedules in one UPDATE, compare-and-set on their status; returns how many moved."""
    for schedule in schedules:
        schedule_move(schedule, ScheduleStatus.DELETED, trigger, reason=reason)
    if not schedules:
        return 0
    return Schedule.objects.filter(pk__in=[s.pk for s in schedules], status=ScheduleStatus.ACTIVE).update(
        status=ScheduleStatus.DELETED, ended_reason=reason[:200]
    )
