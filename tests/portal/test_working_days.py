from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal import working_days as wd

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 24), True),  # Thursday
        (date(2026, 12, 25), False),  # Christmas Day (Friday)
        (date(2026, 12, 26), False),  # Saturday
        (date(2026, 12, 28), False),  # Boxing Day substitute (Monday)
        (date(2026, 12, 29), True),
        (date(2027, 8, 30), False),  # Summer bank holiday (England and Wales)
        (date(2027, 8, 2), True),  # Scotland's summer holiday is not ours
    ],
)
def test_is_working_day(day, working):
    assert wd.is_working_day(day) is working


def test_add_working_days_skips_christmas_and_weekend():
    assert wd.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert wd.add_working_days(date(2026, 12, 24), 3) == date(2026, 12, 31)
    assert wd.add_working_days(date(2026, 12, 29), -1) == date(2026, 12, 24)
    assert wd.add_working_days(date(2026, 12, 24), 0) == date(2026, 12, 24)


def test_working_days_between():
    assert wd.working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3
    assert wd.working_days_between(date(2026, 12, 31), date(2026, 12, 24)) == 0


def test_add_working_hours_carries_over_nights_and_weekends():
    friday_5pm = datetime(2026, 11, 20, 17, 0, tzinfo=LONDON)
    assert wd.add_working_hours(friday_5pm, 2) == datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)
    before_open = datetime(2026, 11, 23, 6, 30, tzinfo=LONDON)
    assert wd.add_working_hours(before_open, 1.5) == datetime(2026, 11, 23, 9, 30, tzinfo=LONDON)


def test_add_working_hours_across_clock_change_keeps_wall_clock():
    # Clocks go back on Sunday 25 October 2026; Friday 17:00 + 2 working hours = Monday 09:00 local.
    start = datetime(2026, 10, 23, 17, 0, tzinfo=LONDON).astimezone(UTC)
    result = wd.add_working_hours(start, 2)
    assert result.astimezone(LONDON).replace(tzinfo=None) == datetime(2026, 10, 26, 9, 0)


def test_working_time_between():
    start = datetime(2026, 11, 20, 16, 0, tzinfo=LONDON)  # Friday
    end = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)  # Monday
    assert wd.working_time_between(start, end) == timedelta(hours=4)
    assert wd.working_time_between(end, start) == timedelta(0)


def test_add_working_days_at_keeps_local_time():
    moment = datetime(2026, 12, 24, 15, 30, tzinfo=LONDON)
    assert wd.add_working_days_at(moment, 2) == datetime(2026, 12, 30, 15, 30, tzinfo=LONDON)


def test_nth_working_day_before_last():
    # Last Working Day of December 2026 is Thursday 31st; the 5th Working Day before it is 22nd.
    assert wd.nth_working_day_before_last(2026, 12, 5) == date(2026, 12, 22)
