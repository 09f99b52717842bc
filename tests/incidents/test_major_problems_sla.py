"""Major incidents and their reports, need-to-know, Problems, the SLA sweep and recomputation."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from incidents.choices import MajorIncidentKind, ProblemStatus, ResolverGroup
from incidents.models import Incident, MajorIncidentNotice, Problem, ServiceAlert
from incidents.selectors import incident_list
from incidents.services import (
    incident_assign,
    incident_resolve,
    incidents_sla_recompute,
    incidents_sla_sweep,
    major_incident_declare,
    major_incident_report_save,
    problem_close,
    problem_mark_known_error,
    problem_raise,
    problem_update,
)
from portal.exceptions import NotPermitted
from portal.models import Notification
from tests.factories.incidents import raise_for, raise_incident

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)


def test_declare_major_notifies_raises_alert_and_sets_report_deadlines(
    agent, manager, supplier_party, other_party, other_user
):
    incident = raise_for(agent, supplier_party, proposed_category=2, now=MONDAY)
    with pytest.raises(NotPermitted):
        major_incident_declare(actor=agent, incident=incident, manager=manager, alert_title="x")
    major = major_incident_declare(
        actor=manager,
        incident=incident,
        manager=manager,
        affected_parties=[other_party],
        alert_title="WAN outage North",
        reason="Region-wide",
        now=MONDAY,
    )
    incident.refresh_from_db()
    assert (incident.category, incident.is_major, incident.is_security) == (1, True, False)
    assert ServiceAlert.objects.get(incident=incident).is_active
    assert list(MajorIncidentNotice.objects.values_list("party", flat=True)) == [other_party.pk]
    assert Notification.objects.filter(recipient=other_user, subject__contains="Major Incident").exists()
    incident_assign(actor=manager, incident=incident, group=ResolverGroup.COMMS_HUB_WAN, now=MONDAY)
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=LONDON)
    incident_resolve(actor=manager, incident=incident, resolution_type="permanent_fix", summary="Restored", now=friday)
    major.refresh_from_db()
    assert (major.summary_due_on, major.review_due_on) == (date(2026, 11, 24), date(2026, 12, 18))
    assert not ServiceAlert.objects.get(incident=incident).is_active
    incident.refresh_from_db()
    assert incident.problem.source == "major_incident"  # 2.10.5


def test_major_report_submission_needs_every_field(agent, manager, supplier_party):
    incident = raise_for(agent, supplier_party, proposed_category=1)
    major = major_incident_declare(actor=manager, incident=incident, manager=manager, alert_title="Outage")
    incident_assign(actor=manager, incident=incident, group=ResolverGroup.COMMS_HUB_WAN)
    incident_resolve(actor=manager, incident=incident, resolution_type="permanent_fix", summary="Fixed")
    with pytest.raises(ValidationError) as exc:
        major_incident_report_save(actor=manager, major=major, part="summary", values={"nature": "x"}, submit=True)
    assert "cause" in exc.value.message_dict
    major.refresh_from_db()
    assert major.summary_submitted_at is None
    assert major.nature == ""
    values = dict.fromkeys(
        ("nature", "cause", "impact", "future_impact", "service_impact", "lost_data", "actions_taken"), "filled"
    )
    major_incident_report_save(actor=manager, major=major, part="summary", values=values, submit=True)
    assert major.summary_submitted_at is not None


def test_major_security_incident_is_need_to_know(
    agent, manager, supplier_party, ssi_user, ssi_admin, make_person, dcc_party
):
    incident = raise_for(agent, supplier_party, proposed_category=1)
    Incident.objects.filter(pk=incident.pk).update(raised_by=ssi_user)
    incident.refresh_from_db()
    other_agent = make_person(dcc_party, "service_desk_agent", email="agent2@dcc.test")
    major_incident_declare(
        actor=manager, incident=incident, manager=manager, kind=MajorIncidentKind.SECURITY, need_to_know=[other_agent]
    )
    assert not ServiceAlert.objects.exists()
    assert incident_list(actor=ssi_user).filter(pk=incident.pk).exists()  # the raiser
    assert not incident_list(actor=ssi_admin).filter(pk=incident.pk).exists()  # same Party, not told
    assert not incident_list(actor=agent).filter(pk=incident.pk).exists()  # desk agent, not on the list
    assert incident_list(actor=other_agent).filter(pk=incident.pk).exists()
    assert incident_list(actor=manager).filter(pk=incident.pk).exists()


def test_problem_lifecycle(agent, ssi_user):
    a, b = raise_incident(ssi_user), raise_incident(ssi_user)
    with pytest.raises(ValidationError):
        problem_raise(actor=agent, title="Recurring", source="recurring", incidents=[a])
    problem = problem_raise(actor=agent, title="Recurring hub resets", source="recurring", incidents=[a, b])
    assert set(problem.incidents.values_list("pk", flat=True)) == {a.pk, b.pk}
    with pytest.raises(ValidationError):
        problem_update(actor=agent, problem=problem, values={}, target_closure_date=date(2027, 3, 1))
    problem_update(
        actor=agent,
        problem=problem,
        values={"anticipated_costs": "£20k"},
        target_closure_date=date(2027, 3, 1),
        target_change_reason="Vendor patch slipped",
    )
    with pytest.raises(ValidationError):
        problem_mark_known_error(actor=agent, problem=problem, root_cause="")
    problem_mark_known_error(actor=agent, problem=problem, root_cause="Firmware watchdog bug")
    problem_close(actor=agent, problem=problem, closure_reason="permanent_fix", note="Firmware 4.2 deployed")
    problem.refresh_from_db()
    assert (problem.status, problem.target_change_reason) == (ProblemStatus.CLOSED, "Vendor patch slipped")


def test_user_cannot_manage_problems(ssi_user):
    problem = Problem.objects.create(title="t", source="recurring", opened_at=MONDAY)
    with pytest.raises(NotPermitted):
        problem_close(actor=ssi_user, problem=problem, closure_reason="discontinued")
    assert Problem.objects.get(pk=problem.pk).status == "problem"


def test_sla_sweep_warns_and_breaches_once(ssi_user, agent):
    incident = raise_incident(ssi_user, now=MONDAY)
    incident_assign(actor=agent, incident=incident, group=ResolverGroup.SMKI, assignee=agent, now=MONDAY)
    # Category 3: 72h on Working Days from Mon 09:00 -> Thu 09:00; 80% at Wed 18:36.
    assert incidents_sla_sweep(now=datetime(2026, 11, 18, 18, 35, tzinfo=LONDON)) == {
        "warned": 0,
        "breached": 0,
        "response_breached": 0,
    }
    assert incidents_sla_sweep(now=datetime(2026, 11, 18, 18, 36, tzinfo=LONDON))["warned"] == 1
    assert incidents_sla_sweep(now=datetime(2026, 11, 18, 18, 40, tzinfo=LONDON))["warned"] == 0
    assert incidents_sla_sweep(now=datetime(2026, 11, 19, 9, 0, tzinfo=LONDON))["breached"] == 1
    assert incidents_sla_sweep(now=datetime(2026, 11, 19, 9, 5, tzinfo=LONDON))["breached"] == 0
    incident.refresh_from_db()
    assert incident.sla_breached_at
    assert incident.updates.filter(kind="sla").count() == 2
    assert Notification.objects.filter(recipient=agent, subject__contains="breached").exists()


def test_response_breach_when_nobody_assigns(ssi_user):
    incident = raise_incident(ssi_user, now=MONDAY)
    assert incidents_sla_sweep(now=MONDAY + timedelta(minutes=44))["response_breached"] == 0
    assert incidents_sla_sweep(now=MONDAY + timedelta(minutes=45))["response_breached"] == 1
    incident.refresh_from_db()
    assert incident.response_breached_at is not None


def test_recompute_after_target_change_is_deterministic(ssi_user):
    incident = raise_incident(ssi_user, now=MONDAY)
    before = incident.resolution_due_at
    targets = {**__import__("django.conf").conf.settings.INCIDENTS_SLA_TARGETS}
    targets[3] = {**targets[3], "resolution_minutes": 24 * 60}
    with override_settings(INCIDENTS_SLA_TARGETS=targets):
        assert incidents_sla_recompute(now=MONDAY) == 1
        incident.refresh_from_db()
        assert incident.resolution_due_at == MONDAY + timedelta(hours=24)
        incidents_sla_recompute(now=MONDAY)
        incident.refresh_from_db()
        assert incident.resolution_due_at == MONDAY + timedelta(hours=24)
    incidents_sla_recompute(now=MONDAY)
    incident.refresh_from_db()
    assert incident.resolution_due_at == before


def test_users_see_known_errors_and_their_own_problems_only(agent, ssi_user, other_user):
    mine = problem_raise(
        actor=agent, title="Mine", source="recurring", incidents=[raise_incident(ssi_user), raise_incident(ssi_user)]
    )
    theirs = problem_raise(
        actor=agent,
        title="Theirs",
        source="recurring",
        incidents=[raise_incident(other_user), raise_incident(other_user)],
    )
    known = Problem.objects.create(title="Known", source="recurring", opened_at=MONDAY, status="known_error")
    from incidents.selectors import problem_list

    assert set(problem_list(actor=ssi_user)) == {mine, known}
    assert set(problem_list(actor=agent)) == {mine, theirs, known}


def test_editing_a_stale_copy_of_a_problem_does_not_reopen_it(agent, ssi_user):
    a, b = raise_incident(ssi_user), raise_incident(ssi_user)
    problem = problem_raise(actor=agent, title="Hub resets", source="recurring", incidents=[a, b])
    stale = Problem.objects.get(pk=problem.pk)
    problem_close(actor=agent, problem=problem, closure_reason="discontinued", note="Panel asked")
    with pytest.raises(ValidationError):
        problem_update(actor=agent, problem=stale, values={"title": "Renamed", "root_cause": "x"})
    fresh = Problem.objects.get(pk=problem.pk)
    assert (fresh.status, fresh.title, fresh.root_cause) == (ProblemStatus.CLOSED, "Hub resets", "")
    open_one = problem_raise(actor=agent, title="Another", source="recurring", incidents=[a, b])
    problem_update(actor=agent, problem=open_one, values={"root_cause": "Watchdog"})
    assert Problem.objects.get(pk=open_one.pk).root_cause == "Watchdog"


def test_saving_one_major_report_from_a_stale_copy_keeps_the_other(agent, manager, supplier_party):
    from incidents.models import MajorIncident

    incident = raise_for(agent, supplier_party, proposed_category=1)
    major = major_incident_declare(actor=manager, incident=incident, manager=manager, alert_title="Outage")
    incident_assign(actor=manager, incident=incident, group=ResolverGroup.COMMS_HUB_WAN)
    incident_resolve(actor=manager, incident=incident, resolution_type="permanent_fix", summary="Fixed")
    major.refresh_from_db()
    stale = MajorIncident.objects.get(pk=major.pk)
    values = dict.fromkeys(
        ("nature", "cause", "impact", "future_impact", "service_impact", "lost_data", "actions_taken"), "filled"
    )
    major_incident_report_save(actor=manager, major=major, part="summary", values=values, submit=True)
    major_incident_report_save(actor=manager, major=stale, part="review", values={"response_review": "draft"})
    fresh = MajorIncident.objects.get(pk=major.pk)
    assert fresh.summary_submitted_at is not None
    assert (fresh.nature, fresh.response_review) == ("filled", "draft")
    with pytest.raises(ValidationError):  # the stale copy still thinks the summary is open
        major_incident_report_save(actor=manager, major=stale, part="summary", values={"nature": "changed"})
    assert MajorIncident.objects.get(pk=major.pk).nature == "filled"


def test_problem_update_with_nothing_to_change_is_a_no_op(agent, ssi_user):
    from portal.models import AuditEvent

    a, b = raise_incident(ssi_user), raise_incident(ssi_user)
    problem = problem_raise(actor=agent, title="Hub resets", source="recurring", incidents=[a, b])
    audits = AuditEvent.objects.count()
    assert problem_update(actor=agent, problem=problem, values={}) == problem
    assert AuditEvent.objects.count() == audits
