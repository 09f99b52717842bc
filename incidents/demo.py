"""Demo data of the incidents app.

The demo incidents are made through the real services with back-dated ``now`` values, so their
timelines, clock histories and audit rows are exactly what the portal records.
"""

import zlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .choices import Channel, IncidentKind, MajorIncidentKind, ResolutionType, ResolverGroup
from .models import Incident

DEMO_MARKER = "DEMO:"  # party_reference prefix: how the seeder recognises its own rows


# (party, raiser email, hours ago, category, summary, device, what happens next)
SCENARIOS = [
    (
        "northern",
        "user@northern.demo",
        2,
        3,
        "Communications Hub not responding to Service Requests",
        "00-DB-12-34-56-78-9A-01",
        "logged",
    ),
    (
        "dales",
        "user@dales.demo",
        30,
        2,
        "Gas meter readings missing for 120 premises after firmware update",
        "00-DB-12-34-56-78-9A-02",
        "assigned",
    ),
    (
        "pennine",
        "user@pennine.demo",
        50,
        4,
        "Alerts N28 received for devices we do not operate",
        "00-DB-12-34-56-78-9A-03",
        "pending",
    ),
    (
        "northern",
        "admin@northern.demo",
        26,
        3,
        "Prepayment top-up SRs timing out at the hub",
        "00-DB-12-34-56-78-9A-04",
        "resolved",
    ),
    ("agency", "user@agency.demo", 400, 5, "SSI inventory search returns stale SMI Status", "", "closed"),
    ("wessex", "user@wessex.demo", 300, 4, "Registration Data for MPRN not reflected in SMI", "", "workaround"),
    (
        "gridwise",
        "user@gridwise.demo",
        6,
        3,
        "Read Profile Data responses arrive without payload",
        "00-DB-12-34-56-78-9A-07",
        "not_incident",
    ),
    (
        "northern",
        "user@northern.demo",
        20,
        4,
        "Intermittent WAN loss in postcode LS6",
        "00-DB-12-34-56-78-9A-08",
        "assigned",
    ),
]


def _input(person, summary, device, hours):
    from .services import IncidentInput

    now = timezone.now()
    return IncidentInput(
        contact_name=person.full_name,
        contact_organisation=person.party.name,
        contact_details=person.email,
        party_reference=f"{DEMO_MARKER}{zlib.crc32(summary.encode()) % 10000:04d}",
        occurred_at=now - timedelta(hours=hours + 1),
        device_id=device,
        summary=summary,
        business_impact="Customers affected; see triage.",
        triage_details="Own systems and HAN checked; remote diagnostics run; no Known Error matches.",
        proposed_category=3,
    )


def _play(agent, person, category, summary, device, hours, outcome):
    from . import services

    now = timezone.now()
    t0 = now - timedelta(hours=hours)
    data = _input(person, summary, device, hours)
    data.proposed_category = category
    incident = services.incident_raise(actor=person, data=data, now=t0)
    if outcome == "logged":
        return incident
    if outcome == "not_incident":
        services.incident_close_not_incident(
            actor=agent,
            incident=incident,
            now=t0 + timedelta(minutes=30),
            guidance=(
                "Empty payloads are returned when no profile data exists for the period; check the requested range."
            ),
        )
        return incident
    services.incident_categorise(actor=agent, incident=incident, category=category, now=t0 + timedelta(minutes=5))
    services.incident_assign(
        actor=agent,
        incident=incident,
        group=ResolverGroup.COMMS_HUB_WAN,
        assignee=agent,
        now=t0 + timedelta(minutes=10),
    )
    if outcome == "pending":
        services.incident_assign(
            actor=agent,
            incident=incident,
            party=person.party,
            now=t0 + timedelta(hours=2),
            reason="Please confirm which of your devices raised the alerts.",
        )
        return incident
    if outcome == "assigned":
        return incident
    fix = ResolutionType.WORKAROUND if outcome == "workaround" else ResolutionType.PERMANENT_FIX
    services.incident_resolve(
        actor=agent,
        incident=incident,
        resolution_type=fix,
        now=t0 + timedelta(hours=20),
        summary="Hub firmware reset remotely and the WAN session re-established.",
    )
    if outcome in ("closed", "workaround"):
        services.incidents_auto_close(now=t0 + timedelta(days=6))
    return incident


@transaction.atomic
def seed(stdout=None) -> None:
    from . import services

    User = get_user_model()
    if Incident.objects.filter(party_reference__startswith=DEMO_MARKER).exists():
        if stdout:
            stdout.write("  incidents: demo incidents already present")
        return
    agent = User.objects.filter(email="agent@dcc.demo").first()
    manager = User.objects.filter(email="manager@dcc.demo").first()
    if agent is None or manager is None:
        return
    people = {u.email: u for u in User.objects.filter(email__endswith=".demo").select_related("party")}
    made = []
    for _party, email, hours, category, summary, device, outcome in SCENARIOS:
        if email in people:
            made.append(_play(agent, people[email], category, summary, device, hours, outcome))
    # A Major Incident, phoned in and logged by the agent, declared by the manager.
    northern = people["user@northern.demo"].party
    now = timezone.now()
    data = _input(people["user@northern.demo"], "Loss of WAN connectivity across the North region", "", 3)
    data.proposed_category = 1
    major = services.incident_raise(
        actor=agent,
        data=data,
        party=northern,
        raised_by=people["user@northern.demo"],
        channel=Channel.PHONE,
        now=now - timedelta(hours=3),
    )
    services.incident_assign(
        actor=agent,
        incident=major,
        group=ResolverGroup.COMMS_HUB_WAN,
        assignee=manager,
        now=now - timedelta(hours=3) + timedelta(minutes=8),
    )
    parties = [p.party for p in people.values() if not p.party.is_dcc and p.party.is_user]
    services.major_incident_declare(
        actor=manager,
        incident=major,
        manager=manager,
        kind=MajorIncidentKind.DCC,
        affected_parties=parties,
        alert_title="WAN outage: North region",
        alert_body="Devices in the North region cannot be reached. "
        "Service Requests will time out until connectivity is restored.",
        now=now - timedelta(hours=2, minutes=50),
    )
    # A general query from a Party that is not a User.
    forum = people.get("query@forum.demo")
    if forum is not None:
        from .services import IncidentInput

        services.incident_raise(
            actor=forum,
            kind=IncidentKind.GENERAL_QUERY,
            now=now - timedelta(hours=5),
            data=IncidentInput(
                contact_name=forum.full_name,
                contact_organisation=forum.party.name,
                contact_details=forum.email,
                occurred_at=now - timedelta(hours=5),
                party_reference=f"{DEMO_MARKER}GQ",
                summary="How are planned maintenance windows published?",
                business_impact="We brief consumers on service interruptions.",
            ),
        )
    services.incidents_sla_sweep(now=now)
    if stdout:
        stdout.write(f"  incidents: {len(made) + 2} incidents and queries, 1 Major Incident")
