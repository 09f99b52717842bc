"""Monthly performance report: the Code Performance Measures of service_metrics.json, per month.

Every request carries a timestamp per step, so each measure is computed from stored facts:
1 on-demand responses within their Target Response Time (from receipt, or from the signed
Pre-Command for Critical requests: the wait for the User's signature is the User's time);
2 future-dated responses within their TRT after the execution date-time; 3 alerts delivered
within 60 s. Measures 4-5 are incident measures, reported by the incidents app.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from portal.working_days import LONDON

from ..choices import SRKind, SRMode, SRStatus
from ..models import PerformanceMeasure
from ..selectors import catalogue_current

ALERT_TARGET_SECONDS = 60  # Table 5.1 rows A1/A2: alerts within 60 s
_MEASURED = (SRStatus.COMPLETED, SRStatus.FAILED)


@dataclass
class MeasureResult:
    number: int
    measure: str
    target: Decimal | None
    minimum: Decimal | None
    total: int = 0
    within: int = 0
    note: str = ""
    daily: list[tuple[date, int, int]] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return round(100 * self.within / self.total, 2) if self.total else None

    @property
    def verdict(self) -> str:
        if self.percent is None:
            return "no data"
        if self.target is not None and self.percent >= float(self.target):
            return "meets target"
        if self.minimum is not None and self.percent >= float(self.minimum):
            return "below target, above minimum"
        return "below minimum"


def month_bounds(month: str | None) -> tuple[datetime, datetime, str]:
    """A calendar month in London time (months and days are presented in Europe/London)."""
    today = timezone.localdate()
    year, mon = (int(p) for p in month.split("-")) if month else (today.year, today.month)
    start = datetime(year, mon, 1, tzinfo=LONDON)
    end = datetime(year + mon // 12, mon % 12 + 1, 1, tzinfo=LONDON)
    return start, end, f"{year:04d}-{mon:02d}"


def month_days(start: datetime) -> list[date]:
    """Every London day of the month that starts at ``start``."""
    first = start.date()
    return [first + timedelta(days=n) for n in range(calendar.monthrange(first.year, first.month)[1])]


def _percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "p99": None}
    values = sorted(values)

    def pick(q):
        return round(values[min(len(values) - 1, int(q * len(values)))], 3)

    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99)}


def monthly_report(*, requests, alerts, month: str | None = None) -> dict:
    """Compute the report over scoped querysets (``requests``, ``alerts``) for one month."""
    start, end, label = month_bounds(month)
    catalogue = catalogue_current()
    measures = {
        m.number: m for m in PerformanceMeasure.objects.filter(catalogue=catalogue, kind="code_performance_measure")
    }
    rows = requests.filter(
        responded_at__gte=start, responded_at__lt=end, status__in=_MEASURED, variant__kind=SRKind.DEVICE
    ).values_list(
        "mode",
        "received_at",
        "signed_at",
        "execute_at",
        "responded_at",
        "variant__on_demand_seconds",
        "variant__future_dated_seconds",
        "variant__dcc_scheduled_seconds",
    )
    on_demand = _result(1, measures)
    future = _result(2, measures)
    latencies: list[float] = []
    by_day: dict[tuple[int, date], list[int]] = {}
    for mode, received, signed, execute, responded, od, fd, sched in rows.iterator(chunk_size=5000):
        if mode == SRMode.ON_DEMAND:
            elapsed = (responded - (signed or received)).total_seconds()
            latencies.append(elapsed)
            result, ok = on_demand, od is not None and elapsed <= od
        else:
            trt = sched if mode == SRMode.SCHEDULED else fd
            result, ok = future, trt is not None and (responded - (execute or received)).total_seconds() <= trt
        result.total += 1
        result.within += ok
        counts = by_day.setdefault((result.number, responded.astimezone(LONDON).date()), [0, 0])
        counts[0] += 1
        counts[1] += ok
    alert_result = _result(3, measures)
    for raised, delivered in (
        alerts.filter(raised_at__gte=start, raised_at__lt=end)
        .values_list("raised_at", "delivered_at")
        .iterator(chunk_size=5000)
    ):
        alert_result.total += 1
        alert_result.within += bool(delivered and (delivered - raised).total_seconds() <= ALERT_TARGET_SECONDS)
    for (number, day), (total, within) in sorted(by_day.items()):
        (on_demand if number == 1 else future).daily.append((day, total, within))
    incidents = [_result(n, measures) for n in (4, 5)]
    for item in incidents:
        item.note = "Incident resolution measure: reported on the incidents pages."
    status_counts = dict(
        requests.filter(received_at__gte=start, received_at__lt=end)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "month": label,
        "start": start,
        "end": end,
        "days": month_days(start),
        "measures": [on_demand, future, alert_result, *incidents],
        "latency": _percentiles(latencies),
        "status_counts": status_counts,
        "service_metrics": PerformanceMeasure.objects.filter(catalogue=catalogue, kind="monthly_service_metric"),
        "requests_by_srv": _by_srv(requests, start, end),
    }


def _by_srv(requests, start, end) -> list[tuple[str, int]]:
    return list(
        requests.filter(received_at__gte=start, received_at__lt=end, is_accepted=True)
        .values("srv_code")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("srv_code", "n")[:20]
    )


def _result(number: int, measures: dict) -> MeasureResult:
    m = measures.get(number)
    return MeasureResult(
        number=number,
        measure=m.measure if m else f"Measure {number}",
        target=m.target_pct if m else None,
        minimum=m.minimum_pct if m else None,
    )


__all__ = ["MeasureResult", "month_bounds", "month_days", "monthly_report"]
