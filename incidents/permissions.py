"""Permission codes, queryset scopes and policy predicates of the incidents app.

Scope (IM-07 [INFERRED]): a User's people see incidents their Party raised, is assigned, or is an
Interested Party in; DCC staff see all. Major Security Incidents are need-to-know (coverage §5.6):
only the raiser, the Major Incident Manager, people named on the need-to-know list, and holders
of ``view_security_incident`` see them. Everything else answers 404.
"""

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from portal.permissions import is_dcc_staff

from .choices import IncidentKind, IncidentStatus, ProblemStatus


class Perm(StrEnum):
    VIEW = "incidents.view_incident"
    RAISE = "incidents.raise_incident"
    LOG_ON_BEHALF = "incidents.log_incident_on_behalf"
    TRIAGE = "incidents.triage_incident"
    DECLARE_MAJOR = "incidents.declare_major_incident"
    VIEW_SECURITY = "incidents.view_security_incident"
    MANAGE_PROBLEM = "incidents.manage_problem"
    VIEW_REPORT = "incidents.view_incident_report"


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _security_visible(user) -> Q:
    from .models import MajorIncident

    if user.has_perm(Perm.VIEW_SECURITY):
        return Q()
    told = MajorIncident.objects.filter(incident=OuterRef("pk")).filter(Q(manager=user) | Q(need_to_know=user))
    return Q(is_security=False) | Q(raised_by=user) | Exists(told)


def scope_incidents(qs: QuerySet, user) -> QuerySet:
    """Incidents ``user`` may see (see the module docstring)."""
    from .models import InterestedParty

    if not _signed_in(user):
        return qs.none()
    if not user.has_perm(Perm.VIEW):
        # A person of a Party that is not a User follows its own general queries (SD-02).
        if not user.party.is_user:
            return qs.filter(party_id=user.party_id, kind=IncidentKind.GENERAL_QUERY)
        return qs.none()
    security = _security_visible(user)
    if is_dcc_staff(user):
        return qs.filter(security) if security else qs
    interested = InterestedParty.objects.filter(incident=OuterRef("pk"), party_id=user.party_id)
    own = Q(party_id=user.party_id) | Q(assigned_party_id=user.party_id) | Exists(interested)
    qs = qs.filter(own)
    return qs.filter(security) if security else qs


def scope_problems(qs: QuerySet, user) -> QuerySet:
    """Problems: DCC staff see all; a User sees Problems linked to incidents it can see (H9.5) and
    every Known Error."""
    from .models import Incident

    if not _signed_in(user) or not user.has_perm(Perm.VIEW):
        return qs.none()
    if is_dcc_staff(user):
        return qs
    visible = scope_incidents(Incident.objects.all(), user).filter(problem=OuterRef("pk"))
    # Known Errors are self-help for every User: check them before raising (App AG 2.1.3).
    return qs.filter(Exists(visible) | Q(status=ProblemStatus.KNOWN_ERROR))


def is_service_desk(user) -> bool:
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.TRIAGE)


def can_raise_incident(user) -> bool:
    """Nominated individuals of a User (a Party with a User Role) raise incidents (App AG 2.1)."""
    return _signed_in(user) and user.has_perm(Perm.RAISE) and user.party.is_user


def can_raise_general_query(user) -> bool:
    """Nominated individuals, and anyone at a Party that is not a User, raise general queries (SD-02)."""
    return _signed_in(user) and not user.party.is_dcc and (user.has_perm(Perm.RAISE) or not user.party.is_user)


def can_log_on_behalf(user) -> bool:
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.LOG_ON_BEHALF)


def can_triage_incident(user, incident) -> bool:
    return is_service_desk(user)


def can_respond_incident(user, incident) -> bool:
    """The Incident Party an incident is pending with answers it and hands it back (2.5.7)."""
    return (
        _signed_in(user)
        and incident.status == IncidentStatus.PENDING
        and incident.assigned_party_id == user.party_id
        and user.has_perm(Perm.RAISE)
    )


def can_comment_incident(user, incident) -> bool:
    """Raiser's Party, the assigned Party and Interested Parties add updates; so does the desk."""
    if is_service_desk(user):
        return True
    return _signed_in(user) and user.has_perm(Perm.RAISE) and incident.status != IncidentStatus.CLOSED


def can_dispute_resolution(user, incident) -> bool:
    """Incident Party, resolver or Interested Party may disagree within the window (2.12.6)."""
    return (
        _signed_in(user)
        and incident.status == IncidentStatus.RESOLVED
        and (is_service_desk(user) or user.has_perm(Perm.RAISE))
    )


def can_reopen_incident(user, incident) -> bool:
    """Only the original raiser re-opens (2.13.1); the desk may re-open one closed in error (H9.7)."""
    if incident.status != IncidentStatus.CLOSED or incident.kind != IncidentKind.INCIDENT:
        return False
    return is_service_desk(user) or (_signed_in(user) and incident.raised_by_id == user.pk)


def can_join_incident(user, incident) -> bool:
    return can_raise_incident(user) and incident.party_id != user.party_id and incident.is_open


def can_declare_major(user) -> bool:
    return is_service_desk(user) and user.has_perm(Perm.DECLARE_MAJOR)


def can_manage_problem(user) -> bool:
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.MANAGE_PROBLEM)


def can_view_reports(user) -> bool:
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.VIEW_REPORT)
