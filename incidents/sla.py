"""The SLA clock: deadlines derived deterministically from recorded clock events.

Nothing here reads the database or the wall clock. ``sla_compute`` takes the incident's clock
events (start, responded, pause, resume, stop, restart, category) and a moment ``now`` and
returns every figure the portal shows, so the same history always gives the same answer, and a
category or calendar change is handled by recomputing from the events (ANCHORS.md part C: the
SLA engine is an event log, "deadline" and "elapsed" are kept apart).

Rules implemented:
- the resolution clock excludes time while the incident is pending with an Incident Party
  (App AG 2.5.6(c));
- the category in force when the figures are computed applies to the whole history (the DCC
  re-categorises "as information emerges", App AG 2.4.6, and the targets follow);
- Target Initial Response = recorded on the log and assigned to a resolver (glossary).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from portal import working_days

from .choices import ClockEventKind, SlaState

LONDON = ZoneInfo("Europe/London")
ZERO = timedelta(0)


class Calendar:
    """How much time counts between two instants, and the inverse (add counted time)."""

    name = "continuous"
    label = "24x7: every minute counts"

    def between(self, start: datetime, end: datetime) -> timedelta:
        return max(end - start, ZERO)

    def add(self, start: datetime, amount: timedelta) -> datetime:
        return start + amount


def _day_start(day) -> datetime:
    """Midnight at the start of a London calendar day, as UTC (23- and 25-hour days are right)."""
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


class WorkingDaysCalendar(Calendar):
    """Only time on Working Days counts: whole London days, weekends and bank holidays skipped."""

    name = "working_days"
    label = "Working Days: weekends and England and Wales bank holidays do not count"

    def between(self, start: datetime, end: datetime) -> timedelta:
        if end <= start:
            return ZERO
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        total, day = ZERO, start.astimezone(LONDON).date()
        last = end.astimezone(LONDON).date()
        while day <= last:
            if working_days.is_working_day(day):
                lo = max(_day_start(day), start)
                hi = min(_day_start(day + timedelta(days=1)), end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total

    def add(self, start: datetime, amount: timedelta) -> datetime:
        moment, remaining = start.astimezone(UTC), amount
        while True:
            day = moment.astimezone(LONDON).date()
            day_end = _day_start(day + timedelta(days=1))
            if working_days.is_working_day(day):
                available = day_end - moment
                if remaining <= available:
                    return moment + remaining
                remaining -= available
            moment = day_end


class WorkingHoursCalendar(Calendar):
    """Only Working Hours on Working Days count (``portal.working_days``)."""

    name = "working_hours"
    label = "Working Hours on Working Days"

    def between(self, start: datetime, end: datetime) -> timedelta:
        return working_days.working_time_between(start, end)

    def add(self, start: datetime, amount: timedelta) -> datetime:
        return working_days.add_working_hours(start, amount.total_seconds() / 3600).astimezone(UTC)


CALENDARS: dict[str, Calendar] = {c.name: c for c in (Calendar(), WorkingDaysCalendar(), WorkingHoursCalendar())}


@dataclass(frozen=True)
class Target:
    """The targets of one Incident Category."""

    category: int
    response: timedelta
    resolution: timedelta
    calendar: Calendar


def target_for(category: int) -> Target:
    """The configured targets of ``category`` (``INCIDENTS_SLA_TARGETS``, BAD Table 16)."""
    row = settings.INCIDENTS_SLA_TARGETS[int(category)]
    return Target(
        category=int(category),
        response=timedelta(minutes=row["response_minutes"]),
        resolution=timedelta(minutes=row["resolution_minutes"]),
        calendar=CALENDARS[row["calendar"]],
    )


@dataclass(frozen=True)
class ClockEvent:
    """One recorded clock transition (a row of ``IncidentClockEvent``, or a test's literal)."""

    kind: str
    at: datetime
    category: int | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch of time while the resolution clock ran; ``end`` None means still running."""

    start: datetime
    end: datetime | None
    counted: timedelta


@dataclass(frozen=True)
class SlaFigures:
    """Every SLA figure of one incident at one moment."""

    category: int
    target: Target
    started_at: datetime
    responded_at: datetime | None
    response_due_at: datetime
    response_state: str
    elapsed: timedelta
    remaining: timedelta
    is_running: bool
    is_stopped: bool
    resolution_due_at: datetime | None
    warn_at: datetime | None
    state: str
    segments: tuple[Segment, ...] = field(default=())

    @property
    def percent_used(self) -> int:
        return int(100 * self.elapsed / self.target.resolution) if self.target.resolution else 0


def _order(events: Iterable[ClockEvent]) -> list[ClockEvent]:
    return sorted(events, key=lambda e: e.at)  # stable: same-instant events keep recorded order


def _final_category(events: Sequence[ClockEvent]) -> int:
    category = None
    for event in events:
        if event.kind in (ClockEventKind.START, ClockEventKind.CATEGORY) and event.category:
            category = event.category
    if category is None:
        raise ValueError("A clock history needs a start event carrying the category.")
    return category


def _segments(events: Sequence[ClockEvent], calendar: Calendar, now: datetime) -> tuple[list[Segment], bool, bool]:
    segments: list[Segment] = []
    running_since: datetime | None = None
    stopped = False
    for event in events:
        if event.kind in (ClockEventKind.START, ClockEventKind.RESUME, ClockEventKind.RESTART):
            if running_since is None:
                running_since, stopped = event.at, False
        elif event.kind in (ClockEventKind.PAUSE, ClockEventKind.STOP):
            if running_since is not None:
                segments.append(Segment(running_since, event.at, calendar.between(running_since, event.at)))
                running_since = None
            stopped = event.kind == ClockEventKind.STOP
    if running_since is not None:
        segments.append(Segment(running_since, None, calendar.between(running_since, now)))
    return segments, running_since is not None, stopped


def sla_compute(events: Iterable[ClockEvent], *, now: datetime, warning_fraction: float | None = None) -> SlaFigures:
    """Figures for a clock history at ``now`` (pure; raises ValueError without a start event)."""
    ordered = _order(events)
    target = target_for(_final_category(ordered))
    calendar = target.calendar
    fraction = settings.INCIDENTS_SLA_WARNING_FRACTION if warning_fraction is None else warning_fraction
    started_at = next(e.at for e in ordered if e.kind == ClockEventKind.START)
    # D-INC-14: closing or resolving before anyone was assigned (e.g. "not an incident", App AG
    # 2.5.8) answers the raiser, so the first stop counts as the initial response.
    responded_at = next((e.at for e in ordered if e.kind in (ClockEventKind.RESPONDED, ClockEventKind.STOP)), None)
    response_due_at = calendar.add(started_at, target.response)
    if responded_at is not None:
        response_state = SlaState.MET if responded_at <= response_due_at else SlaState.BREACHED
    else:
        response_state = SlaState.BREACHED if now >= response_due_at else SlaState.ON_TRACK

    segments, running, stopped = _segments(ordered, calendar, now)
    elapsed = sum((s.counted for s in segments), ZERO)
    remaining = target.resolution - elapsed
    due_at = warn_at = None
    if running:
        open_segment = segments[-1]
        closed_elapsed = elapsed - open_segment.counted
        due_at = calendar.add(open_segment.start, max(target.resolution - closed_elapsed, ZERO))
        warn_at = calendar.add(open_segment.start, max(target.resolution * fraction - closed_elapsed, ZERO))
    if elapsed > target.resolution or (running and now >= due_at):
        state = SlaState.BREACHED
    elif stopped:
        state = SlaState.MET
    elif not running:
        state = SlaState.PAUSED
    elif now >= warn_at:
        state = SlaState.WARNING
    else:
        state = SlaState.ON_TRACK
    return SlaFigures(
        category=target.category,
        target=target,
        started_at=started_at,
        responded_at=responded_at,
        response_due_at=response_due_at,
        response_state=response_state,
        elapsed=elapsed,
        remaining=remaining,
        is_running=running,
        is_stopped=stopped,
        resolution_due_at=due_at,
        warn_at=warn_at,
        state=state,
        segments=tuple(segments),
    )


def format_duration(value: timedelta) -> str:
    """``1d 4h 05m`` style, with a leading minus for overdue amounts."""
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{sign}{days}d {hours}h {minutes:02d}m"
    if hours:
        return f"{sign}{hours}h {minutes:02d}m"
    return f"{sign}{minutes}m"
