"""The incident dashboard and the monthly report (with CSV export)."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from portal.views.mixins import csv_response

from .. import reporting
from ..permissions import can_view_reports


def _month(request) -> date:
    text = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in text.split("-"))
        # Years far outside the portal's life would overflow the previous/next month links.
        if 2000 <= year <= 2999:
            return date(year, month, 1)
    except ValueError:
        pass
    today = timezone.localdate()
    return (today.replace(day=1) - reporting.timedelta(days=1)).replace(day=1)


@login_required
def dashboard(request):
    if not can_view_reports(request.user):
        raise PermissionDenied
    data = reporting.dashboard(timezone.now())
    return render(
        request,
        "incidents/dashboard.html",
        {
            **data,
            "statuses": list(reporting.IncidentStatus),
            "open_chart": reporting.stacked_bars_svg(data["open_table"], list(reporting.IncidentStatus)),
            "measures_chart": reporting.measures_svg(data["measures"]),
            "daily_chart": reporting.daily_svg(data["series"]),
        },
    )


@login_required
def monthly(request):
    if not can_view_reports(request.user):
        raise PermissionDenied
    month = _month(request)
    report = reporting.monthly_report(month)
    if request.GET.get("export") == "csv":
        # One header for both sections: each row fills its own columns and leaves the others empty,
        # so no figure sits under another figure's name.
        statuses = [s.value for s in report["statuses"]]
        blank_counts = [""] * (len(statuses) + 1)
        rows = [
            [f"{month:%Y-%m}", "logged", r["label"], *r["counts"], r["total"], "", "", "", "", "", ""]
            for r in report["table"]
        ]
        rows += [
            [
                f"{month:%Y-%m}",
                "performance",
                m.name,
                *blank_counts,
                m.resolved,
                m.within,
                m.percent if m.percent is not None else "",
                m.target,
                m.minimum,
                m.verdict,
            ]
            for m in report["measures"]
        ]
        header = [
            "month",
            "section",
            "row",
            *statuses,
            "total",
            "dcc resolved",
            "within target",
            "percent within target",
            "target percent",
            "minimum percent",
            "result",
        ]
        return csv_response(filename=f"incidents-{month:%Y-%m}", header=header, rows=rows)
    prev = (month - reporting.timedelta(days=1)).replace(day=1)
    nxt = (month.replace(day=28) + reporting.timedelta(days=4)).replace(day=1)
    return render(
        request,
        "incidents/monthly.html",
        {
            **report,
            "prev": prev,
            "next": nxt,
            "table_chart": reporting.stacked_bars_svg(report["table"], report["statuses"]),
            "measures_chart": reporting.measures_svg(report["measures"]),
        },
    )
