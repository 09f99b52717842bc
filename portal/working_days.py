"""Working Days and Working Hours in England and Wales.

A Working Day is a day that is not a Saturday, a Sunday or an England and Wales bank holiday
(the ``holidays`` package, subdivision ENG, which carries the same bank holidays as Wales).
Working Hours are ``PORTAL_WORKING_HOURS_START``..``END`` on a Working Day, in Europe/London
(docs/decisions.md D-004). Every function takes and returns aware datetimes; arithmetic is done
in local time so that clock changes move nothing by an hour.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """The first Working Day strictly after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """``day`` moved by ``count`` Working Days (negative goes back). ``count=0`` returns ``day``."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working Days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def nth_working_day_before_last(year: int, month: int, n: int) -> date:
    """The n-th Working Day before the last Working Day of a month (CH ordering deadlines)."""
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    while not is_working_day(last):
        last -= timedelta(days=1)
    return add_working_days(last, -n)


def _hours() -> tuple[time, time]:
    start = time.fromisoformat(settings.PORTAL_WORKING_HOURS_START)
    end = time.fromisoformat(settings.PORTAL_WORKING_HOURS_END)
    return start, end


def add_working_days_at(moment: datetime, count: int) -> datetime:
    """An aware datetime ``count`` Working Days later at the same London wall-clock time."""
    local = moment.astimezone(LONDON)
    target = add_working_days(local.date(), count)
    return datetime.combine(target, local.time(), tzinfo=LONDON)


def add_working_hours(moment: datetime, hours: float) -> datetime:
    """Move forward by ``hours`` of Working Hours, skipping nights, weekends and bank holidays."""
    start_t, end_t = _hours()
    remaining = timedelta(hours=hours)
    local = moment.astimezone(LONDON)
    while True:
        day = local.date()
        open_at = datetime.combine(day, start_t, tzinfo=LONDON)
        close_at = datetime.combine(day, end_t, tzinfo=LONDON)
        if not is_working_day(day) or local >= close_at:
            local = datetime.combine(next_working_day(day), start_t, tzinfo=LONDON)
            continue
        local = max(local, open_at)
        available = close_at - local
        if remaining <= available:
            return local + remaining
        remaining -= available
        local = datetime.combine(next_working_day(day), start_t, tzinfo=LONDON)


def working_time_between(start: datetime, end: datetime) -> timedelta:
    """How much Working Hours time lies between two aware datetimes (0 when end <= start)."""
    if end <= start:
        return timedelta(0)
    start_t, end_t = _hours()
    total = timedelta(0)
    local, stop = start.astimezone(LONDON), end.astimezone(LONDON)
    day = local.date()
    while day <= stop.date():
        if is_working_day(day):
            open_at = max(datetime.combine(day, start_t, tzinfo=LONDON), local)
            close_at = min(datetime.combine(day, end_t, tzinfo=LONDON), stop)
            if close_at > open_at:
                total += close_at - open_at
        day += timedelta(days=1)
    return total
