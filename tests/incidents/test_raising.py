"""Raising incidents and queries: required data, categories, links, attachments, who may raise."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from incidents.choices import Channel, ClockEventKind, IncidentKind, LinkKind
from incidents.models import Incident, IncidentAttachment, IncidentClockEvent, IncidentLink, InterestedParty
from incidents.services import AttachmentInput, incident_join, incident_matches, incident_raise
from portal.exceptions import NotPermitted
from portal.models import AuditEvent, Notification
from tests.factories.incidents import incident_input, raise_for, raise_incident


def test_raise_records_incident_clock_links_and_audit(ssi_user):
    incident = incident_raise(
        actor=ssi_user,
        data=incident_input(links=[(LinkKind.SERVICE_REQUEST, "90-b3-d5-1f-30-01-00-01:00-db-12-34-56-78-9a-bc:17")]),
        attachments=[AttachmentInput(name="hub.log", content=b"no WAN\n", content_type="text/plain")],
    )
    assert incident.status == "logged"
    assert (incident.category, incident.proposed_category, incident.is_categorised) == (3, 3, False)
    assert incident.channel == Channel.SSI
    assert incident.raised_by == ssi_user
    assert set(IncidentLink.objects.filter(incident=incident).values_list("kind", "value")) == {
        ("device", "00-DB-12-34-56-78-9A-BC"),
        ("service_request", "90-B3-D5-1F-30-01-00-01:00-DB-12-34-56-78-9A-BC:17"),
    }
    assert IncidentAttachment.objects.get(incident=incident).size == 7
    assert list(IncidentClockEvent.objects.filter(incident=incident).values_list("kind", "category")) == [
        (ClockEventKind.START, 3)
    ]
    assert incident.response_due_at == incident.created_at + timedelta(minutes=45) or incident.response_due_at
    assert AuditEvent.objects.filter(action="incident.raised", target_id=str(incident.pk)).count() == 1
    assert Notification.objects.filter(recipient=ssi_user, subject__contains=incident.reference).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"business_impact": ""}, "business_impact"),
        ({"triage_details": ""}, "triage_details"),
        ({"proposed_category": None}, "proposed_category"),
        ({"proposed_category": 1}, "proposed_category"),
        ({"device_id": "not-a-device"}, "device_id"),
        ({"mpxn": "12AB"}, "mpxn"),
        ({"occurred_at": timezone.now() + timedelta(days=1)}, "occurred_at"),
        ({"links": [("service_request", "nonsense")]}, "links"),
    ],
)
def test_bad_input_changes_nothing(ssi_user, overrides, field):
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        raise_incident(ssi_user, **overrides)
    assert field in exc.value.message_dict
    assert Incident.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_category_1_by_ssi_is_refused_with_the_reason(ssi_user):
    with pytest.raises(ValidationError) as exc:
        raise_incident(ssi_user, proposed_category=1)
    assert "telephoned" in exc.value.message_dict["proposed_category"][0]


@override_settings(INCIDENTS_ATTACHMENT_MAX_BYTES=10)
@pytest.mark.parametrize(
    ("name", "content", "code"),
    [("big.log", b"x" * 11, "too large"), ("tool.exe", b"MZ", "not accepted"), ("empty.txt", b"", "empty")],
)
def test_attachment_limits(ssi_user, name, content, code):
    with pytest.raises(ValidationError) as exc:
        incident_raise(
            actor=ssi_user, data=incident_input(), attachments=[AttachmentInput(name=name, content=content)]
        )
    assert code in " ".join(exc.value.message_dict["attachments"])
    assert Incident.objects.count() == 0
    assert IncidentAttachment.objects.count() == 0


def test_non_user_party_may_raise_only_general_queries(non_user_person):
    with pytest.raises(NotPermitted) as exc:
        raise_incident(non_user_person)
    assert exc.value.code == "incident.not_a_user"
    query = incident_raise(
        actor=non_user_person,
        kind=IncidentKind.GENERAL_QUERY,
        data=incident_input(triage_details="", proposed_category=None),
    )
    assert query.kind == IncidentKind.GENERAL_QUERY
    assert query.reference.startswith("GQ-")
    assert query.category is None
    assert not IncidentClockEvent.objects.filter(incident=query).exists()


def test_person_without_role_cannot_raise(no_role_user):
    with pytest.raises(NotPermitted):
        raise_incident(no_role_user)
    assert Incident.objects.count() == 0


def test_agent_logs_phone_call_on_behalf_including_category_1(agent, supplier_party, ssi_user):
    incident = raise_for(agent, supplier_party, proposed_category=1)
    assert (incident.party, incident.logged_by, incident.channel, incident.category) == (
        supplier_party,
        agent,
        "phone",
        1,
    )
    assert "logged by" in incident.updates.get(kind="logged").text


def test_user_cannot_log_on_behalf(ssi_user, other_party):
    with pytest.raises(NotPermitted):
        raise_for(ssi_user, other_party)
    assert Incident.objects.count() == 0


def test_matches_find_open_incident_on_same_device_and_join(ssi_user, other_user):
    incident = raise_incident(ssi_user)
    matches, _alerts = incident_matches(data=incident_input(summary="something else", device_id="00db123456789abc"))
    assert matches == [incident]
    interest = incident_join(actor=other_user, incident=incident)
    assert interest.joined
    assert interest.party == other_user.party
    assert incident_join(actor=other_user, incident=incident) == interest  # joining twice changes nothing
    assert InterestedParty.objects.count() == 1
    with pytest.raises(NotPermitted):
        incident_join(actor=ssi_user, incident=incident)  # own incident
