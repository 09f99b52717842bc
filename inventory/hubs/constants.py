"""Constants and calendar arithmetic of CH ordering. Numbers that may change are settings
(portal/settings/hubs.py, documented in docs/settings.md)."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings

from portal.working_days import LONDON, nth_working_day_before_last

FORECAST_MONTHS = 24  # F5.3
HAN_DETAIL_MONTHS = 10  # F5.4(iii)
FORECAST_START_OFFSET = 6  # F5.3: month 1 is the 6th month after the end of the submission month
DELIVERY_MONTH_OFFSET = 5  # F5.8(b)
DEADLINE_WORKING_DAYS_BEFORE_LAST = 5  # F5.5, F5.14
TOLERANCE_EARLY_MONTHS = 10  # F5.10: the forecast made in the 10th month before the Delivery Month
TOLERANCE_LATE_MONTHS = 7  # ... and the one made in the 7th month before


def add_months(month: date, count: int) -> date:
    """The first day of the month ``count`` months after ``month``'s month."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_of(day: date) -> date:
    return day.replace(day=1)


def submission_deadline(month: date) -> date:
    """F5.5/F5.14: forecasts and orders are due by the 5th Working Day before the month's last Working Day."""
    return nth_working_day_before_last(month.year, month.month, DEADLINE_WORKING_DAYS_BEFORE_LAST)


def deadline_moment(month: date) -> datetime:
    """The end of the deadline day, London time: submissions up to 23:59:59 that day count."""
    return datetime.combine(submission_deadline(month), time.max, tzinfo=LONDON)


def forecast_first_month(submitted_month: date) -> date:
    return add_months(submitted_month, FORECAST_START_OFFSET)


def delivery_month_for(submission_month: date) -> date:
    return add_months(submission_month, DELIVERY_MONTH_OFFSET)


@dataclass(frozen=True)
class Tolerance:
    """F5.10/F5.11 for one Region and HAN Variant: the two forecasts and the compliant range."""

    han_variant: str
    forecast_10: int | None
    forecast_7: int | None
    minimum: int
    maximum: int

    def check(self, quantity: int) -> bool:
        return self.minimum <= quantity <= self.maximum


def tolerance_range(*, forecast_10: int | None, forecast_7: int | None) -> tuple[int, int]:
    """F5.10 with F5.11 rounding.

    minimum = max(50% of the 10th-month forecast, 80% of the 7th-month forecast), fractions down;
    maximum = min(120% of the 7th-month forecast, 150% of the 10th-month forecast), fractions up.
    A forecast that was never made (None) drops out of both terms (D-HUB-08): counting it as zero
    would leave no compliant quantity at all. Integer arithmetic, so 0.5 x 7 is exactly 3 and
    1.2 x 7 exactly 9.
    """
    lows = [f * pct // 100 for f, pct in ((forecast_10, 50), (forecast_7, 80)) if f is not None]
    highs = [-(-f * pct // 100) for f, pct in ((forecast_7, 120), (forecast_10, 150)) if f is not None]
    return max(lows, default=0), min(highs, default=0)


def carton() -> int:
    return settings.HUBS_CARTON_QUANTITY


def pallet_layer() -> int:
    return settings.HUBS_PALLET_LAYER_QUANTITY


def standard_pallet() -> int:
    return settings.HUBS_STANDARD_PALLET_QUANTITY


def default_window() -> tuple[time, time]:
    start, end = settings.HUBS_DEFAULT_DELIVERY_WINDOW.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


# CH Fault Diagnosis periods, in days (F9.9, F9.12, App I 11.9).
DIAGNOSIS_NOTICE_DAYS = 10
DIAGNOSIS_REPORT_DAYS = 35
DIAGNOSIS_OBJECTION_DAYS = 35
