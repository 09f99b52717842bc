"""Service desk triage: categorise, assign, not an incident, interested parties, reassignment (App AG 2.4-2.6)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.exceptions import InvalidTransition, NotPermitted
from portal.models import User
from portal.services import audit
from portal.services.notifications import notify

from ..choices import Category, ClockEventKind, IncidentKind, ResolutionType, ResolverGroup, UpdateKind
from ..choices import IncidentStatus as S
from ..clock import clock_record
from ..models import Incident, IncidentUpdate, InterestedParty
from ..permissions import can_respond_incident, can_triage_incident, is_service_desk
from ..transitions import incident_move
from .notify import nominated_individuals, notify_incident
from .timeline import incident_timeline_record
from .validation import required_text


def _require_desk(actor: User, incident=None) -> None:
    if not (can_triage_incident(actor, incident) if incident is not None else is_service_desk(actor)):
        raise NotPermitted("Only service desk staff may do this.", code="incident.not_service_desk")


def incident_categorise(
    *, actor: User, incident: Incident, category: int, reason: str = "", now: datetime | None = None
) -> Incident:
    """Set the DCC's category (App AG 2.4.1). A change from the category in force needs a reason,
    which Interested Parties are told (2.4.6). Records a CATEGORY clock event, so every deadline is
    recomputed from the history under the new category's targets.
    """
    now = now or timezone.now()
    _require_desk(actor, incident)
    if incident.kind != IncidentKind.INCIDENT:
        raise ValidationError({"category": ["General queries have no category."]})
    if int(category) not in Category.values:
        raise ValidationError({"category": ["Choose a category from 1 to 5."]})
    category = int(category)
    if not incident.is_open:
        raise ValidationError({"category": ["Only open incidents can be categorised."]})
    changed = category != incident.category
    if changed:
        reason = required_text(
            reason, "reason", "Explain why the category changes; Interested Parties are told (2.4.6)."
        )
    if not changed and incident.is_categorised:
        return incident
    with transaction.atomic():
        before = incident.category
        Incident.objects.filter(pk=incident.pk).update(category=category, is_categorised=True)
        incident.category, incident.is_categorised = category, True
        if changed:
            clock_record(
                incident=incident, kind=ClockEventKind.CATEGORY, at=now, actor=actor, reason=reason, category=category
            )
        text = f"Category {before} → {category}: {reason}" if changed else f"Category {category} confirmed."
        IncidentUpdate.objects.create(incident=incident, kind=UpdateKind.CATEGORY, at=now, actor=actor, text=text)
        audit.record(
            action="incident.categorised",
            actor=actor,
            target=incident,
            party=incident.party,
            before={"category": before},
            after={"category": category, "reason": reason},
        )
        if changed:
            notify_incident(incident, subject=f"Category changed to {category}", body=text, exclude=actor)
    return incident


def incident_assign(
    *,
    actor: User,
    incident: Incident,
    group: str = "",
    party=None,
    assignee=None,
    reason: str = "",
    now: datetime | None = None,
) -> Incident:
    """Assign to a DCC resolver group (status assigned) or to an Incident Party (status pending,
    the clock pauses: App AG 2.5.6(c), 2.5.7). Re-assigning an already assigned incident is the
    wrong-assignment path (2.5.9) and needs a reason.
    """
    now = now or timezone.now()
    _require_desk(actor, incident)
    if bool(group) == bool(party):
        raise ValidationError({"group": ["Assign to either a DCC resolver group or an Incident Party."]})
    if group and group not in ResolverGroup.values:
        raise ValidationError({"group": [f"{group} is not a resolver group."]})
    if assignee is not None and not assignee.party.is_dcc:
        raise ValidationError({"assignee": ["Only DCC staff can be the named resolver."]})
    # Only open incidents are (re-)assigned (App AG 2.5.7, 2.5.9). A resolved one goes back to
    # investigation only through a dispute (2.12.6), which also withdraws the confirmation window.
    if not incident.is_open:
        raise InvalidTransition(
            f"{incident.reference} is {incident.get_status_display().lower()}; only open incidents can be assigned.",
            code="incident.invalid_transition",
        )
    target = S.ASSIGNED if group else S.PENDING
    reassigning = incident.status == target
    if reassigning:
        reason = required_text(reason, "reason", "Say why the incident is re-assigned (App AG 2.5.9).")
    updates = {"assigned_group": group or "", "assigned_party": party, "assignee": assignee if group else None}
    who = ResolverGroup(group).label if group else f"{party} (pending with the Incident Party)"
    with transaction.atomic():
        if reassigning:
            # Compare-and-set like every move: if the status changed underneath us, nothing is written.
            if not Incident.objects.filter(pk=incident.pk, status=target).update(**updates):
                raise InvalidTransition(
                    f"{incident.reference} changed while you were working on it; reload and try again.",
                    code="incident.concurrent_change",
                )
            for k, v in updates.items():
                setattr(incident, k, v)
            incident_timeline_record(
                incident=incident,
                kind=UpdateKind.ASSIGNMENT,
                at=now,
                actor=actor,
                text=f"Re-assigned to {who}: {reason}",
                action="incident.reassigned",
                after={"group": group, "party": getattr(party, "pk", None), "reason": reason},
            )
        else:
            incident_move(
                incident=incident,
                to=target,
                actor=actor,
                now=now,
                reason=reason,
                updates=updates,
                note=f"Assigned to {who}." + (f" {reason}" if reason else ""),
            )
        notify_incident(
            incident, subject=f"Assigned to {who}", body=reason or f"The incident is now with {who}.", exclude=actor
        )
    return incident


def incident_bulk_assign(
    *, actor: User, incident_ids: list[int], group: str, assignee=None, now: datetime | None = None
) -> tuple[list[int], dict[int, str]]:
    """Assign many incidents to one group; each succeeds or fails on its own. Returns (done, errors by id)."""
    _require_desk(actor)
    done, errors = [], {}
    for incident in Incident.objects.filter(pk__in=incident_ids).order_by("pk"):
        try:
            incident_assign(
                actor=actor,
                incident=incident,
                group=group,
                assignee=assignee,
                reason="Bulk re-assignment from the triage queue.",
                now=now,
            )
            done.append(incident.pk)
        except (ValidationError, NotPermitted) as exc:
            errors[incident.pk] = "; ".join(getattr(exc, "messages", [str(exc)]))
        except Exception as exc:  # InvalidTransition and friends: report, carry on with the rest
            errors[incident.pk] = getattr(exc, "message", str(exc))
    return done, errors


def incident_close_not_incident(
    *, actor: User, incident: Incident, guidance: str, now: datetime | None = None
) -> Incident:
    """Not an Incident: tell the raiser how to handle it in its own systems and close (App AG 2.5.8)."""
    now = now or timezone.now()
    _require_desk(actor, incident)
    guidance = required_text(guidance, "guidance", "Give the raiser the guidance they need (App AG 2.5.8).")
    with transaction.atomic():
        incident_move(
            incident=incident,
            to=S.CLOSED,
            actor=actor,
            now=now,
            reason=guidance,
            note=guidance,
            updates={
                "resolution_type": ResolutionType.NOT_AN_INCIDENT,
                "resolution_summary": guidance,
                "closed_at": now,
            },
        )
        notify_incident(incident, subject="Closed: not an incident", body=guidance, exclude=actor)
    return incident


def incident_add_interested_party(
    *, actor: User, incident: Incident, party, now: datetime | None = None
) -> InterestedParty:
    """Identify an Interested Party and inform it through its nominated individuals (App AG 2.6)."""
    now = now or timezone.now()
    _require_desk(actor, incident)
    if party.pk == incident.party_id:
        raise ValidationError({"party": ["The raising Party is already involved."]})
    try:
        with transaction.atomic():
            interest = InterestedParty.objects.create(incident=incident, party=party, added_by=actor, added_at=now)
            incident_timeline_record(
                incident=incident,
                kind=UpdateKind.INTERESTED_PARTY,
                at=now,
                actor=actor,
                text=f"{party} identified as an Interested Party.",
                action="incident.interested_party_added",
                after={"party": party.pk},
            )
            # Inform the Party identified, through its nominated individuals (App AG 2.6); the
            # Interested Parties already told need not hear "you are an Interested Party" again.
            if not incident.is_security:
                notify(
                    recipients=list(nominated_individuals([party.pk])),
                    subject=f"{incident.reference}: You are an Interested Party",
                    body=f"{party} may be affected by {incident.summary}",
                    url=incident.get_absolute_url(),
                )
    except IntegrityError:
        raise ValidationError({"party": [f"{party} is already an Interested Party."]}) from None
    return interest


def incident_respond(
    *, actor: User, incident: Incident, text: str, wrong_assignment: bool = False, now: datetime | None = None
) -> Incident:
    """The Incident Party the incident is pending with answers and hands it back to the DCC: its
    findings, or confirmation of completion with the steps taken (2.5.7), or that the assignment
    is wrong, with supporting information (2.5.9). pending -> assigned; the clock resumes.
    """
    now = now or timezone.now()
    if not can_respond_incident(actor, incident):
        raise NotPermitted(
            "Only the Incident Party this incident is pending with can answer it.",
            code="incident.not_pending_with_you",
        )
    text = required_text(text, "text", "Write your answer: what you found or did.")
    label = "Wrong assignment reported" if wrong_assignment else "Answer from the Incident Party"
    with transaction.atomic():
        IncidentUpdate.objects.create(
            incident=incident, kind=UpdateKind.RESPONSE, at=now, actor=actor, text=f"{label}: {text}"
        )
        incident_move(
            incident=incident,
            to=S.ASSIGNED,
            actor=actor,
            now=now,
            reason=label,
            updates={"assigned_group": incident.assigned_group or ResolverGroup.SERVICE_DESK, "assigned_party": None},
            note="Back with the DCC.",
        )
        notify_incident(
            incident,
            subject=label,
            body=text,
            raiser=False,
            interested=False,
            desk=not incident.assignee,
            exclude=actor,
        )
    return incident
