"""The SLA clock computed from events: calendars, pauses, category changes, DST, bank holidays."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from incidents.choices import ClockEventKind as K
from incidents.choices import SlaState
from incidents.sla import ClockEvent, WorkingDaysCalendar, format_duration, sla_compute

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> datetime:
    """A London wall-clock time as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def test_category_2_runs_24x7():
    events = [ClockEvent(K.START, at("2026-11-20 22:00"), 2)]  # a Friday night
    figures = sla_compute(events, now=at("2026-11-21 10:00"))
    assert figures.resolution_due_at == at("2026-11-21 22:00")
    assert figures.response_due_at == at("2026-11-20 22:20")
    assert figures.elapsed == timedelta(hours=12)
    assert figures.state == SlaState.ON_TRACK
    assert figures.response_state == SlaState.BREACHED  # nobody assigned it within 20 minutes


def test_category_3_skips_weekend():
    # Friday 12:00: 12h count on Friday, none Saturday/Sunday, 24h Monday, 24h Tuesday, 12h Wednesday.
    figures = sla_compute([ClockEvent(K.START, at("2026-11-20 12:00"), 3)], now=at("2026-11-22 12:00"))
    assert figures.resolution_due_at == at("2026-11-25 12:00")
    assert figures.elapsed == timedelta(hours=12)


def test_category_4_skips_bank_holiday():
    # Wed 23 Dec 2026 09:00, 5 Working Days: 25, 26(Sat), 27(Sun), 28 (substitute holiday) do not count.
    figures = sla_compute([ClockEvent(K.START, at("2026-12-23 09:00"), 4)], now=at("2026-12-23 09:00"))
    assert figures.resolution_due_at == at("2027-01-04 09:00")


def test_pause_excludes_pending_time_and_resume_moves_deadline():
    events = [
        ClockEvent(K.START, at("2026-11-16 09:00"), 3),
        ClockEvent(K.RESPONDED, at("2026-11-16 09:30")),
        ClockEvent(K.PAUSE, at("2026-11-16 10:00")),
        ClockEvent(K.RESUME, at("2026-11-17 10:00")),
    ]
    paused = sla_compute(events[:3], now=at("2026-11-17 09:00"))
    assert paused.state == SlaState.PAUSED
    assert paused.resolution_due_at is None
    assert paused.elapsed == timedelta(hours=1)
    assert paused.remaining == timedelta(hours=71)
    resumed = sla_compute(events, now=at("2026-11-17 10:00"))
    assert resumed.resolution_due_at == at("2026-11-20 09:00")  # one day later than without the pause
    assert resumed.response_state == SlaState.MET


def test_stop_records_met_or_breached():
    start = ClockEvent(K.START, at("2026-11-16 09:00"), 1)
    met = sla_compute([start, ClockEvent(K.STOP, at("2026-11-16 12:59"))], now=at("2026-11-30 00:00"))
    assert (met.state, met.is_running, met.resolution_due_at) == (SlaState.MET, False, None)
    late = sla_compute([start, ClockEvent(K.STOP, at("2026-11-16 13:01"))], now=at("2026-11-16 13:01"))
    assert late.state == SlaState.BREACHED


def test_closing_before_assignment_is_the_initial_response():
    """D-INC-14: a prompt "not an incident" closure is a met response, whenever it is looked at."""
    start = ClockEvent(K.START, at("2026-11-16 09:00"), 3)
    closed = sla_compute([start, ClockEvent(K.STOP, at("2026-11-16 09:10"))], now=at("2026-12-30 00:00"))
    assert (closed.responded_at, closed.response_state) == (at("2026-11-16 09:10"), SlaState.MET)
    assigned_first = sla_compute(
        [start, ClockEvent(K.RESPONDED, at("2026-11-16 09:05")), ClockEvent(K.STOP, at("2026-11-16 09:10"))],
        now=at("2026-12-30 00:00"),
    )
    assert assigned_first.responded_at == at("2026-11-16 09:05")
    open_too_long = sla_compute([start], now=at("2026-12-30 00:00"))
    assert (open_too_long.responded_at, open_too_long.response_state) == (None, SlaState.BREACHED)


def test_category_change_recomputes_whole_history_deterministically():
    events = [
        ClockEvent(K.START, at("2026-11-20 12:00"), 3),
        ClockEvent(K.CATEGORY, at("2026-11-20 14:00"), 2),
    ]
    figures = sla_compute(events, now=at("2026-11-20 14:00"))
    assert figures.category == 2
    assert figures.resolution_due_at == at("2026-11-21 12:00")  # 24h from the start, 24x7
    assert sla_compute(list(reversed(events)), now=at("2026-11-20 14:00")) == figures


def test_warning_at_80_percent():
    events = [ClockEvent(K.START, at("2026-11-16 08:00"), 1)]
    assert sla_compute(events, now=at("2026-11-16 11:11")).state == SlaState.ON_TRACK
    figures = sla_compute(events, now=at("2026-11-16 11:12"))
    assert figures.warn_at == at("2026-11-16 11:12")
    assert figures.state == SlaState.WARNING
    assert sla_compute(events, now=at("2026-11-16 12:00")).state == SlaState.BREACHED


def test_restart_after_dispute_keeps_time_used():
    events = [
        ClockEvent(K.START, at("2026-11-16 08:00"), 2),
        ClockEvent(K.STOP, at("2026-11-16 18:00")),
        ClockEvent(K.RESTART, at("2026-11-18 08:00")),
    ]
    figures = sla_compute(events, now=at("2026-11-18 08:00"))
    assert figures.elapsed == timedelta(hours=10)
    assert figures.resolution_due_at == at("2026-11-18 22:00")


def test_working_days_calendar_handles_clock_change():
    cal = WorkingDaysCalendar()
    # Monday 30 March 2026 follows the spring-forward Sunday; Friday 23 Oct 2026 to Monday 26 Oct spans fall-back.
    assert cal.between(at("2026-10-23 00:00"), at("2026-10-27 00:00")) == timedelta(hours=48)
    assert cal.add(at("2026-10-23 12:00"), timedelta(hours=24)) == at("2026-10-26 12:00")
    assert cal.add(at("2026-10-23 12:00"), timedelta(hours=24)).astimezone(UTC).hour == 12  # GMT after the change


def test_start_event_is_required():
    with pytest.raises(ValueError, match="start event"):
        sla_compute([ClockEvent(K.PAUSE, at("2026-11-16 08:00"))], now=at("2026-11-16 08:00"))


@pytest.mark.parametrize(("seconds", "text"), [(59, "0m"), (3600 * 5 + 60 * 3, "5h 03m"), (-90061, "-1d 1h 01m")])
def test_format_duration(seconds, text):
    assert format_duration(timedelta(seconds=seconds)) == text


@pytest.mark.parametrize(
    ("category", "now", "label"),
    [
        (3, "2026-11-20 12:00", "1d 0h 00m left"),  # Friday noon to Monday noon: Friday pm + Monday am
        (2, "2026-11-20 12:00", "3d 0h 00m left"),  # Category 2 runs 24x7
        (3, "2026-11-24 12:00", "1d 0h 00m over"),  # Tuesday noon: one Working Day late
    ],
)
def test_queue_time_left_counts_on_the_category_calendar(time_machine, category, now, label):
    from incidents.models import Incident
    from incidents.templatetags.incident_tags import queue_sla

    time_machine.move_to(at(now), tick=False)
    incident = Incident(
        kind="incident",
        category=category,
        status="assigned",
        clock_running=True,
        resolution_due_at=at("2026-11-23 12:00"),
        resolution_remaining_seconds=0,
    )
    assert queue_sla(incident)["label"] == label
