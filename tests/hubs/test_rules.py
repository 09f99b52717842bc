"""Pure rules of CH ordering: F5.10 tolerances with F5.11 rounding, month offsets, deadlines."""

from datetime import date

import pytest

from inventory.hubs.constants import (
    add_months,
    delivery_month_for,
    forecast_first_month,
    submission_deadline,
    tolerance_range,
)


@pytest.mark.parametrize(
    ("f10", "f7", "expected"),
    [
        (400, 400, (320, 480)),  # min = max(200, 320); max = min(480, 600)
        (1000, 500, (500, 600)),  # min = max(500, 400); max = min(600, 1500)
        (7, 7, (5, 9)),  # 3.5 -> 3 and 5.6 -> 5 (down); 8.4 -> 9 and 10.5 -> 11 (up)
        (None, 100, (80, 120)),  # D-HUB-08: a forecast never made drops out of both terms
        (100, None, (50, 150)),
        (None, None, (0, 0)),
        (0, 100, (80, 0)),  # a forecast of zero is a forecast: nothing is compliant
        (0, 0, (0, 0)),
        (3, 1, (1, 2)),  # min = max(1.5 -> 1, 0.8 -> 0) = 1; max = min(1.2 -> 2, 4.5 -> 5) = 2
    ],
)
def test_tolerance_range_follows_f5_10_and_rounding(f10, f7, expected):
    assert tolerance_range(forecast_10=f10, forecast_7=f7) == expected


def test_month_offsets():
    assert forecast_first_month(date(2026, 3, 1)) == date(2026, 9, 1)  # F5.3: 6th month after March
    assert delivery_month_for(date(2026, 3, 1)) == date(2026, 8, 1)  # F5.8: 5th month after March
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert add_months(date(2026, 1, 1), -10) == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("month", "deadline"),
    [
        (date(2026, 3, 1), date(2026, 3, 24)),  # last Working Day Tue 31 March; 5 back = Tue 24 March
        (date(2026, 5, 1), date(2026, 5, 21)),  # Fri 29 May is last (25 May bank holiday skipped going back)
        (date(2026, 12, 1), date(2026, 12, 22)),  # 25, 26 (Sat), 28 (substitute) Dec: last WD is Thu 31 Dec
    ],
)
def test_submission_deadline_is_5th_working_day_before_last(month, deadline):
    assert submission_deadline(month) == deadline
