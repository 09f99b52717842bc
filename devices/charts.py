"""Server-rendered SVG charts (no CDN, no JavaScript): daily bars against target and minimum lines."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

W, H, PAD_L, PAD_B, PAD_T = 640, 220, 40, 28, 12


def daily_percent_chart(*, daily, target: float | None, minimum: float | None, title: str) -> str:
    """``daily`` is [(date, total, within)]; bars show % within target per day."""
    if not daily:
        return mark_safe(f'<p class="empty">No {escape(title.lower())} this month.</p>')  # noqa: S308 - static text only
    plot_w, plot_h = W - PAD_L - 8, H - PAD_B - PAD_T
    step = plot_w / len(daily)

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
    for index, (day, total, within) in enumerate(daily):
        pct = 100 * within / total if total else 0
        x = PAD_L + index * step + 1
        colour = (
            "#2e7d32" if target is None or pct >= target else ("#f9a825" if minimum and pct >= minimum else "#c62828")
        )
        parts.append(
            f'<rect x="{x:.1f}" y="{y(pct):.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{PAD_T + plot_h - y(pct):.1f}" fill="{colour}"><title>{day:%d %b}: '
            f"{pct:.1f}% of {total}</title></rect>"
        )
        if len(daily) <= 31 and (index % max(len(daily) // 8, 1) == 0):
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{H - 10}" font-size="10" text-anchor="middle">{day:%d}</text>'
            )
    for value, label, colour in ((target, "target", "#1565c0"), (minimum, "minimum", "#6a1b9a")):
        if value is not None:
            parts.append(
                f'<line x1="{PAD_L}" x2="{W - 8}" y1="{y(float(value)):.1f}" y2="{y(float(value)):.1f}" '
                f'stroke="{colour}" stroke-dasharray="4 3"/><text x="{W - 10}" y="{y(float(value)) - 3:.1f}" '
                f'font-size="10" text-anchor="end" fill="{colour}">{label} {value}%</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
