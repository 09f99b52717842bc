"""Reads of the incidents app, always scoped to the actor (STYLE rule 12)."""

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from portal.models import User

from .models import OPEN_Q, Incident, Problem, ServiceAlert
from .permissions import scope_incidents, scope_problems


def incident_list(*, actor: User) -> QuerySet:
    """Incidents the actor may see, newest first, with what list pages show."""
    return scope_incidents(Incident.objects.all(), actor).select_related("party", "assignee", "assigned_party")


def incident_queue(*, actor: User) -> QuerySet:
    """Open incidents in priority order: category, then time left to the target resolution
    (App AG 2.4.3). Running clocks first by deadline; paused ones by the time they have left."""
    return (
        incident_list(actor=actor)
        .filter(OPEN_Q, kind="incident")
        .order_by("category", F("resolution_due_at").asc(nulls_last=True), "resolution_remaining_seconds", "pk")
    )


def general_query_queue(*, actor: User) -> QuerySet:
    return incident_list(actor=actor).filter(OPEN_Q, kind="general_query").order_by("created_at")


def incident_get(*, actor: User, pk: int) -> Incident:
    """One incident, or 404 when it does not exist or the actor may not see it."""
    qs = incident_list(actor=actor).select_related(
        "raised_by", "logged_by", "problem", "recurrence_of", "major", "major__manager"
    )
    return get_object_or_404(qs, pk=pk)


def problem_list(*, actor: User) -> QuerySet:
    return scope_problems(Problem.objects.all(), actor)


def problem_get(*, actor: User, pk: int) -> Problem:
    return get_object_or_404(problem_list(actor=actor), pk=pk)


def service_alerts_active() -> QuerySet:
    """Service Alerts are for every signed-in User (§5.1)."""
    return ServiceAlert.objects.filter(ended_at__isnull=True).select_related("incident")
