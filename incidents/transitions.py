"""The only place an incident's status changes (STYLE rule 7), and the clock events each move implies.

Lifecycle (coverage §5.5; sec-requirements IM-12)::

    logged   --assign to DCC group--> assigned      --assign to Incident Party--> pending
    logged   --not an incident (2.5.8)--> closed
    assigned --assign to Incident Party (2.5.7)--> pending --party answers--> assigned
    assigned | pending | reopened --resolve (2.12.4)--> resolved
    assigned --not an incident--> closed
    resolved --no disagreement in 3 Working Days (2.12.6)--> closed
    resolved --a party disagrees (2.12.6)--> assigned
    closed   --raiser: workaround failed (2.13.1) / desk: closed in error (H9.7)--> reopened
    reopened --> assigned | pending | resolved

Clock (App AG 2.5.6(c)): the resolution clock pauses while pending with an Incident Party, stops
at resolution or closure, and restarts (keeping the time already used) when a resolution is
disputed or the incident is re-opened. The first assignment to a resolver is the initial response.
"""

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction

from portal.models import User
from portal.transitions import compare_and_set

from .choices import ClockEventKind as K
from .choices import IncidentStatus as S
from .choices import UpdateKind
from .clock import clock_record_many
from .models import Incident, IncidentUpdate

INCIDENT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    S.LOGGED: frozenset({S.ASSIGNED, S.PENDING, S.CLOSED}),
    S.ASSIGNED: frozenset({S.PENDING, S.RESOLVED, S.CLOSED}),
    S.PENDING: frozenset({S.ASSIGNED, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.ASSIGNED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.ASSIGNED, S.PENDING, S.RESOLVED}),
}

# Clock events each move records, in order.
_CLOCK: Mapping[tuple[str, str], tuple[str, ...]] = {
    (S.LOGGED, S.ASSIGNED): (K.RESPONDED,),
    (S.LOGGED, S.PENDING): (K.RESPONDED, K.PAUSE),
    (S.LOGGED, S.CLOSED): (K.STOP,),
    (S.ASSIGNED, S.PENDING): (K.PAUSE,),
    (S.ASSIGNED, S.RESOLVED): (K.STOP,),
    (S.ASSIGNED, S.CLOSED): (K.STOP,),
    (S.PENDING, S.ASSIGNED): (K.RESUME,),
    (S.PENDING, S.RESOLVED): (K.STOP,),
    (S.RESOLVED, S.ASSIGNED): (K.RESTART,),
    (S.CLOSED, S.REOPENED): (K.RESTART,),
    (S.REOPENED, S.PENDING): (K.PAUSE,),
    (S.REOPENED, S.RESOLVED): (K.STOP,),
}


def allowed_moves(status: str) -> frozenset[str]:
    return INCIDENT_TRANSITIONS.get(status, frozenset())


def incident_move(
    *,
    incident: Incident,
    to: str,
    actor: User | None,
    now: datetime,
    reason: str = "",
    updates: dict | None = None,
    note: str = "",
    internal: bool = False,
) -> Incident:
    """Move ``incident`` to ``to``: compare-and-set, audit, timeline entry and clock events.

    Raises ``InvalidTransition`` (409, nothing changed) when the table forbids the move or the
    status changed underneath us.
    """
    before = incident.status
    with transaction.atomic():
        compare_and_set(
            obj=incident,
            to=to,
            table=INCIDENT_TRANSITIONS,
            actor=actor,
            action=f"incident.{to}",
            reason=reason,
            updates=updates,
        )
        text = f"Status {S(before).label} → {S(to).label}." + (f" {note}" if note else "")
        IncidentUpdate.objects.create(
            incident=incident, kind=UpdateKind.STATUS, at=now, actor=actor, text=text, is_internal=internal
        )
        kinds = list(_CLOCK.get((before, to), ()))
        if K.RESPONDED in kinds and incident.responded_at:
            kinds.remove(K.RESPONDED)
        clock_record_many(incident=incident, kinds=kinds, at=now, actor=actor, reason=reason)
    return incident


# Problems (coverage §5.7): root cause found -> Known Error; close only on a permanent fix, an
# enhanced acceptable workaround, or when the DCC will not continue.
PROBLEM_TRANSITIONS: Mapping[str, frozenset[str]] = {
    "problem": frozenset({"known_error", "closed"}),
    "known_error": frozenset({"closed"}),
    "closed": frozenset(),
}


def problem_move(*, problem, to: str, actor: User, reason: str = "", updates: dict | None = None):
    """Move a Problem along ``PROBLEM_TRANSITIONS`` (audited; InvalidTransition otherwise)."""
    return compare_and_set(
        obj=problem,
        to=to,
        table=PROBLEM_TRANSITIONS,
        actor=actor,
        action=f"problem.{to}",
        reason=reason,
        updates=updates,
    )
