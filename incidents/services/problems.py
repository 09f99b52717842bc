"""Problems and Known Errors (coverage §5.7; App AG 3)."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal import working_days
from portal.exceptions import NotPermitted
from portal.models import User
from portal.services import audit

from ..choices import ProblemClosure, ProblemSource, ProblemStatus, UpdateKind
from ..models import Incident, IncidentUpdate, Problem
from ..permissions import can_manage_problem
from ..transitions import problem_move
from .notify import notify_incident

EDITABLE_FIELDS = (
    "title",
    "description",
    "classification",
    "root_cause",
    "workaround",
    "permanent_fix",
    "anticipated_costs",
    "anticipated_timescales",
    "impact_of_closure",
)


def problem_raise(
    *,
    actor: User,
    title: str,
    source: str,
    incidents=(),
    description: str = "",
    workaround: str = "",
    now: datetime | None = None,
) -> Problem:
    """Open a Problem and link ``incidents`` to it.

    Raised automatically when a Major Incident is resolved (2.10.5) or an incident is resolved with
    a workaround (2.12.5), and by hand for recurring incidents (App AG 3(c)). The target closure
    date starts at ``INCIDENTS_PROBLEM_TARGET_WORKING_DAYS`` Working Days. Problem details are
    shared with the Interested Parties (2.10.6).
    """
    now = now or timezone.now()
    if source == ProblemSource.RECURRING and not can_manage_problem(actor):
        raise NotPermitted("Only DCC problem managers raise Problems by hand.", code="problem.not_permitted")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ["Give the Problem a title."]})
    if source not in ProblemSource.values:
        raise ValidationError({"source": [f"{source} is not a Problem source."]})
    incidents = list(incidents)
    if source == ProblemSource.RECURRING and len(incidents) < 2:
        raise ValidationError({"incidents": ["Link at least two incidents that recur."]})
    day = now.astimezone(working_days.LONDON).date()
    with transaction.atomic():
        problem = Problem.objects.create(
            title=title[:300],
            description=description,
            source=source,
            workaround=workaround,
            opened_at=now,
            opened_by=actor,
            target_closure_date=working_days.add_working_days(day, settings.INCIDENTS_PROBLEM_TARGET_WORKING_DAYS),
        )
        Incident.objects.filter(pk__in=[i.pk for i in incidents]).update(problem=problem)
        for incident in incidents:
            incident.problem = problem
            IncidentUpdate.objects.create(
                incident=incident,
                kind=UpdateKind.PROBLEM,
                at=now,
                actor=actor,
                text=f"Linked to {problem.reference}: {problem.title}",
            )
            notify_incident(incident, subject=f"Problem {problem.reference} opened", body=problem.title, exclude=actor)
        audit.record(
            action="problem.raised",
            actor=actor,
            target=problem,
            after={"source": source, "incidents": [i.pk for i in incidents]},
        )
    return problem


def problem_update(
    *,
    actor: User,
    problem: Problem,
    values: dict,
    target_closure_date=None,
    target_change_reason: str = "",
    now: datetime | None = None,
) -> Problem:
    """Edit the analysis fields; moving the target date needs a reason, which the report shows."""
    if not can_manage_problem(actor):
        raise NotPermitted("Only DCC problem managers edit Problems.", code="problem.not_permitted")
    if problem.status == ProblemStatus.CLOSED:
        raise ValidationError({"status": ["A closed Problem cannot be edited."]})
    before = {f: getattr(problem, f) for f in EDITABLE_FIELDS}
    before["target_closure_date"] = problem.target_closure_date
    changes = {f: (values[f] or "").strip() for f in EDITABLE_FIELDS if f in values}
    if "title" in changes and not changes["title"]:
        raise ValidationError({"title": ["Give the Problem a title."]})
    if target_closure_date and target_closure_date != problem.target_closure_date:
        if not (target_change_reason or "").strip():
            raise ValidationError({"target_change_reason": ["Say why the target closure date changes."]})
        changes["target_closure_date"] = target_closure_date
        changes["target_change_reason"] = target_change_reason.strip()
    if not changes:
        return problem
    with transaction.atomic():
        # Write only the edited fields, and only while the Problem is still open: a full save()
        # from a stale copy would write its old status back over a close made meanwhile (status
        # changes belong to transitions.py alone).
        if not Problem.objects.filter(pk=problem.pk).exclude(status=ProblemStatus.CLOSED).update(**changes):
            raise ValidationError({"status": ["The Problem was closed meanwhile; reload it."]})
        for f, v in changes.items():
            setattr(problem, f, v)
        after = {f: getattr(problem, f) for f in before}
        old, new = audit.changed_fields(before, after)
        audit.record(action="problem.updated", actor=actor, target=problem, before=old, after=new)
    return problem


def problem_mark_known_error(*, actor: User, problem: Problem, root_cause: str) -> Problem:
    """Root cause found: reclassify as a Known Error (App AG 3)."""
    if not can_manage_problem(actor):
        raise NotPermitted("Only DCC problem managers edit Problems.", code="problem.not_permitted")
    root_cause = (root_cause or problem.root_cause or "").strip()
    if not root_cause:
        raise ValidationError({"root_cause": ["Record the root cause before calling it a Known Error."]})
    return problem_move(
        problem=problem,
        to=ProblemStatus.KNOWN_ERROR,
        actor=actor,
        reason=root_cause,
        updates={"root_cause": root_cause},
    )


def problem_close(
    *, actor: User, problem: Problem, closure_reason: str, note: str = "", now: datetime | None = None
) -> Problem:
    """Close on one of the three grounds, after discussing with Interested Parties (App AG 3)."""
    now = now or timezone.now()
    if not can_manage_problem(actor):
        raise NotPermitted("Only DCC problem managers close Problems.", code="problem.not_permitted")
    if closure_reason not in ProblemClosure.values:
        raise ValidationError({"closure_reason": ["Choose why the Problem closes."]})
    if closure_reason == ProblemClosure.PERMANENT_FIX and not (problem.permanent_fix or note).strip():
        raise ValidationError({"closure_reason": ["Record the permanent fix first."]})
    return problem_move(
        problem=problem,
        to=ProblemStatus.CLOSED,
        actor=actor,
        reason=note or closure_reason,
        updates={"closed_at": now, "closure_reason": closure_reason, "permanent_fix": problem.permanent_fix or note},
    )
