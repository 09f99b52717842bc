"""Recording SLA clock events and refreshing the SLA columns cached on the incident."""

from datetime import datetime

from django.db import transaction

from .choices import ClockEventKind, IncidentKind, SlaState
from .models import Incident, IncidentClockEvent
from .sla import ClockEvent, SlaFigures, sla_compute


def clock_events(incident: Incident) -> list[ClockEvent]:
    """The incident's recorded clock history, oldest first."""
    rows = (
        IncidentClockEvent.objects.filter(incident=incident).order_by("at", "pk").values_list("kind", "at", "category")
    )
    return [ClockEvent(kind=k, at=a, category=c) for k, a, c in rows]


def clock_figures(incident: Incident, *, now: datetime) -> SlaFigures | None:
    """The incident's SLA figures at ``now``; None for general queries, which have no target."""
    if incident.kind != IncidentKind.INCIDENT:
        return None
    events = clock_events(incident)
    return sla_compute(events, now=now) if events else None


def clock_cache_values(figures: SlaFigures, *, now: datetime, incident: Incident) -> dict:
    """The cached SLA columns for ``figures`` (also used by bulk recomputation)."""
    values = {
        "responded_at": figures.responded_at,
        "response_due_at": figures.response_due_at,
        "resolution_due_at": figures.resolution_due_at,
        "resolution_warn_at": figures.warn_at,
        "resolution_remaining_seconds": int(figures.remaining.total_seconds()),
        "clock_running": figures.is_running,
        "resolved_within_target": (figures.state == SlaState.MET) if figures.is_stopped else None,
    }
    # A recomputation (category or calendar change) may move a deadline later: the flags follow
    # the figures, so a warning or breach that no longer holds is withdrawn.
    if figures.state != SlaState.BREACHED and incident.sla_breached_at:
        values["sla_breached_at"] = None
    if figures.state == SlaState.ON_TRACK and incident.sla_warned_at:
        values["sla_warned_at"] = None
    return values


def clock_refresh(*, incident: Incident, now: datetime) -> SlaFigures | None:
    """Recompute the figures from the events and write the cached columns."""
    figures = clock_figures(incident, now=now)
    if figures is None:
        return None
    values = clock_cache_values(figures, now=now, incident=incident)
    Incident.objects.filter(pk=incident.pk).update(**values)
    for name, value in values.items():
        setattr(incident, name, value)
    return figures


def clock_record(
    *, incident: Incident, kind: str, at: datetime, actor=None, reason: str = "", category: int | None = None
) -> IncidentClockEvent | None:
    """Append a clock event and refresh the cache. General queries have no clock: returns None."""
    if incident.kind != IncidentKind.INCIDENT:
        return None
    with transaction.atomic():
        event = IncidentClockEvent.objects.create(
            incident=incident,
            kind=kind,
            at=at,
            actor=actor,
            reason=reason[:300],
            category=category or incident.category,
        )
        clock_refresh(incident=incident, now=at)
    return event


def clock_record_many(*, incident: Incident, kinds: list[str], at: datetime, actor=None, reason: str = "") -> None:
    """Several events at the same instant (e.g. responded + pause), one refresh."""
    if incident.kind != IncidentKind.INCIDENT or not kinds:
        return
    IncidentClockEvent.objects.bulk_create(
        [
            IncidentClockEvent(
                incident=incident, kind=k, at=at, actor=actor, reason=reason[:300], category=incident.category
            )
            for k in kinds
        ]
    )
    clock_refresh(incident=incident, now=at)


__all__ = ["ClockEventKind", "clock_events", "clock_figures", "clock_record", "clock_record_many", "clock_refresh"]
