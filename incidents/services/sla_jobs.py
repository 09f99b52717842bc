"""The beat job's SLA sweep (80% warnings, breaches) and full recomputation from the events."""

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from portal.services import audit
from portal.services.notifications import notify

from ..choices import UpdateKind
from ..clock import clock_cache_values
from ..models import OPEN_Q, Incident, IncidentClockEvent, IncidentUpdate
from ..sla import ClockEvent, sla_compute
from .notify import service_desk_people

_CHUNK = 2000


def _flag(qs, *, field: str, now: datetime, text: str) -> list[int]:
    """Stamp ``field`` on each row of ``qs`` still unstamped; write a timeline entry for each. Returns ids.

    Rows are locked (skipping any another sweep holds) and re-checked inside the transaction, so
    two overlapping sweeps never stamp or announce the same incident twice.
    """
    flagged: list[int] = []
    ids = list(qs.values_list("pk", flat=True))
    for start in range(0, len(ids), _CHUNK):
        with transaction.atomic():
            mine = list(
                Incident.objects.select_for_update(skip_locked=True, no_key=True)
                .filter(pk__in=ids[start : start + _CHUNK], **{f"{field}__isnull": True})
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            Incident.objects.filter(pk__in=mine).update(**{field: now})
            IncidentUpdate.objects.bulk_create(
                [IncidentUpdate(incident_id=pk, kind=UpdateKind.SLA, at=now, text=text) for pk in mine]
            )
        flagged += mine
    return flagged


def _tell_assignees(ids: list[int], *, subject: str) -> None:
    rows = Incident.objects.filter(pk__in=ids, assignee__isnull=False).select_related("assignee")
    for incident in rows.only("pk", "kind", "assignee"):
        notify(
            recipients=[incident.assignee],
            subject=f"{incident.reference}: {subject}",
            body=subject,
            url=incident.get_absolute_url(),
            email=False,
        )


def incidents_sla_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Raise 80% warnings, resolution breaches and response breaches that fell due (beat, every minute).

    Works from the indexed cache columns only, so it is a handful of queries however many
    incidents are open; each flag is stamped once (idempotent). Assignees hear about their own
    incidents; the service desk gets one digest per sweep rather than one message per incident.
    """
    now = now or timezone.now()
    running = Incident.objects.filter(OPEN_Q, clock_running=True)
    warned = _flag(
        running.filter(sla_warned_at__isnull=True, resolution_warn_at__lte=now, resolution_due_at__gt=now),
        field="sla_warned_at",
        now=now,
        text="80% of the target resolution time used.",
    )
    breached = _flag(
        running.filter(sla_breached_at__isnull=True, resolution_due_at__lte=now),
        field="sla_breached_at",
        now=now,
        text="Target resolution time breached.",
    )
    response = _flag(
        Incident.objects.filter(
            OPEN_Q, responded_at__isnull=True, response_breached_at__isnull=True, response_due_at__lte=now
        ),
        field="response_breached_at",
        now=now,
        text="Target initial response time breached.",
    )
    counts = {"warned": len(warned), "breached": len(breached), "response_breached": len(response)}
    if any(counts.values()):
        with transaction.atomic():
            _tell_assignees(warned, subject="80% of the target resolution time used")
            _tell_assignees(breached, subject="target resolution time breached")
            notify(
                recipients=service_desk_people(),
                email=False,
                url="/incidents/queue/?sla=breached",
                subject=(
                    f"SLA: {counts['breached']} resolution breaches, {counts['response_breached']} response "
                    f"breaches, {counts['warned']} at 80%"
                ),
                body="See the triage queue.",
            )
            audit.record(
                action="incident.sla_sweep",
                target_type="incidents.incident",
                target_label="SLA sweep",
                after={**counts, "breached_ids": breached[:500], "response_ids": response[:500]},
            )
    return counts


_CACHE_FIELDS = (
    "responded_at",
    "response_due_at",
    "resolution_due_at",
    "resolution_warn_at",
    "resolution_remaining_seconds",
    "clock_running",
    "resolved_within_target",
    "sla_breached_at",
    "sla_warned_at",
)


def _write_cache(rows: list[Incident]) -> None:
    """Write the cached SLA columns of ``rows``: one UPDATE ... FROM (VALUES ...) on PostgreSQL
    (``bulk_update``'s CASE expressions cost seconds per thousand rows), ``bulk_update`` elsewhere."""
    if connection.vendor != "postgresql":
        Incident.objects.bulk_update(rows, list(_CACHE_FIELDS), batch_size=500)
        return
    from psycopg2.extras import execute_values

    table = Incident._meta.db_table
    casts = {
        "clock_running": "boolean",
        "resolved_within_target": "boolean",
        "resolution_remaining_seconds": "integer",
    }
    sets = ", ".join(f"{f} = v.{f}::{casts.get(f, 'timestamptz')}" for f in _CACHE_FIELDS)
    # Only our own table and column names are interpolated; every value goes through execute_values.
    columns = ", ".join(_CACHE_FIELDS)
    sql = f"UPDATE {table} AS t SET {sets} FROM (VALUES %s) AS v (id, {columns}) WHERE t.id = v.id"  # noqa: S608
    values = [(r.pk, *(getattr(r, f) for f in _CACHE_FIELDS)) for r in rows]
    with connection.cursor() as cursor:
        execute_values(cursor.cursor if hasattr(cursor, "cursor") else cursor, sql, values, page_size=1000)


def incidents_sla_recompute(*, now: datetime | None = None, incident_ids=None) -> int:
    """Recompute the cached SLA columns of open incidents from their clock events (after a change of
    targets or of the calendar, e.g. a new bank holiday). Deterministic: running it twice changes nothing.
    """
    now = now or timezone.now()
    qs = Incident.objects.filter(OPEN_Q, kind="incident")
    if incident_ids is not None:
        qs = qs.filter(pk__in=list(incident_ids))
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        events: dict[int, list[ClockEvent]] = {pk: [] for pk in chunk}
        for pk, kind, at, category in (
            IncidentClockEvent.objects.filter(incident_id__in=chunk)
            .order_by("incident_id", "at", "pk")
            .values_list("incident_id", "kind", "at", "category")
        ):
            events[pk].append(ClockEvent(kind=kind, at=at, category=category))
        rows = [r for r in Incident.objects.filter(pk__in=chunk).only("pk", *_CACHE_FIELDS) if events[r.pk]]
        for incident in rows:
            figures = sla_compute(events[incident.pk], now=now)
            for name, value in clock_cache_values(figures, now=now, incident=incident).items():
                setattr(incident, name, value)
        with transaction.atomic():
            _write_cache(rows)
        done += len(rows)
    return done
