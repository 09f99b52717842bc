"""Major Incidents: declaration, Major Incident Manager, affected-Party notices, Service Alert, reports."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal import working_days
from portal.exceptions import NotPermitted
from portal.models import User
from portal.services import audit
from portal.services.notifications import notify

from ..choices import Category, IncidentKind, MajorIncidentKind, UpdateKind
from ..models import Incident, IncidentUpdate, MajorIncident, MajorIncidentNotice, ServiceAlert
from ..permissions import can_declare_major
from .notify import nominated_individuals, notify_incident
from .triage import incident_categorise

SUMMARY_FIELDS = ("nature", "cause", "impact", "future_impact", "service_impact", "lost_data", "actions_taken")
REVIEW_FIELDS = ("services_not_restored", "response_review", "party_failures", "cost_reductions", "modifications")


def major_incident_declare(
    *,
    actor: User,
    incident: Incident,
    manager,
    kind: str = MajorIncidentKind.DCC,
    affected_parties=(),
    need_to_know=(),
    alert_title: str = "",
    alert_body: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> MajorIncident:
    """Declare ``incident`` a Major Incident (Category 1).

    Nominates the DCC Major Incident Manager (a DCC employee, ¶234), notifies every affected Party
    (H9.11, 2.10.4) and records each notice, and raises a Service Alert on the SSI, except for a Major
    Security Incident, which stays need-to-know and is reported to the Panel and the Security
    Sub-Committee instead (G2.11). Re-categorises to 1 (with ``reason``) if needed.
    """
    now = now or timezone.now()
    if not can_declare_major(actor):
        raise NotPermitted("Only service desk managers declare Major Incidents.", code="incident.cannot_declare_major")
    if incident.kind != IncidentKind.INCIDENT or not incident.is_open:
        raise ValidationError({"incident": ["Only an open incident can be declared major."]})
    if hasattr(incident, "major"):
        raise ValidationError({"incident": [f"{incident.reference} is already a Major Incident."]})
    if kind not in MajorIncidentKind.values:
        raise ValidationError({"kind": [f"{kind} is not a kind of Major Incident."]})
    if manager is None or not manager.party.is_dcc or not manager.is_active:
        raise ValidationError({"manager": ["The Major Incident Manager must be an active DCC employee (¶234)."]})
    security = kind == MajorIncidentKind.SECURITY
    if not security and not (alert_title or "").strip():
        raise ValidationError({"alert_title": ["Give the Service Alert a title for the SSI."]})
    with transaction.atomic():
        if incident.category != Category.ONE or not incident.is_categorised:
            incident_categorise(
                actor=actor,
                incident=incident,
                category=Category.ONE,
                reason=reason or "Declared a Major Incident.",
                now=now,
            )
        Incident.objects.filter(pk=incident.pk).update(is_major=True, is_security=security)
        incident.is_major, incident.is_security = True, security
        major = MajorIncident.objects.create(
            incident=incident, kind=kind, declared_at=now, declared_by=actor, manager=manager
        )
        major.need_to_know.set([p for p in need_to_know if p is not None])
        text = f"Declared a {MajorIncidentKind(kind).label}; Major Incident Manager {manager.full_name}."
        if security:
            text += " Need-to-know only; the DCC notifies the Panel and the Security Sub-Committee (G2.11)."
        else:
            ServiceAlert.objects.create(
                incident=incident,
                title=alert_title.strip()[:200],
                body=(alert_body or incident.summary).strip(),
                raised_at=now,
            )
            text += " Service Alert published on the SSI."
        IncidentUpdate.objects.create(incident=incident, kind=UpdateKind.MAJOR, at=now, actor=actor, text=text)
        parties = {p.pk: p for p in affected_parties if p is not None and not security}
        MajorIncidentNotice.objects.bulk_create(
            [MajorIncidentNotice(major_incident=major, party=p, notified_at=now) for p in parties.values()]
        )
        if parties:
            notify(
                recipients=nominated_individuals(parties.keys()),
                subject=f"Major Incident {incident.reference}",
                body=f"{alert_title}\n\n{alert_body or incident.summary}",
                url=incident.get_absolute_url(),
            )
        notify_incident(incident, subject="Declared a Major Incident", body=text, exclude=actor)
        notify(
            recipients=[manager],
            subject=f"You manage Major Incident {incident.reference}",
            body=text,
            url=incident.get_absolute_url(),
        )
        audit.record(
            action="incident.major_declared",
            actor=actor,
            target=incident,
            party=incident.party,
            after={"kind": kind, "manager": manager.pk, "notified": sorted(parties)},
        )
    return major


def major_incident_on_resolved(*, incident: Incident, now: datetime) -> None:
    """Fix the report deadlines: summary in 2 Working Days (H9.13), review in 20 (H9.14); end the alert."""
    major = incident.major
    day = now.astimezone(working_days.LONDON).date()
    major.summary_due_on = working_days.add_working_days(day, settings.INCIDENTS_MAJOR_SUMMARY_WORKING_DAYS)
    major.review_due_on = working_days.add_working_days(day, settings.INCIDENTS_MAJOR_REVIEW_WORKING_DAYS)
    major.save(update_fields=["summary_due_on", "review_due_on"])
    ServiceAlert.objects.filter(incident=incident, ended_at__isnull=True).update(ended_at=now)
    IncidentUpdate.objects.create(
        incident=incident,
        kind=UpdateKind.MAJOR,
        at=now,
        text=f"Summary report due {major.summary_due_on:%d %b %Y}; review report due {major.review_due_on:%d %b %Y}.",
    )


def major_incident_report_save(
    *, actor: User, major: MajorIncident, part: str, values: dict, submit: bool = False, now: datetime | None = None
) -> MajorIncident:
    """Save the summary (H9.13) or review (H9.14) report; submitting needs every field and a resolution."""
    now = now or timezone.now()
    if not can_declare_major(actor) and actor != major.manager:
        raise NotPermitted(
            "Only the Major Incident Manager or a service desk manager edits the reports.",
            code="incident.cannot_edit_report",
        )
    fields = {"summary": SUMMARY_FIELDS, "review": REVIEW_FIELDS}.get(part)
    if fields is None:
        raise ValidationError({"part": ["Choose the summary or the review report."]})
    stamp = f"{part}_submitted_at"
    if getattr(major, stamp):
        raise ValidationError({"part": [f"The {part} report was submitted on {getattr(major, stamp):%d %b %Y}."]})
    cleaned = {f: (values.get(f, getattr(major, f)) or "").strip() for f in fields}
    if submit:
        errors = {f: ["Required before the report is submitted."] for f, v in cleaned.items() if not v}
        if major.incident.resolved_at is None and major.summary_due_on is None:
            errors["part"] = ["Reports are submitted after the incident is resolved."]
        if part == "review" and not major.summary_submitted_at:
            errors["part"] = ["Submit the summary report first."]
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        for f, v in cleaned.items():
            setattr(major, f, v)
        if submit:
            setattr(major, stamp, now)
        # Only this part's fields: a full save from a stale copy would wipe the other report
        # (or its submission stamp) saved meanwhile.
        updated = MajorIncident.objects.filter(pk=major.pk, **{f"{stamp}__isnull": True}).update(
            **cleaned, **({stamp: now} if submit else {})
        )
        if not updated:
            raise ValidationError({"part": [f"The {part} report was submitted meanwhile; reload it."]})
        if submit:
            IncidentUpdate.objects.create(
                incident=major.incident,
                kind=UpdateKind.MAJOR,
                at=now,
                actor=actor,
                text=f"{part.capitalize()} report submitted to the Panel.",
            )
        audit.record(
            action=f"incident.major_{part}_{'submitted' if submit else 'saved'}",
            actor=actor,
            target=major.incident,
            party=major.incident.party,
            after={"fields": sorted(cleaned)},
        )
    return major


def major_incident_report_reminders(*, now: datetime | None = None) -> int:
    """Remind each manager of reports due today or overdue (beat, daily). Returns reminders sent."""
    now = now or timezone.now()
    today = now.astimezone(working_days.LONDON).date()
    sent = 0
    for major in MajorIncident.objects.select_related("incident", "manager").filter(summary_due_on__isnull=False):
        for part, due in (("summary", major.summary_due_on), ("review", major.review_due_on)):
            if getattr(major, f"{part}_submitted_at") or due is None or due > today:
                continue
            state = "overdue" if due < today else "due today"
            notify(
                recipients=[major.manager],
                subject=f"{major.incident.reference}: {part} report {state}",
                body=f"The {part} report was due on {due:%d %b %Y}.",
                url=major.incident.get_absolute_url(),
            )
            sent += 1
    return sent


def service_alert_end(*, actor: User, alert: ServiceAlert, now: datetime | None = None) -> ServiceAlert:
    now = now or timezone.now()
    if not can_declare_major(actor):
        raise NotPermitted("Only service desk managers end Service Alerts.", code="incident.cannot_end_alert")
    with transaction.atomic():
        ServiceAlert.objects.filter(pk=alert.pk, ended_at__isnull=True).update(ended_at=now)
        alert.ended_at = now
        audit.record(action="incident.service_alert_ended", actor=actor, target=alert)
    return alert


__all__ = ["MajorIncident", "major_incident_declare", "major_incident_report_save", "service_alert_end"]
