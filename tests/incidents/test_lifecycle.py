"""Triage, the clock through pending, resolution, auto-close, disputes, re-opening and recurrences."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from incidents.choices import ClockEventKind as K
from incidents.choices import ProblemStatus, ResolverGroup, SlaState
from incidents.clock import clock_figures
from incidents.models import Incident, IncidentClockEvent
from incidents.services import (
    incident_add_interested_party,
    incident_assign,
    incident_bulk_assign,
    incident_categorise,
    incident_close_not_incident,
    incident_dispute,
    incident_reopen,
    incident_report_recurrence,
    incident_resolve,
    incident_respond,
    incidents_auto_close,
)
from portal.exceptions import InvalidTransition, NotPermitted
from portal.models import Notification
from tests.factories.incidents import incident_input, raise_incident

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)


def kinds(incident):
    return list(IncidentClockEvent.objects.filter(incident=incident).values_list("kind", flat=True))


@pytest.fixture
def logged(ssi_user):
    return raise_incident(ssi_user, now=MONDAY, occurred_at=MONDAY - timedelta(hours=1))


def test_category_change_needs_reason_and_tells_parties(logged, agent, other_party, other_user):
    incident_add_interested_party(actor=agent, incident=logged, party=other_party, now=MONDAY)
    with pytest.raises(ValidationError) as exc:
        incident_categorise(actor=agent, incident=logged, category=2, now=MONDAY)
    assert "reason" in exc.value.message_dict
    assert Incident.objects.get(pk=logged.pk).category == 3
    incident_categorise(actor=agent, incident=logged, category=2, reason="Affects 5,000 premises", now=MONDAY)
    logged.refresh_from_db()
    assert (logged.category, logged.is_categorised) == (2, True)
    assert kinds(logged) == [K.START, K.CATEGORY]
    assert logged.resolution_due_at == MONDAY + timedelta(hours=24)  # re-measured as Category 2, 24x7
    assert Notification.objects.filter(recipient=other_user, body__contains="Affects 5,000 premises").exists()


def test_user_cannot_triage(logged, ssi_user):
    with pytest.raises(NotPermitted):
        incident_categorise(actor=ssi_user, incident=logged, category=2, reason="x")
    with pytest.raises(NotPermitted):
        incident_assign(actor=ssi_user, incident=logged, group=ResolverGroup.SMKI)
    assert Incident.objects.get(pk=logged.pk).status == "logged"


def test_pending_pauses_clock_and_answer_resumes(logged, agent, ssi_user, supplier_party):
    incident_assign(
        actor=agent,
        incident=logged,
        party=supplier_party,
        now=MONDAY + timedelta(hours=1),
        reason="Please check the meter's HAN",
    )
    logged.refresh_from_db()
    assert (logged.status, logged.clock_running, logged.resolution_due_at) == ("pending", False, None)
    assert logged.resolution_remaining_seconds == 71 * 3600
    incident_respond(actor=ssi_user, incident=logged, text="HAN fine, meter rebooted", now=MONDAY + timedelta(days=1))
    logged.refresh_from_db()
    assert logged.status == "assigned"
    assert logged.clock_running
    assert kinds(logged) == [K.START, K.RESPONDED, K.PAUSE, K.RESUME]
    # 1h used before the pause, 71h left from Tuesday 09:00 on Working Days: Friday 08:00.
    assert logged.resolution_due_at == datetime(2026, 11, 20, 8, 0, tzinfo=LONDON)


def test_only_the_pending_party_answers(logged, agent, other_user, supplier_party):
    incident_assign(actor=agent, incident=logged, party=supplier_party, now=MONDAY)
    with pytest.raises(NotPermitted):
        incident_respond(actor=other_user, incident=logged, text="not ours")
    assert Incident.objects.get(pk=logged.pk).status == "pending"


def test_reassignment_needs_reason(logged, agent):
    incident_assign(actor=agent, incident=logged, group=ResolverGroup.SMKI, now=MONDAY)
    with pytest.raises(ValidationError):
        incident_assign(actor=agent, incident=logged, group=ResolverGroup.COMMS_HUB_WAN, now=MONDAY)
    incident_assign(actor=agent, incident=logged, group=ResolverGroup.COMMS_HUB_WAN, reason="Hub fault", now=MONDAY)
    assert Incident.objects.get(pk=logged.pk).assigned_group == ResolverGroup.COMMS_HUB_WAN
    assert kinds(logged) == [K.START, K.RESPONDED]


def test_bulk_assign_reports_each_failure(ssi_user, agent):
    a, b = raise_incident(ssi_user), raise_incident(ssi_user)
    incident_close_not_incident(actor=agent, incident=b, guidance="This is a HAN issue in your estate.")
    done, errors = incident_bulk_assign(actor=agent, incident_ids=[a.pk, b.pk], group=ResolverGroup.DATA_SERVICES)
    assert done == [a.pk]
    assert list(errors) == [b.pk]


def test_resolve_then_auto_close_after_three_working_days(logged, agent):
    incident_assign(actor=agent, incident=logged, group=ResolverGroup.COMMS_HUB_WAN, now=MONDAY)
    friday = datetime(2026, 11, 20, 15, 0, tzinfo=LONDON)
    with pytest.raises(ValidationError):
        incident_resolve(actor=agent, incident=logged, resolution_type="permanent_fix", summary="", now=friday)
    incident_resolve(actor=agent, incident=logged, resolution_type="permanent_fix", summary="Hub replaced", now=friday)
    logged.refresh_from_db()
    assert logged.confirm_by == datetime(2026, 11, 25, 15, 0, tzinfo=LONDON)  # Wed: Mon, Tue, Wed
    assert logged.resolved_within_target is False  # 4 Working Days 6h used > 72h
    assert incidents_auto_close(now=datetime(2026, 11, 25, 14, 59, tzinfo=LONDON)) == []
    assert incidents_auto_close(now=logged.confirm_by) == [logged.pk]
    assert incidents_auto_close(now=logged.confirm_by + timedelta(days=1)) == []  # idempotent
    logged.refresh_from_db()
    assert logged.status == "closed"
    assert "automatically" in logged.updates.order_by("-pk").first().text


def test_dispute_reopens_investigation_and_restarts_clock(logged, agent, ssi_user):
    incident_assign(actor=agent, incident=logged, group=ResolverGroup.COMMS_HUB_WAN, now=MONDAY)
    incident_resolve(
        actor=agent, incident=logged, resolution_type="permanent_fix", summary="Fixed", now=MONDAY + timedelta(hours=2)
    )
    with pytest.raises(ValidationError):
        incident_dispute(actor=ssi_user, incident=logged, reason="")
    incident_dispute(actor=ssi_user, incident=logged, reason="Still failing on 3 hubs", now=MONDAY + timedelta(days=1))
    logged.refresh_from_db()
    assert (logged.status, logged.confirm_by) == ("assigned", None)
    figures = clock_figures(logged, now=MONDAY + timedelta(days=1))
    assert figures.elapsed == timedelta(hours=2)
    assert figures.state == SlaState.ON_TRACK
    assert incidents_auto_close(now=MONDAY + timedelta(days=10)) == []


def _closed(incident, agent, fix):
    incident_assign(actor=agent, incident=incident, group=ResolverGroup.COMMS_HUB_WAN, now=MONDAY)
    incident_resolve(actor=agent, incident=incident, resolution_type=fix, summary="Restarted the hub", now=MONDAY)
    incidents_auto_close(now=MONDAY + timedelta(days=7))
    incident.refresh_from_db()
    return incident


def test_reopen_only_by_raiser_only_after_failed_workaround(logged, agent, ssi_user, ssi_admin):
    incident = _closed(logged, agent, "workaround")
    assert incident.problem is not None
    assert incident.problem.source == "workaround"
    with pytest.raises(NotPermitted):
        incident_reopen(actor=ssi_admin, incident=incident, reason="same party, different person")
    incident_reopen(actor=ssi_user, incident=incident, reason="Workaround stopped working")
    assert Incident.objects.get(pk=incident.pk).status == "reopened"


def test_reopen_refused_for_permanent_fix_and_closed_problem(ssi_user, agent):
    fixed = _closed(raise_incident(ssi_user, now=MONDAY), agent, "permanent_fix")
    with pytest.raises(ValidationError):
        incident_reopen(actor=ssi_user, incident=fixed, reason="again")
    worked = _closed(raise_incident(ssi_user, now=MONDAY), agent, "workaround")
    worked.problem.status = ProblemStatus.CLOSED
    worked.problem.save()
    with pytest.raises(ValidationError) as exc:
        incident_reopen(actor=ssi_user, incident=worked, reason="again")
    assert "raise a new incident" in str(exc.value)
    assert Incident.objects.get(pk=worked.pk).status == "closed"


def test_desk_reopens_incident_closed_in_error(ssi_user, agent):
    fixed = _closed(raise_incident(ssi_user, now=MONDAY), agent, "permanent_fix")
    incident_reopen(actor=agent, incident=fixed, reason="Closed against the wrong reference")
    assert Incident.objects.get(pk=fixed.pk).status == "reopened"
    assert kinds(fixed)[-1] == K.RESTART


def test_recurrence_is_a_new_linked_incident(ssi_user, agent):
    old = _closed(raise_incident(ssi_user, now=MONDAY), agent, "permanent_fix")
    new = incident_report_recurrence(actor=ssi_user, incident=old, data=incident_input())
    assert new.pk != old.pk
    assert new.recurrence_of == old
    assert new.links.filter(kind="incident", value=old.reference, target_incident=old).exists()
    with pytest.raises(ValidationError):
        incident_report_recurrence(actor=ssi_user, incident=new, data=incident_input())


def test_resolving_a_closed_incident_is_refused(ssi_user, agent):
    closed = _closed(raise_incident(ssi_user, now=MONDAY), agent, "permanent_fix")
    with pytest.raises(InvalidTransition):
        incident_resolve(actor=agent, incident=closed, resolution_type="permanent_fix", summary="again")


def test_extend_confirmation_moves_auto_close(logged, agent, ssi_user):
    from incidents.services import incident_extend_confirmation

    incident_assign(actor=agent, incident=logged, group=ResolverGroup.COMMS_HUB_WAN, now=MONDAY)
    incident_resolve(actor=agent, incident=logged, resolution_type="permanent_fix", summary="x", now=MONDAY)
    logged.refresh_from_db()
    with pytest.raises(NotPermitted):
        incident_extend_confirmation(actor=ssi_user, incident=logged, working_days_more=2, reason="r")
    with pytest.raises(ValidationError):
        incident_extend_confirmation(actor=agent, incident=logged, working_days_more=2, reason="")
    assert Incident.objects.get(pk=logged.pk).confirm_by == datetime(2026, 11, 19, 9, 0, tzinfo=LONDON)
    incident_extend_confirmation(actor=agent, incident=logged, working_days_more=2, reason="Intermittent: weekly")
    assert Incident.objects.get(pk=logged.pk).confirm_by == datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)
    assert incidents_auto_close(now=datetime(2026, 11, 20, 9, 0, tzinfo=LONDON)) == []


def test_resolution_notifies_raiser_interested_parties_and_resolver(
    logged, agent, ssi_user, other_party, other_user, make_person, dcc_party
):
    from portal.models import Notification

    resolver = make_person(dcc_party, "service_desk_agent", email="resolver@dcc.test")
    incident_add_interested_party(actor=agent, incident=logged, party=other_party, now=MONDAY)
    incident_assign(actor=agent, incident=logged, group=ResolverGroup.SMKI, assignee=resolver, now=MONDAY)
    incident_resolve(
        actor=agent,
        incident=logged,
        resolution_type="permanent_fix",
        summary="Fixed the hub",
        now=MONDAY + timedelta(hours=1),
    )
    told = set(Notification.objects.filter(subject__endswith="Resolved").values_list("recipient__email", flat=True))
    assert told == {ssi_user.email, other_user.email, resolver.email}  # not the agent who resolved it


def test_identifying_an_interested_party_tells_that_party_only(ssi_user, agent, other_party, other_user, make_person):
    from incidents.services import incident_add_interested_party
    from portal.choices import PortalRole
    from tests.factories.portal import PartyFactory

    third = PartyFactory(name="Pennine Power", code="pennine")
    third_person = make_person(third, PortalRole.SSI_USER, email="user@pennine.test")
    incident = raise_incident(ssi_user, now=MONDAY)
    incident_add_interested_party(actor=agent, incident=incident, party=other_party, now=MONDAY)
    told = Notification.objects.filter(subject__endswith="You are an Interested Party")
    assert list(told.values_list("recipient", flat=True)) == [other_user.pk]
    incident_add_interested_party(actor=agent, incident=incident, party=third, now=MONDAY)
    assert told.filter(recipient=other_user).count() == 1  # not told again about the third Party
    assert told.filter(recipient=third_person).count() == 1
    assert not told.filter(recipient=ssi_user).exists()
