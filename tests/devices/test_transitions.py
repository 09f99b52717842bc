"""The Service Request and Schedule lifecycles (devices/transitions.py), move by move.

EXPECTED is written out independently of ``devices.transitions.SR_MOVES``: every allowed move is
tested to succeed, and every other (from, to, trigger) combination to be refused, changing nothing.
"""

import itertools

import pytest

from devices.choices import ScheduleStatus, SRStatus
from devices.models import Schedule, ServiceRequest
from devices.transitions import (
    NEW,
    SCHEDULE_MOVES,
    SR_MOVES,
    ScheduleTrigger,
    SRTrigger,
    schedule_move,
    schedules_delete,
    sr_move,
)
from portal.exceptions import InvalidTransition

S, T = SRStatus, SRTrigger
EXPECTED = {
    (NEW, S.QUEUED, T.ACCEPT),
    (NEW, S.REJECTED, T.REJECT),
    (NEW, S.SCHEDULED, T.SCHEDULE_RUN),
    (S.QUEUED, S.FAILED, T.DEPENDENCY_FAILED),
    (S.SCHEDULED, S.FAILED, T.DEPENDENCY_FAILED),
    (S.QUEUED, S.FAILED, T.CHECK_FAILED),
    (S.SCHEDULED, S.FAILED, T.CHECK_FAILED),
    (S.QUEUED, S.AWAITING_SIGNATURE, T.TRANSFORM),
    (S.AWAITING_SIGNATURE, S.QUEUED, T.SIGN),
    (S.AWAITING_SIGNATURE, S.FAILED, T.PRE_COMMAND_EXPIRED),
    (S.QUEUED, S.QUARANTINED, T.QUARANTINE),
    (S.QUARANTINED, S.QUEUED, T.RELEASE),
    (S.QUARANTINED, S.DELETED, T.DELETE),
    (S.QUARANTINED, S.DELETED, T.QUARANTINE_EXPIRED),
    (S.QUEUED, S.LOCAL_DELIVERY, T.LOCAL_DELIVERY),
    (S.QUEUED, S.SCHEDULED, T.HOLD),
    (S.QUEUED, S.SENDING, T.SEND),
    (S.SCHEDULED, S.SENDING, T.SEND),
    (S.SENDING, S.FAILED, T.UNDELIVERABLE),
    (S.SENDING, S.COMPLETED, T.RESPONDED),
    (S.SENDING, S.FAILED, T.RESPONDED),
    (S.SENDING, S.FAILED, T.COMMS_FAILED),
    (S.QUEUED, S.COMPLETED, T.EXECUTED),
    (S.QUEUED, S.FAILED, T.EXECUTED),
    (S.QUEUED, S.CANCELLED, T.CANCEL),
    (S.SCHEDULED, S.CANCELLED, T.CANCEL),
    (S.AWAITING_SIGNATURE, S.CANCELLED, T.CANCEL),
    (S.QUARANTINED, S.CANCELLED, T.CANCEL),
    (S.QUEUED, S.COMPLETED, T.CANCELLATION),
    (S.QUEUED, S.FAILED, T.ABANDON),
    (S.SCHEDULED, S.FAILED, T.ABANDON),
    (S.SENDING, S.FAILED, T.ABANDON),
}
EVERY_MOVE = list(itertools.product([NEW, *S.values], S.values, list(T)))
FORBIDDEN = [move for move in EVERY_MOVE if move not in EXPECTED]


def _request(status: str) -> ServiceRequest:
    return ServiceRequest(
        request_id="90-B3-D5-1F-30-01-00-01:00-DB-00-00-00-00-00-01:1", srv_code="4.1.1", status=status
    )


def test_the_table_is_the_expected_lifecycle():
    assert {(s, m.to, m.trigger) for m in SR_MOVES for s in m.sources} == EXPECTED
    assert len(FORBIDDEN) == len(EVERY_MOVE) - len(EXPECTED)


def test_every_row_cites_its_clause():
    assert [m for m in (*SR_MOVES, *SCHEDULE_MOVES) if not m.clause.startswith(("App ", "SEC ", "BAD ", "D-"))] == []


def test_terminal_statuses_are_left_by_no_move():
    terminal = {S.REJECTED, S.COMPLETED, S.FAILED, S.CANCELLED, S.DELETED, S.LOCAL_DELIVERY}
    assert {source for source, _, _ in EXPECTED} & terminal == set()
    assert {to for _, to, _ in EXPECTED} == set(S.values)  # every status can be reached


@pytest.mark.parametrize(("source", "to", "trigger"), sorted(EXPECTED))
def test_allowed_move(source, to, trigger):
    sr = _request(source)
    sr_move(sr, to, trigger)
    assert sr.status == to


@pytest.mark.parametrize(("source", "to"), list(itertools.product([NEW, *S.values], S.values)))
def test_forbidden_moves_change_nothing(source, to):
    """Every trigger the table has no row for, between these two statuses, is refused."""
    refused = []
    for trigger in T:
        if (source, to, trigger) in EXPECTED:
            continue
        sr = _request(source)
        with pytest.raises(InvalidTransition) as err:
            sr_move(sr, to, trigger)
        assert err.value.code == "servicerequest.invalid_transition"
        assert err.value.extra == {"from": source, "to": to, "trigger": str(trigger)}
        assert sr.status == source
        refused.append(trigger)
    assert len(refused) == len(T) - len({t for s_, to_, t in EXPECTED if (s_, to_) == (source, to)})


SCHEDULE_EXPECTED = {
    (ScheduleStatus.ACTIVE, ScheduleStatus.ENDED, ScheduleTrigger.END_DATE),
    (ScheduleStatus.ACTIVE, ScheduleStatus.DELETED, ScheduleTrigger.DELETE),
    (ScheduleStatus.ACTIVE, ScheduleStatus.DELETED, ScheduleTrigger.PURGE),
}


@pytest.mark.parametrize(
    ("source", "to", "trigger"),
    list(itertools.product(ScheduleStatus.values, ScheduleStatus.values, list(ScheduleTrigger))),
)
def test_schedule_moves(source, to, trigger):
    schedule = Schedule(schedule_id="S00000001", status=source)
    if (source, to, trigger) in SCHEDULE_EXPECTED:
        schedule_move(schedule, to, trigger, reason="why " * 80)
        assert (schedule.status, len(schedule.ended_reason)) == (to, 200)
    else:
        with pytest.raises(InvalidTransition):
            schedule_move(schedule, to, trigger, reason="why")
        assert (schedule.status, schedule.ended_reason) == (source, "")


@pytest.mark.django_db
def test_schedules_delete_is_a_compare_and_set_on_the_stored_status(catalogue, supplier_party):
    from tests.factories.devices import ScheduleFactory

    first, second = ScheduleFactory.create_batch(2, party=supplier_party)
    Schedule.objects.filter(pk=second.pk).update(status=ScheduleStatus.ENDED)  # ended by another transaction
    assert schedules_delete([first, second], trigger=ScheduleTrigger.DELETE, reason="deleted by 5.3") == 1
    assert dict(Schedule.objects.values_list("pk", "status")) == {
        first.pk: ScheduleStatus.DELETED,
        second.pk: ScheduleStatus.ENDED,
    }
