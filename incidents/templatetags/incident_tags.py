"""Presentation helpers for incident pages (no business rules)."""

from datetime import timedelta

from django import template
from django.utils import timezone

from ..choices import SLA_BADGES, STATUS_BADGES, SlaState
from ..sla import format_duration, target_for

register = template.Library()


@register.filter
def duration(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float):
        value = timedelta(seconds=value)
    return format_duration(value)


@register.filter
def status_tag(status) -> str:
    return STATUS_BADGES.get(status, "secondary")


@register.filter
def sla_tag(state) -> str:
    return SLA_BADGES.get(state, "light")


@register.simple_tag
def queue_sla(incident) -> dict:
    """Time left and state for a queue row, from the cached columns (no event query per row)."""
    now = timezone.now()
    if incident.kind != "incident" or incident.resolution_remaining_seconds is None:
        return {"state": SlaState.NOT_APPLICABLE, "label": "—"}
    if incident.clock_running and incident.resolution_due_at:
        # Counted on the category's calendar (D-INC-01), like the incident page: a Category 3 incident due on
        # Monday has one Working Day left on Friday, not three days.
        calendar = target_for(incident.category).calendar
        if incident.resolution_due_at <= now:
            over = calendar.between(incident.resolution_due_at, now)
            return {"state": SlaState.BREACHED, "label": f"{format_duration(over)} over"}
        left = calendar.between(now, incident.resolution_due_at)
        state = (
            SlaState.WARNING
            if incident.resolution_warn_at and now >= incident.resolution_warn_at
            else (SlaState.ON_TRACK)
        )
        return {"state": state, "label": f"{format_duration(left)} left"}
    left = timedelta(seconds=incident.resolution_remaining_seconds)
    if incident.status == "pending":
        return {"state": SlaState.PAUSED, "label": f"{format_duration(left)} left (paused)"}
    return {"state": SlaState.MET if incident.resolved_within_target else SlaState.BREACHED, "label": "stopped"}


@register.filter
def sla_label(state) -> str:
    try:
        return SlaState(state).label
    except ValueError:
        return str(state)


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """The current query string with ``page`` set to ``number``, keeping every value of
    multi-valued filters (``status=logged&status=assigned``), which ``QueryDict.items`` drops."""
    query = context["request"].GET.copy()
    query["page"] = number
    return query.urlencode()
