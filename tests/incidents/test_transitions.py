"""Every move of the incident lifecycle: allowed ones change status and clock; the rest change nothing."""

import itertools

import pytest
from django.utils import timezone

from incidents.choices import ClockEventKind as K
from incidents.choices import IncidentStatus as S
from incidents.models import Incident, IncidentClockEvent
from incidents.transitions import INCIDENT_TRANSITIONS, PROBLEM_TRANSITIONS, incident_move, problem_move
from portal.exceptions import InvalidTransition
from portal.models import AuditEvent
from tests.factories.incidents import ProblemFactory, raise_incident

ALLOWED = sorted((a, b) for a, targets in INCIDENT_TRANSITIONS.items() for b in targets)
FORBIDDEN = sorted((a, b) for a, b in itertools.product(S.values, S.values) if (a, b) not in ALLOWED)

EXPECTED_CLOCK = {
    (S.LOGGED, S.ASSIGNED): [K.RESPONDED],
    (S.LOGGED, S.PENDING): [K.RESPONDED, K.PAUSE],
    (S.LOGGED, S.CLOSED): [K.STOP],
    (S.ASSIGNED, S.PENDING): [K.PAUSE],
    (S.ASSIGNED, S.RESOLVED): [K.STOP],
    (S.ASSIGNED, S.CLOSED): [K.STOP],
    (S.PENDING, S.ASSIGNED): [K.RESUME],
    (S.PENDING, S.RESOLVED): [K.STOP],
    (S.RESOLVED, S.ASSIGNED): [K.RESTART],
    (S.RESOLVED, S.CLOSED): [],
    (S.CLOSED, S.REOPENED): [K.RESTART],
    (S.REOPENED, S.ASSIGNED): [],
    (S.REOPENED, S.PENDING): [K.PAUSE],
    (S.REOPENED, S.RESOLVED): [K.STOP],
}


def _in_status(user, status):
    incident = raise_incident(user)
    Incident.objects.filter(pk=incident.pk).update(status=status)  # test set-up only
    incident.refresh_from_db()
    if status != S.LOGGED:
        Incident.objects.filter(pk=incident.pk).update(responded_at=timezone.now())
        incident.refresh_from_db()
    return incident


def _kinds(incident):
    return list(
        IncidentClockEvent.objects.filter(incident=incident)
        .exclude(kind=K.START)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_every_status_has_a_row():
    assert set(INCIDENT_TRANSITIONS) == set(S.values)
    assert set(EXPECTED_CLOCK) == set(ALLOWED)


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_allowed_move(ssi_user, agent, source, target):
    incident = _in_status(ssi_user, source)
    incident_move(incident=incident, to=target, actor=agent, now=timezone.now(), reason="test")
    incident.refresh_from_db()
    assert incident.status == target
    expected = [k for k in EXPECTED_CLOCK[(source, target)] if not (k == K.RESPONDED and source != S.LOGGED)]
    assert _kinds(incident) == expected
    assert AuditEvent.objects.filter(action=f"incident.{target}", target_id=str(incident.pk)).count() == 1
    assert incident.updates.filter(kind="status").count() == 1


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_forbidden_move_changes_nothing(ssi_user, agent, source, target):
    incident = _in_status(ssi_user, source)
    audits = AuditEvent.objects.count()
    with pytest.raises(InvalidTransition) as exc:
        incident_move(incident=incident, to=target, actor=agent, now=timezone.now())
    assert exc.value.code == "incident.invalid_transition"
    incident.refresh_from_db()
    assert incident.status == source
    assert _kinds(incident) == []
    assert AuditEvent.objects.count() == audits


def test_concurrent_move_loses(ssi_user, agent):
    incident = _in_status(ssi_user, S.LOGGED)
    stale = Incident.objects.get(pk=incident.pk)
    incident_move(incident=incident, to=S.ASSIGNED, actor=agent, now=timezone.now())
    with pytest.raises(InvalidTransition) as exc:
        incident_move(incident=stale, to=S.CLOSED, actor=agent, now=timezone.now())
    assert exc.value.code == "incident.concurrent_change"
    assert Incident.objects.get(pk=incident.pk).status == S.ASSIGNED


@pytest.mark.parametrize(
    ("source", "target"),
    sorted((a, b) for a, b in itertools.product(PROBLEM_TRANSITIONS, PROBLEM_TRANSITIONS) if a != b),
)
def test_problem_moves(agent, source, target):
    problem = ProblemFactory(status=source)
    if target in PROBLEM_TRANSITIONS[source]:
        problem_move(problem=problem, to=target, actor=agent)
        assert problem.status == target
    else:
        with pytest.raises(InvalidTransition):
            problem_move(problem=problem, to=target, actor=agent)
        problem.refresh_from_db()
        assert problem.status == source


def test_stale_reassignment_writes_nothing(ssi_user, agent, other_party):
    """Re-assigning from a stale copy (someone moved it to pending meanwhile) is refused, not half-done."""
    from incidents.models import IncidentUpdate
    from incidents.services import incident_assign

    incident = raise_incident(ssi_user)
    incident_assign(actor=agent, incident=incident, group="service_desk")
    stale = Incident.objects.get(pk=incident.pk)
    incident_assign(actor=agent, incident=incident, party=other_party, reason="theirs")
    updates, audits = IncidentUpdate.objects.count(), AuditEvent.objects.count()
    with pytest.raises(InvalidTransition) as err:
        incident_assign(actor=agent, incident=stale, group="smki", reason="wrong group")
    assert err.value.code == "incident.concurrent_change"
    fresh = Incident.objects.get(pk=incident.pk)
    assert (fresh.status, fresh.assigned_group, fresh.assigned_party_id) == ("pending", "", other_party.pk)
    assert (IncidentUpdate.objects.count(), AuditEvent.objects.count()) == (updates, audits)
