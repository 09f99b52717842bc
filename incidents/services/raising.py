"""Raising incidents and general queries, matching open incidents, joining as Interested Party."""

import contextlib
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from portal.exceptions import NotPermitted
from portal.identifiers import normalise_eui64
from portal.models import User
from portal.services import audit

from ..choices import Category, Channel, ClockEventKind, IncidentKind, LinkKind, UpdateKind
from ..clock import clock_record
from ..models import OPEN_Q, Incident, IncidentAttachment, IncidentLink, IncidentUpdate, InterestedParty, ServiceAlert
from ..permissions import can_join_incident, can_log_on_behalf, can_raise_general_query, can_raise_incident
from .notify import notify_incident
from .validation import AttachmentInput, check_attachments, normalise_link, normalise_mpxn, parse_incident_reference

# App AG 2.3.1 (a)-(i); (d) and (f) are "where available / appropriate".
REQUIRED_INCIDENT_FIELDS = {
    "contact_name": "Contact name",
    "contact_organisation": "Contact organisation",
    "contact_details": "Contact details",
    "occurred_at": "Date and time of occurrence",
    "summary": "Summary of the incident",
    "business_impact": "Business impact",
    "triage_details": "Results of initial triage and diagnosis",
    "proposed_category": "Proposed category",
}
REQUIRED_QUERY_FIELDS = {
    "contact_name": "Contact name",
    "contact_organisation": "Contact organisation",
    "contact_details": "Contact details",
    "summary": "Summary of the query",
    "business_impact": "Details of the query",
}


@dataclass
class IncidentInput:
    """What a raiser supplies (App AG 2.3.1), plus links as (kind, value) pairs."""

    contact_name: str = ""
    contact_organisation: str = ""
    contact_details: str = ""
    party_reference: str = ""
    occurred_at: datetime | None = None
    mpxn: str = ""
    device_id: str = ""
    summary: str = ""
    business_impact: str = ""
    triage_details: str = ""
    proposed_category: int | str | None = None  # a form gives "" for none
    links: list[tuple[str, str]] = field(default_factory=list)


def missing_fields(data: IncidentInput, *, kind: str = IncidentKind.INCIDENT) -> list[str]:
    """Names of required fields that are empty."""
    required = REQUIRED_INCIDENT_FIELDS if kind == IncidentKind.INCIDENT else REQUIRED_QUERY_FIELDS
    return [name for name in required if getattr(data, name) in (None, "")]


def _clean(
    data: IncidentInput, *, kind: str, channel: str, now: datetime, by_agent: bool = False
) -> tuple[dict, list[tuple[str, str]]]:
    """Validate everything; return model values and normalised links, or raise ValidationError naming each problem.

    ``by_agent``: a service desk agent logs what a caller reported, and may leave the triage
    results empty (D-INC-06); every other required field still applies.
    """
    errors: dict[str, list] = {}
    required = REQUIRED_INCIDENT_FIELDS if kind == IncidentKind.INCIDENT else REQUIRED_QUERY_FIELDS
    for name in missing_fields(data, kind=kind):
        if by_agent and name == "triage_details":
            continue
        errors.setdefault(name, []).append(ValidationError(f"{required[name]} is required.", code="required"))
    values = {
        name: getattr(data, name)
        for name in (
            "contact_name",
            "contact_organisation",
            "contact_details",
            "party_reference",
            "summary",
            "business_impact",
            "triage_details",
        )
    }
    values = {k: (v or "").strip() for k, v in values.items()}
    values["occurred_at"] = data.occurred_at or now
    if data.occurred_at and data.occurred_at > now:
        errors.setdefault("occurred_at", []).append(
            ValidationError("The time of occurrence cannot be in the future.", code="future")
        )
    for name, normaliser in (("mpxn", normalise_mpxn), ("device_id", normalise_eui64)):
        raw = (getattr(data, name) or "").strip()
        values[name] = ""
        if raw:
            try:
                values[name] = normaliser(raw)
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.error_list)
    proposed = data.proposed_category
    if kind == IncidentKind.INCIDENT and proposed is not None and proposed != "":
        category = int(proposed)
        if category not in Category.values:
            errors.setdefault("proposed_category", []).append(
                ValidationError("Choose a category from 1 to 5.", code="invalid_choice")
            )
        # App AG 2.2.2 / coverage §8.19: Category 1 incidents are telephoned in, not raised on the SSI.
        elif category == Category.ONE and channel in (Channel.SSI, Channel.API):
            errors.setdefault("proposed_category", []).append(
                ValidationError(
                    "Category 1 (Major) incidents must be telephoned to the Service Desk, which logs them.",
                    code="category_1_by_phone",
                )
            )
        values["proposed_category"] = values["category"] = category
    links = []
    for kind_, value in data.links:
        try:
            links.append((kind_, normalise_link(kind_, value)))
        except ValidationError as exc:
            errors.setdefault("links", []).extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    return values, list(dict.fromkeys(links))


def _link_rows(incident: Incident, links, actor: User | None, now) -> list[IncidentLink]:
    rows = []
    if incident.device_id:
        links = [(LinkKind.DEVICE, incident.device_id), *links]
    if incident.mpxn:
        links = [(LinkKind.MPXN, incident.mpxn), *links]
    for kind, value in dict.fromkeys(links):
        target = None
        if kind == LinkKind.INCIDENT:
            number = parse_incident_reference(value)
            target = Incident.objects.filter(pk=number).first() if number is not None else None
            if target is None:
                raise ValidationError({"links": [f"{value} does not exist."]})
        rows.append(
            IncidentLink(
                incident=incident, kind=kind, value=value, target_incident=target, added_by=actor, added_at=now
            )
        )
    return rows


def _attachment_rows(
    incident: Incident, files: list[AttachmentInput], actor: User | None, now, *, internal: bool = False
) -> None:
    for f in files:
        row = IncidentAttachment(
            incident=incident,
            name=f.name[:200],
            size=len(f.content),
            content_type=f.content_type[:100],
            sha256=f.sha256,
            uploaded_by=actor,
            uploaded_at=now,
            is_internal=internal,
        )
        row.file.save(f.name[:150], ContentFile(f.content), save=False)
        row.save()


def incident_raise(
    *,
    actor: User | None,
    data: IncidentInput,
    channel: str = Channel.SSI,
    kind: str = IncidentKind.INCIDENT,
    party=None,
    raised_by=None,
    attachments: list[AttachmentInput] | None = None,
    recurrence_of: Incident | None = None,
    now: datetime | None = None,
) -> Incident:
    """Record an incident (or general query) in the Incident Management Log.

    ``actor`` is the raiser, or a service desk agent logging for ``party`` (phone/email, §3.3);
    ``actor=None`` is the inbound-mail path (then ``party`` and ``raised_by`` are given).
    Preconditions: a Party that is not a User may raise only general queries (SD-02, ¶254).
    Side effects: clock START, timeline entry, links, attachments, audit ``incident.raised``,
    notifications. Raises NotPermitted or ValidationError, having written nothing.
    """
    now = now or timezone.now()
    attachments = attachments or []
    values: dict = {}
    links: list = []
    on_behalf = party is not None
    if on_behalf and actor is not None and not can_log_on_behalf(actor):
        raise NotPermitted(
            "Only service desk agents log incidents on another Party's behalf.", code="incident.not_agent"
        )
    if not on_behalf:
        if actor is None:
            raise TypeError("incident_raise needs the raising person or the Party it is logged for")
        if kind == IncidentKind.INCIDENT and not can_raise_incident(actor):
            if can_raise_general_query(actor):
                raise NotPermitted(
                    "Your organisation is not a DCC User, so it may raise general queries but not "
                    "incidents (SEC ¶254).",
                    code="incident.not_a_user",
                )
            raise NotPermitted(
                "You are not a nominated individual allowed to raise incidents.", code="incident.not_permitted"
            )
        if kind == IncidentKind.GENERAL_QUERY and not can_raise_general_query(actor):
            raise NotPermitted("You may not raise general queries.", code="incident.not_permitted")
        # Telephone and email incidents are logged by the Service Desk (App AG 2.2.2, 1.4.10(d)); a
        # raiser cannot claim those channels, which would also let Category 1 past the SSI rule.
        if channel not in (Channel.SSI, Channel.API):
            raise ValidationError(
                {"channel": ["Only the Service Desk logs telephone and email incidents; raise it on the SSI or API."]}
            )
        party, raised_by = actor.party, actor
    if kind == IncidentKind.INCIDENT and not party.is_user:
        raise NotPermitted(
            f"{party} is not a DCC User: log a general query instead (SEC ¶254).", code="incident.not_a_user"
        )
    errors: dict = {}
    by_agent = on_behalf and actor is not None

    def clean():
        return _clean(data, kind=kind, channel=channel, now=now, by_agent=by_agent)

    for check in (clean, lambda: check_attachments(attachments)):
        try:
            result = check()
        except ValidationError as exc:  # report every problem at once
            errors.update(exc.error_dict)
        else:
            values, links = result or (values, links)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        incident = Incident.objects.create(
            kind=kind,
            channel=channel,
            party=party,
            raised_by=raised_by,
            logged_by=actor if on_behalf else None,
            recurrence_of=recurrence_of,
            created_at=now,
            **values,
        )
        IncidentLink.objects.bulk_create(_link_rows(incident, links, actor, now))
        _attachment_rows(incident, attachments, actor, now)
        ways: dict[str, str] = {Channel.PHONE: "by telephone", Channel.EMAIL: "by email"}
        how = ways.get(
            channel, f"via the {Channel(channel).label}"
        )
        text = (
            f"{incident.get_kind_display()} raised {how} by {incident.contact_name} of {incident.contact_organisation}"
        )
        text += f", logged by {actor.full_name}." if on_behalf and actor else "."
        if recurrence_of is not None:
            text += f" Recurrence of {recurrence_of.reference} (App AG 2.14)."
        IncidentUpdate.objects.create(incident=incident, kind=UpdateKind.LOGGED, at=now, actor=actor, text=text)
        if kind == IncidentKind.INCIDENT:
            clock_record(incident=incident, kind=ClockEventKind.START, at=now, actor=actor, category=incident.category)
        audit.record(
            action="incident.raised",
            actor=actor,
            target=incident,
            party=party,
            after={
                "kind": kind,
                "channel": channel,
                "category": incident.category,
                "links": [f"{k}:{v}" for k, v in links],
                "attachments": [a.name for a in attachments],
            },
        )
        notify_incident(
            incident,
            subject=f"{incident.get_kind_display()} logged",
            body=(f"{incident.summary}\n\nWe have logged it as {incident.reference}."),
            interested=False,
            resolver=False,
            desk=incident.category in (1, 2) or kind == IncidentKind.GENERAL_QUERY,
        )
    return incident


def incident_matches(*, data: IncidentInput, limit: int = 10):
    """Open incidents and active Service Alerts that may be the same issue (App AG 2.1: check before raising).

    Matches on the same Device ID, MPxN or linked Service Request, or on words of the summary.
    Major Security Incidents are never offered. Returns (incidents, alerts); the caller shows
    only reference, summary, category and status of other Parties' incidents.
    """
    cond = Q()
    identifiers: list[tuple[str, str]] = []
    for name, link_kind, normaliser in (
        ("device_id", LinkKind.DEVICE, normalise_eui64),
        ("mpxn", LinkKind.MPXN, normalise_mpxn),
    ):
        raw = (getattr(data, name) or "").strip()
        if raw:
            with contextlib.suppress(ValidationError):
                identifiers.append((link_kind, normaliser(raw)))
    for kind, value in data.links:
        with contextlib.suppress(ValidationError):
            identifiers.append((kind, normalise_link(kind, value)))
    for kind, value in identifiers:
        cond |= Q(links__kind=kind, links__value=value)
    words = [w for w in (data.summary or "").split() if len(w) >= 5][:4]
    for word in words:
        cond |= Q(summary__icontains=word)
    if not cond:
        return [], list(ServiceAlert.objects.filter(ended_at__isnull=True)[:5])
    qs = (
        Incident.objects.filter(OPEN_Q, cond, kind=IncidentKind.INCIDENT, is_security=False)
        .distinct()
        .order_by("category", "-pk")[:limit]
    )
    alerts = ServiceAlert.objects.filter(ended_at__isnull=True)
    return list(qs), list(alerts[:5])


def incident_join(*, actor: User, incident: Incident, now: datetime | None = None) -> InterestedParty:
    """Register the actor's Party as an Interested Party of an existing open incident (App AG 2.1.3).

    Raises NotPermitted (not a User, own incident, closed) or Conflict-free: joining twice is a no-op.
    """
    now = now or timezone.now()
    if incident.is_security or not can_join_incident(actor, incident):
        raise NotPermitted("You can join only another Party's open incident.", code="incident.cannot_join")
    with transaction.atomic():
        try:
            with transaction.atomic():
                interest = InterestedParty.objects.create(
                    incident=incident, party=actor.party, added_by=actor, added_at=now, joined=True
                )
        except IntegrityError:
            return InterestedParty.objects.get(incident=incident, party=actor.party)
        IncidentUpdate.objects.create(
            incident=incident,
            kind=UpdateKind.INTERESTED_PARTY,
            at=now,
            actor=actor,
            text=f"{actor.party} joined as an Interested Party.",
        )
        audit.record(action="incident.joined", actor=actor, target=incident, party=actor.party)
        notify_incident(
            incident,
            subject="An Interested Party joined",
            body=f"{actor.party} is also affected.",
            raiser=False,
            interested=False,
            resolver=True,
            exclude=actor,
        )
    return interest
