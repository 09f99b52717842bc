"""The monthly report's months and days are London months and days (Europe/London presentation)."""

from datetime import UTC, date, datetime, timedelta

from devices.services.reporting import month_bounds, month_days


def test_a_summer_month_starts_at_london_midnight():
    start, end, label = month_bounds("2026-07")
    assert label == "2026-07"
    assert (start.astimezone(UTC), end.astimezone(UTC)) == (
        datetime(2026, 6, 30, 23, 0, tzinfo=UTC),  # 00:00 BST
        datetime(2026, 7, 31, 23, 0, tzinfo=UTC),
    )


def test_the_month_of_the_clock_change_keeps_all_its_days():
    start, end, _ = month_bounds("2026-03")
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=31, hours=-1)  # 29 March is 23 hours
    days = month_days(start)
    assert (len(days), days[0], days[-1]) == (31, date(2026, 3, 1), date(2026, 3, 31))
    december, next_january, _ = month_bounds("2026-12")
    assert (december.astimezone(UTC), next_january.astimezone(UTC)) == (
        datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )
