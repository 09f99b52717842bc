"""Figures for the incident dashboard and the monthly report, and their inline-SVG charts.

Code Performance Measures 4 and 5 (BAD Table 15): DCC-resolved Category 1-2 and 3-5 incidents
resolved within the Target Resolution Time, against target and minimum service levels.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.safestring import SafeString, mark_safe

from .choices import Category, IncidentStatus
from .models import OPEN_Q, Incident

LONDON = ZoneInfo("Europe/London")
PALETTE = {
    "logged": "#5b8def",
    "assigned": "#1f4e99",
    "pending": "#e0a100",
    "resolved": "#2e8b57",
    "closed": "#8a8f98",
    "reopened": "#c0392b",
}


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """UTC instants of the start of ``month`` and of the next month (London months)."""
    start = datetime.combine(month.replace(day=1), time(0), tzinfo=LONDON)
    nxt = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, datetime.combine(nxt, time(0), tzinfo=LONDON)


@dataclass(frozen=True)
class Measure:
    """One Code Performance Measure for a month."""

    name: str
    resolved: int
    within: int
    target: float
    minimum: float

    @property
    def percent(self) -> float | None:
        return round(100 * self.within / self.resolved, 1) if self.resolved else None

    @property
    def verdict(self) -> str:
        if self.percent is None:
            return "no incidents"
        if self.percent >= self.target:
            return "meets target"
        return "below target" if self.percent >= self.minimum else "below minimum"


def category_status_table(qs) -> list[dict]:
    """Rows per category with counts per status."""
    counts = {(r["category"], r["status"]): r["n"] for r in qs.values("category", "status").annotate(n=Count("pk"))}
    rows = []
    for c in Category:
        row = {"category": c.value, "label": c.label, "counts": [counts.get((c.value, s), 0) for s in IncidentStatus]}
        row["total"] = sum(row["counts"])
        rows.append(row)
    return rows


def performance(month: date) -> list[Measure]:
    """CPM 4 and 5 for incidents the DCC resolved during ``month`` (H13.1)."""
    start, end = month_bounds(month)
    base = Incident.objects.filter(
        kind="incident",
        resolved_at__gte=start,
        resolved_at__lt=end,
        assigned_party__isnull=True,
        resolved_within_target__isnull=False,
    )
    levels = settings.INCIDENTS_PERFORMANCE_LEVELS
    out = []
    for key, name, cats in (
        ("cat_1_2", "Categories 1 and 2", (1, 2)),
        ("cat_3_5", "Categories 3, 4 and 5", (3, 4, 5)),
    ):
        agg = base.filter(category__in=cats).aggregate(
            n=Count("pk"), ok=Count("pk", filter=Q(resolved_within_target=True))
        )
        out.append(Measure(name, agg["n"], agg["ok"], levels[key]["target"], levels[key]["minimum"]))
    return out


def monthly_report(month: date) -> dict:
    start, end = month_bounds(month)
    logged = Incident.objects.filter(kind="incident", created_at__gte=start, created_at__lt=end)
    return {
        "month": month,
        "table": category_status_table(logged),
        "statuses": list(IncidentStatus),
        "logged": logged.count(),
        "measures": performance(month),
        "majors": logged.filter(is_major=True, is_security=False).count(),
        "queries": Incident.objects.filter(kind="general_query", created_at__gte=start, created_at__lt=end).count(),
    }


def dashboard(now: datetime) -> dict:
    open_qs = Incident.objects.filter(OPEN_Q, kind="incident")
    sla = open_qs.aggregate(
        running=Count("pk", filter=Q(clock_running=True)),
        paused=Count("pk", filter=Q(status="pending")),
        warning=Count("pk", filter=Q(clock_running=True, resolution_warn_at__lte=now, resolution_due_at__gt=now)),
        breached=Count("pk", filter=Q(clock_running=True, resolution_due_at__lte=now)),
        untriaged=Count("pk", filter=Q(status="logged")),
    )
    since = now - timedelta(days=30)
    per_day = {
        r["day"]: r["n"]
        for r in Incident.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at", tzinfo=LONDON))
        .values("day")
        .annotate(n=Count("pk"))
    }
    today = now.astimezone(LONDON).date()
    series = [(d, per_day.get(d, 0)) for d in (today - timedelta(days=i) for i in range(29, -1, -1))]
    this_month = now.astimezone(LONDON).date().replace(day=1)
    return {
        "open_table": category_status_table(open_qs),
        "sla": sla,
        "series": series,
        "measures": performance(this_month),
        "month": this_month,
    }


def stacked_bars_svg(table: list[dict], statuses) -> SafeString:
    """Horizontal stacked bars: one per category, segments per status."""
    width, row_h, left = 520, 26, 110
    top = max([r["total"] for r in table] + [1])
    parts = [
        f'<svg role="img" aria-label="Incidents by category and status" viewBox="0 0 {width} '
        f'{row_h * len(table) + 40}" width="{width}" style="max-width:100%;height:auto" class="chart">'
    ]
    for y, row in enumerate(table):
        x = left
        parts.append(f'<text x="0" y="{y * row_h + 17}" font-size="12">Category {row["category"]}</text>')
        for status, n in zip(statuses, row["counts"], strict=True):
            w = (width - left - 40) * n / top
            if n:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y * row_h + 4}" width="{w:.1f}" height="{row_h - 8}" '
                    f'fill="{PALETTE[status]}"><title>{escape(status.label)}: {n}</title></rect>'
                )
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y * row_h + 17}" font-size="12">{row["total"]}</text>')
    legend_y = row_h * len(table) + 25
    for i, status in enumerate(statuses):
        parts.append(
            f'<rect x="{i * 85}" y="{legend_y - 9}" width="10" height="10" fill="{PALETTE[status]}"/>'
            f'<text x="{i * 85 + 14}" y="{legend_y}" font-size="11">{escape(status.value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


def measures_svg(measures: list[Measure]) -> SafeString:
    """Bars of % resolved within target, with the target (solid) and minimum (dashed) levels."""
    width, height, bottom = 360, 200, 170
    parts = [
        f'<svg role="img" aria-label="Incidents resolved within target" viewBox="0 0 {width} {height}" '
        f'width="{width}" style="max-width:100%;height:auto" class="chart">'
    ]
    for i, m in enumerate(measures):
        x = 40 + i * 160
        pct = m.percent or 0
        h = (bottom - 20) * pct / 100
        colour = {"meets target": "#2e8b57", "below target": "#e0a100"}.get(m.verdict, "#c0392b")
        parts.append(
            f'<rect x="{x}" y="{bottom - h:.1f}" width="80" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(m.name)}: {pct}%</title></rect>"
        )
        for level, dash in ((m.target, ""), (m.minimum, ' stroke-dasharray="4 3"')):
            y = bottom - (bottom - 20) * level / 100
            parts.append(f'<line x1="{x - 6}" x2="{x + 86}" y1="{y:.1f}" y2="{y:.1f}" stroke="#222"{dash}/>')
        label = "n/a" if m.percent is None else f"{m.percent}%"
        parts.append(f'<text x="{x + 40}" y="{bottom - h - 4:.1f}" font-size="12" text-anchor="middle">{label}</text>')
        parts.append(
            f'<text x="{x + 40}" y="{bottom + 16}" font-size="11" text-anchor="middle">{escape(m.name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


def daily_svg(series: list[tuple[date, int]]) -> SafeString:
    width, height, bottom = 520, 140, 115
    top = max([n for _, n in series] + [1])
    step = (width - 20) / max(len(series), 1)
    parts = [
        f'<svg role="img" aria-label="Incidents logged per day, last 30 days" viewBox="0 0 {width} {height}" '
        f'width="{width}" style="max-width:100%;height:auto" class="chart">'
    ]
    for i, (day, n) in enumerate(series):
        h = (bottom - 10) * n / top
        parts.append(
            f'<rect x="{10 + i * step:.1f}" y="{bottom - h:.1f}" width="{step - 2:.1f}" height="{h:.1f}" '
            f'fill="#1f4e99"><title>{day:%d %b}: {n}</title></rect>'
        )
    parts.append(
        f'<text x="10" y="{height - 5}" font-size="11">{series[0][0]:%d %b}</text>'
        f'<text x="{width - 10}" y="{height - 5}" font-size="11" text-anchor="end">{series[-1][0]:%d %b}</text>'
        f'<text x="{width - 10}" y="12" font-size="11" text-anchor="end">max {top}/day</text></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - dates and numbers only
