"""API: authorisation across anonymous / other Party / no permission / permitted, and each action."""

import pytest

from incidents.models import Incident
from tests.factories.incidents import raise_incident

URL = "/api/v1/incidents/"
BODY = {
    "contact_name": "Noah User",
    "contact_organisation": "Northern Lights Energy",
    "contact_details": "0161 496 0000",
    "occurred_at": "2026-11-16T09:00:00Z",
    "device_id": "00db123456789abc",
    "summary": "Hub offline",
    "business_impact": "Top-ups fail",
    "triage_details": "HAN checked",
    "proposed_category": 3,
    "links": [{"kind": "service_request", "value": "90-B3-D5-1F-30-01-00-01:00-DB-12-34-56-78-9A-BC:4"}],
}


@pytest.fixture
def incident(ssi_user):
    return raise_incident(ssi_user)


@pytest.mark.parametrize(
    ("who", "expected"), [("anon", 401), ("other_user", 404), ("no_role_user", 404), ("ssi_user", 200), ("agent", 200)]
)
def test_retrieve_authorisation(request, anon_api, api_client_for, incident, who, expected):
    api = anon_api if who == "anon" else api_client_for(request.getfixturevalue(who))
    response = api.get(f"{URL}{incident.pk}/")
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["reference"] == incident.reference


def test_list_is_scoped(api_client_for, incident, other_user, ssi_user, agent):
    raise_incident(other_user)
    assert [r["id"] for r in api_client_for(ssi_user).get(URL).json()["results"]] == [incident.pk]
    assert len(api_client_for(agent).get(URL).json()["results"]) == 2


def test_raise_by_api(api_client_for, ssi_user):
    response = api_client_for(ssi_user).post(URL, BODY, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["channel"], body["device_id"]) == ("logged", "api", "00-DB-12-34-56-78-9A-BC")
    assert {link["kind"] for link in body["links"]} == {"device", "service_request"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"proposed_category": 1}, "proposed_category"),
        ({"device_id": "zz"}, "device_id"),
    ],
)
def test_raise_bad_input_changes_nothing(api_client_for, ssi_user, change, field):
    response = api_client_for(ssi_user).post(URL, {**BODY, **change}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in {e["field"] for e in response.json()["errors"]}
    assert Incident.objects.count() == 0


def test_non_user_party_gets_clear_refusal_for_incident(api_client_for, non_user_person):
    response = api_client_for(non_user_person).post(URL, BODY, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "incident.not_a_user"
    query = api_client_for(non_user_person).post(URL, {**BODY, "kind": "general_query"}, format="json")
    assert query.status_code == 201
    assert query.json()["reference"].startswith("GQ-")


@pytest.mark.parametrize(("who", "expected"), [("anon", 401), ("other_user", 404), ("ssi_user", 403), ("agent", 200)])
def test_categorise_authorisation(request, anon_api, api_client_for, incident, who, expected):
    api = anon_api if who == "anon" else api_client_for(request.getfixturevalue(who))
    response = api.post(f"{URL}{incident.pk}/categorise/", {"category": 2, "reason": "wide impact"}, format="json")
    assert response.status_code == expected
    incident.refresh_from_db()
    assert incident.category == (2 if expected == 200 else 3)


def test_category_change_without_reason_is_400(api_client_for, agent, incident):
    response = api_client_for(agent).post(f"{URL}{incident.pk}/categorise/", {"category": 2}, format="json")
    assert response.status_code == 400
    assert Incident.objects.get(pk=incident.pk).category == 3


def test_full_path_over_api(api_client_for, agent, ssi_user, incident):
    desk, user = api_client_for(agent), api_client_for(ssi_user)
    assert (
        desk.post(f"{URL}{incident.pk}/assign/", {"party": "northern", "reason": "check HAN"}, format="json").json()[
            "status"
        ]
        == "pending"
    )
    assert desk.get(f"{URL}{incident.pk}/sla/").json()["state"] == "paused"
    assert (
        user.post(f"{URL}{incident.pk}/respond/", {"text": "rebooted"}, format="json").json()["status"] == "assigned"
    )
    resolved = desk.post(
        f"{URL}{incident.pk}/resolve/", {"resolution_type": "permanent_fix", "summary": "done"}, format="json"
    )
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["confirm_by"]
    again = desk.post(
        f"{URL}{incident.pk}/resolve/", {"resolution_type": "permanent_fix", "summary": "x"}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "incident.invalid_transition"
    reopen = api_client_for(agent).post(f"{URL}{incident.pk}/reopen/", {"reason": "x"}, format="json")
    assert reopen.status_code == 403  # resolved, not closed: nobody may re-open yet
    kinds = [e["kind"] for e in desk.get(f"{URL}{incident.pk}/sla/").json()["events"]]
    assert kinds == ["start", "responded", "pause", "resume", "stop"]
    assert len(user.get(f"{URL}{incident.pk}/timeline/").json()) >= 4


def test_queue_is_for_service_desk(api_client_for, ssi_user, agent, incident):
    assert api_client_for(ssi_user).get(f"{URL}queue/").status_code == 403
    assert [r["id"] for r in api_client_for(agent).get(f"{URL}queue/").json()["results"]] == [incident.pk]


def test_problems_and_alerts(api_client_for, agent, ssi_user):
    a, b = raise_incident(ssi_user), raise_incident(ssi_user)
    assert (
        api_client_for(ssi_user)
        .post(f"{URL}problems/", {"title": "x", "incidents": [a.pk, b.pk]}, format="json")
        .status_code
        == 403
    )
    created = api_client_for(agent).post(
        f"{URL}problems/", {"title": "Recurring", "incidents": [a.pk, b.pk]}, format="json"
    )
    assert created.status_code == 201
    assert sorted(created.json()["incidents"]) == sorted([a.reference, b.reference])
    assert [p["id"] for p in api_client_for(ssi_user).get(f"{URL}problems/").json()["results"]] == [
        created.json()["id"]
    ]
    assert api_client_for(ssi_user).get(f"{URL}service-alerts/").status_code == 200


def test_schema_builds_without_warnings():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/incidents/{id}/resolve/" in schema["paths"]


def test_matches_are_only_for_people_who_may_raise(api_client_for, incident, ssi_user, non_user_person, other_user):
    """A non-User Party must not read other Parties' open incidents through the match search."""
    query = f"{URL}matches/?summary=Communications"
    refused = api_client_for(non_user_person).get(query)
    assert refused.status_code == 403
    assert "raise incidents" in refused.json()["detail"]
    other_incident = raise_incident(other_user)
    found = api_client_for(ssi_user).get(f"{URL}matches/?device_id={other_incident.device_id}")
    assert found.status_code == 200
    assert other_incident.pk in [row["id"] for row in found.json()]


def test_close_refuses_an_incident_that_is_not_resolved(api_client_for, agent, incident):
    desk = api_client_for(agent)
    desk.post(f"{URL}{incident.pk}/assign/", {"group": "service_desk"}, format="json")
    response = desk.post(f"{URL}{incident.pk}/close/", {"reason": "done"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "incident.invalid_transition"
    incident.refresh_from_db()
    assert (incident.status, incident.closed_at, incident.resolution_type) == ("assigned", None, "")


def test_assign_refuses_a_resolved_incident(api_client_for, agent, incident):
    desk = api_client_for(agent)
    desk.post(f"{URL}{incident.pk}/assign/", {"group": "service_desk"}, format="json")
    desk.post(f"{URL}{incident.pk}/resolve/", {"resolution_type": "permanent_fix", "summary": "fixed"}, format="json")
    incident.refresh_from_db()
    confirm_by, events = incident.confirm_by, incident.clock_events.count()
    response = desk.post(f"{URL}{incident.pk}/assign/", {"group": "smki"}, format="json")
    assert response.status_code == 409
    assert "only open incidents" in response.json()["detail"]
    incident.refresh_from_db()
    assert (incident.status, incident.assigned_group, incident.confirm_by) == ("resolved", "service_desk", confirm_by)
    assert incident.clock_events.count() == events


def test_unknown_party_or_person_is_a_clear_400_not_a_404(api_client_for, agent, incident):
    desk = api_client_for(agent)
    party = desk.post(f"{URL}{incident.pk}/assign/", {"party": "nosuch", "reason": "x"}, format="json")
    assert party.status_code == 400
    assert party.json()["errors"][0]["field"] == "party"
    assert "nosuch" in party.json()["errors"][0]["message"]
    person = desk.post(
        f"{URL}{incident.pk}/assign/", {"group": "service_desk", "assignee": "nobody@dcc.test"}, format="json"
    )
    assert person.status_code == 400
    assert person.json()["errors"][0]["field"] == "assignee"
    interested = desk.post(f"{URL}{incident.pk}/interested-parties/", {"party": "nosuch"}, format="json")
    assert interested.status_code == 400
    incident.refresh_from_db()
    assert (incident.status, incident.interested_parties.count()) == ("logged", 0)


def test_a_user_cannot_claim_the_telephone_channel_to_raise_category_1(api_client_for, ssi_user):
    response = api_client_for(ssi_user).post(URL, {**BODY, "channel": "phone", "proposed_category": 1}, format="json")
    assert response.status_code == 400
    assert "channel" in {e["field"] for e in response.json()["errors"]}
    assert Incident.objects.count() == 0


@pytest.fixture
def closed(ssi_user, agent):
    from datetime import timedelta

    from django.utils import timezone

    from incidents.choices import ResolverGroup
    from incidents.services import incident_assign, incident_resolve, incidents_auto_close

    incident, now = raise_incident(ssi_user), timezone.now()
    incident_assign(actor=agent, incident=incident, group=ResolverGroup.COMMS_HUB_WAN, now=now)
    incident_resolve(actor=agent, incident=incident, resolution_type="permanent_fix", summary="Fixed", now=now)
    incidents_auto_close(now=now + timedelta(days=30))
    incident.refresh_from_db()
    assert incident.status == "closed"
    return incident


@pytest.mark.parametrize(
    ("who", "expected"), [("anon", 401), ("other_user", 404), ("no_role_user", 404), ("ssi_user", 201)]
)
def test_recurrence_authorisation(request, anon_api, api_client_for, closed, who, expected):
    api = anon_api if who == "anon" else api_client_for(request.getfixturevalue(who))
    response = api.post(f"{URL}{closed.pk}/recurrence/", BODY, format="json")
    assert response.status_code == expected
    assert Incident.objects.filter(recurrence_of=closed).count() == (1 if expected == 201 else 0)
    if expected == 201:
        body = response.json()
        assert (body["recurrence_of"], body["status"]) == (closed.pk, "logged")
        assert {"kind": "incident", "value": closed.reference} in [
            {"kind": link["kind"], "value": link["value"]} for link in body["links"]
        ]


def test_recurrence_bad_input_changes_nothing(api_client_for, ssi_user, closed, incident):
    api = api_client_for(ssi_user)
    count = Incident.objects.count()
    blank = api.post(f"{URL}{closed.pk}/recurrence/", {**BODY, "summary": ""}, format="json")
    assert blank.status_code == 400
    still_open = api.post(f"{URL}{incident.pk}/recurrence/", BODY, format="json")
    assert still_open.status_code == 400
    assert "Only a closed incident can recur" in str(still_open.json())
    assert Incident.objects.count() == count
