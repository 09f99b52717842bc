"""Factories for the incidents app. Incidents made here go through ``incident_raise`` so that the
clock, timeline and audit are exactly what the portal would record."""

from datetime import timedelta

import factory
from django.utils import timezone

from incidents.choices import Channel, IncidentKind, LinkKind
from incidents.models import Incident, Problem
from incidents.services import IncidentInput, incident_raise


def incident_input(**overrides) -> IncidentInput:
    values = {
        "contact_name": "Noah User",
        "contact_organisation": "Northern Lights Energy",
        "contact_details": "noah@northern.test, 0161 496 0000",
        "party_reference": "NLE-4411",
        "occurred_at": timezone.now() - timedelta(hours=1),
        "device_id": "00-DB-12-34-56-78-9A-BC",
        "summary": "Communications Hub not responding to Service Requests",
        "business_impact": "Prepayment top-ups cannot reach 40 customers.",
        "triage_details": "Checked our systems and the HAN; remote diagnostics show no WAN response.",
        "proposed_category": 3,
    }
    values.update(overrides)
    return IncidentInput(**values)


def raise_incident(actor, *, now=None, **overrides) -> Incident:
    """An incident raised by ``actor`` through the real service."""
    if now is not None:
        overrides.setdefault("occurred_at", now - timedelta(hours=1))
    return incident_raise(actor=actor, data=incident_input(**overrides), now=now)


def raise_for(agent, party, *, channel=Channel.PHONE, now=None, kind=IncidentKind.INCIDENT, **overrides) -> Incident:
    if now is not None:
        overrides.setdefault("occurred_at", now - timedelta(hours=1))
    return incident_raise(
        actor=agent, data=incident_input(**overrides), party=party, channel=channel, kind=kind, now=now
    )


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    title = factory.Sequence(lambda n: f"Intermittent WAN loss in region {n}")
    source = "recurring"
    opened_at = factory.LazyFunction(timezone.now)


__all__ = ["LinkKind", "ProblemFactory", "incident_input", "raise_for", "raise_incident"]
