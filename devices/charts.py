"""Server-rendered SVG charts (no CDN, no JavaScript): daily bars against target and minimum lines."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

W, H, PAD_L, PAD_B, PAD_T = 640, 220, 40, 28, 14


def _colour(pct: float, target: float | None, minimum: float | None) -> str:
    if target is None or pct >= target:
        return "#2e7d32"
    return "#f9a825" if minimum is not None and pct >= minimum else "#c62828"


def daily_percent_chart(*, daily, target: float | None, minimum: float | None, title: str, days=None) -> str:
    """``daily`` is [(date, total, within)]; one bar per day of ``days`` (the month) with data."""
    if not daily:
        return mark_safe('<p class="empty">No responses of this kind this month.</p>')
    known = {day: (total, within) for day, total, within in daily}
    days = list(days) if days else [day for day, _, _ in daily]
    plot_w, plot_h = W - PAD_L - 8, H - PAD_B - PAD_T
    step = plot_w / len(days)

    def y(pct: float) -> float:
        return PAD_T + plot_h * (1 - pct / 100)

    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for pct in (0, 50, 100):
        parts.append(
            f'<line x1="{PAD_L}" x2="{W - 8}" y1="{y(pct):.1f}" y2="{y(pct):.1f}" stroke="#ddd"/>'
            f'<text x="{PAD_L - 6}" y="{y(pct) + 4:.1f}" font-size="10" text-anchor="end">{pct}%</text>'
        )
    label_every = max(len(days) // 8, 1)
    for index, day in enumerate(days):
        x = PAD_L + index * step
        total, within = known.get(day, (0, 0))
        if total:
            pct = 100 * within / total
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y(pct):.1f}" width="{max(step - 2, 1):.1f}" '
                f'height="{PAD_T + plot_h - y(pct):.1f}" fill="{_colour(pct, target, minimum)}">'
                f"<title>{day:%d %b}: {pct:.1f}% of {total}</title></rect>"
            )
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{H - 10}" font-size="10" text-anchor="middle">{day:%d}</text>'
            )
    # The target label sits above its line on the right, the minimum label below its line on the
    # left, so the two never overlap however close the levels are.
    for value, label, colour, x, dy, anchor in (
        (target, "target", "#1565c0", W - 10, -3, "end"),
        (minimum, "minimum", "#6a1b9a", PAD_L + 4, 11, "start"),
    ):
        if value is not None:
            level = y(float(value))
            parts.append(
                f'<line x1="{PAD_L}" x2="{W - 8}" y1="{level:.1f}" y2="{level:.1f}" stroke="{colour}" '
                f'stroke-dasharray="4 3"/><text x="{x}" y="{level + dy:.1f}" font-size="10" '
                f'text-anchor="{anchor}" fill="{colour}">{label} {value}%</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
