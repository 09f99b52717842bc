"""Monthly performance figures, beat tasks, commands, query counts, the problem and major report pages."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents import reporting, tasks
from incidents.choices import ResolverGroup
from incidents.models import Incident
from incidents.services import (
    incident_assign,
    incident_resolve,
    major_incident_declare,
    problem_raise,
)
from portal.celery_schedule import beat_schedule
from tests.factories.incidents import raise_for, raise_incident

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)


def _resolved(user, agent, *, category, hours, party=None):
    incident = raise_incident(user, now=MONDAY, proposed_category=category)
    if party is not None:
        incident_assign(actor=agent, incident=incident, party=party, now=MONDAY)
    else:
        incident_assign(actor=agent, incident=incident, group=ResolverGroup.SMKI, now=MONDAY)
    incident_resolve(
        actor=agent,
        incident=incident,
        resolution_type="permanent_fix",
        summary="done",
        now=MONDAY + timedelta(hours=hours),
    )
    return incident


def test_monthly_performance_counts_dcc_resolved_incidents_against_target(ssi_user, agent, supplier_party):
    _resolved(ssi_user, agent, category=2, hours=23)  # within 24h
    _resolved(ssi_user, agent, category=2, hours=25)  # breached
    _resolved(ssi_user, agent, category=3, hours=10)
    _resolved(ssi_user, agent, category=4, hours=10, party=supplier_party)  # Incident Party: no target (H9.8(a))
    measures = {m.name: m for m in reporting.performance(date(2026, 11, 1))}
    high, low = measures["Categories 1 and 2"], measures["Categories 3, 4 and 5"]
    assert (high.resolved, high.within, high.percent, high.verdict) == (2, 1, 50.0, "below minimum")
    assert (low.resolved, low.within, low.percent, low.verdict) == (1, 1, 100.0, "meets target")
    report = reporting.monthly_report(date(2026, 11, 1))
    assert report["logged"] == 4
    assert [row["total"] for row in report["table"]] == [0, 2, 1, 1, 0]
    assert reporting.performance(date(2026, 10, 1))[0].verdict == "no incidents"


def test_charts_escape_text():
    svg = reporting.measures_svg([reporting.Measure("<b>x</b>", 1, 1, 90.0, 80.0)])
    assert "<b>" not in svg
    assert "&lt;b&gt;x&lt;/b&gt;" in svg


def test_beat_schedule_names_real_tasks():
    names = {entry["task"] for key, entry in beat_schedule().items() if key.startswith("incidents.")}
    assert names == {
        "incidents.tasks.incidents_sla_sweep",
        "incidents.tasks.incidents_auto_close",
        "incidents.tasks.major_incident_report_reminders",
        "incidents.tasks.inbound_email_fetch",
    }
    from celery import current_app

    assert names <= set(current_app.tasks)


def test_tasks_call_their_services(ssi_user, agent):
    incident = raise_incident(ssi_user, now=MONDAY)
    assert tasks.incidents_sla_sweep.delay().get()["response_breached"] == 1
    assert tasks.incidents_auto_close.delay().get() == 0
    assert tasks.inbound_email_fetch.delay().get() == 0  # no mailbox configured
    assert tasks.incidents_sla_recompute.delay().get() == 1
    assert Incident.objects.get(pk=incident.pk).response_breached_at is not None


def test_recompute_command(ssi_user, capsys):
    raise_incident(ssi_user)
    call_command("incidents_sla_recompute")
    assert "1 open incident(s) recomputed." in capsys.readouterr().out


def test_report_reminders(agent, manager, supplier_party):
    from incidents.services import major_incident_report_reminders
    from portal.models import Notification

    incident = raise_for(agent, supplier_party, proposed_category=1, now=MONDAY)
    major_incident_declare(actor=manager, incident=incident, manager=manager, alert_title="Outage", now=MONDAY)
    incident_assign(actor=manager, incident=incident, group=ResolverGroup.COMMS_HUB_WAN, now=MONDAY)
    incident_resolve(actor=manager, incident=incident, resolution_type="permanent_fix", summary="ok", now=MONDAY)
    assert major_incident_report_reminders(now=MONDAY + timedelta(days=1)) == 0
    assert major_incident_report_reminders(now=datetime(2026, 11, 18, 9, tzinfo=LONDON)) == 1  # summary due today
    assert Notification.objects.filter(recipient=manager, subject__contains="summary report due today").exists()


@pytest.mark.parametrize("count", [1, 5])
def test_list_query_counts_do_not_grow_with_rows(
    count, api_client_for, client, login, ssi_user, agent, django_assert_max_num_queries
):
    for _ in range(count):
        raise_incident(ssi_user)
    api = api_client_for(agent)
    with django_assert_max_num_queries(12):
        assert api.get("/api/v1/incidents/").status_code == 200
    login(agent)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("incidents:queue")).status_code == 200


def test_problem_and_major_report_pages(client, login, ssi_user, agent, manager, supplier_party):
    a, b = raise_incident(ssi_user), raise_incident(ssi_user)
    problem = problem_raise(actor=agent, title="Hub resets", source="recurring", incidents=[a, b])
    login(agent)
    page = client.post(
        reverse("incidents:problem-detail", args=[problem.pk]), {"action": "known", "known-root_cause": ""}
    )
    assert page.status_code == 400
    client.post(
        reverse("incidents:problem-detail", args=[problem.pk]), {"action": "known", "known-root_cause": "Watchdog bug"}
    )
    problem.refresh_from_db()
    assert problem.status == "known_error"
    csv = client.get(reverse("incidents:problem-report"), {"export": "csv"})
    assert problem.reference in b"".join(csv.streaming_content).decode()
    made = client.post(
        reverse("incidents:problem-raise"), {"title": "Again", "incidents": f"{a.reference}, INC-999999"}
    )
    assert made.status_code == 400
    incident = raise_for(agent, supplier_party, proposed_category=1)
    major_incident_declare(actor=manager, incident=incident, manager=manager, alert_title="Outage")
    assert client.get(reverse("incidents:major-report", args=[incident.pk, "summary"])).status_code == 403
    login(manager)
    response = client.post(
        reverse("incidents:major-report", args=[incident.pk, "summary"]), {"nature": "WAN outage", "submit": "on"}
    )
    assert response.status_code == 400  # incomplete, and not resolved yet
    incident.major.refresh_from_db()
    assert incident.major.summary_submitted_at is None
    alerts = client.get(reverse("incidents:alerts")).content.decode()
    assert "Outage" in alerts


def test_monthly_csv_puts_every_figure_under_its_own_column(client, login, ssi_user, agent):
    import csv
    import io

    incident = raise_incident(ssi_user, now=datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("Europe/London")))
    incident_assign(actor=agent, incident=incident, group=ResolverGroup.SERVICE_DESK, now=incident.created_at)
    incident_resolve(
        actor=agent,
        incident=incident,
        resolution_type="permanent_fix",
        summary="done",
        now=incident.created_at + timedelta(hours=1),
    )
    login(agent)
    response = client.get(reverse("incidents:monthly"), {"month": "2026-11", "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    cat3 = next(r for r in rows if r["section"] == "logged" and r["row"] == "Category 3")
    assert (cat3["resolved"], cat3["total"], cat3["dcc resolved"]) == ("1", "1", "")
    perf = next(r for r in rows if r["row"] == "Categories 3, 4 and 5")
    assert (perf["logged"], perf["dcc resolved"], perf["within target"], perf["result"]) == (
        "",
        "1",
        "1",
        "meets target",
    )


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2026", "2026-13", "x"])
def test_monthly_report_bad_month_falls_back_to_last_month(client, login, agent, month):
    login(agent)
    response = client.get(reverse("incidents:monthly"), {"month": month})
    assert response.status_code == 200
    assert 2000 <= response.context["month"].year <= 2999


def test_problem_changes_refused_with_403_for_users_and_closed_problems(client, login, ssi_user, agent):
    a, b = raise_incident(ssi_user), raise_incident(ssi_user)
    problem = problem_raise(actor=agent, title="Hub resets", source="recurring", incidents=[a, b])
    url = reverse("incidents:problem-detail", args=[problem.pk])
    login(ssi_user)  # sees the Problem (its incidents are its own) but may not change it
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "known", "known-root_cause": "Watchdog bug"}).status_code == 403
    problem.refresh_from_db()
    assert (problem.status, problem.root_cause) == ("problem", "")
    login(agent)
    client.post(url, {"action": "close", "close-closure_reason": "discontinued", "close-note": "Panel asked"})
    problem.refresh_from_db()
    assert problem.status == "closed"
    assert client.post(url, {"action": "edit", "edit-title": "Renamed"}).status_code == 403
    problem.refresh_from_db()
    assert problem.title == "Hub resets"
