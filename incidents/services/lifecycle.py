"""Resolution, the confirmation window, closure, re-opening and recurrences (App AG 2.12-2.14)."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal import working_days
from portal.exceptions import InvalidTransition, NotPermitted
from portal.models import User
from portal.services import audit

from ..choices import IncidentKind, ProblemSource, ProblemStatus, ResolutionType, UpdateKind
from ..choices import IncidentStatus as S
from ..models import Incident, IncidentAttachment, IncidentLink, IncidentUpdate
from ..permissions import (
    can_comment_incident,
    can_dispute_resolution,
    can_raise_incident,
    can_reopen_incident,
    can_triage_incident,
)
from ..transitions import incident_move
from .notify import notify_incident
from .raising import IncidentInput, _attachment_rows, _link_rows, incident_raise
from .timeline import incident_timeline_record
from .validation import AttachmentInput, check_attachments, normalise_link, required_text


def incident_resolve(
    *, actor: User, incident: Incident, resolution_type: str, summary: str, now: datetime | None = None
) -> Incident:
    """Set resolved with what was done (2.12.3-2.12.4); the clock stops and the 3-Working-Day
    confirmation window opens (2.12.6). A workaround raises or links a Problem (2.12.5); a Major
    Incident's resolution raises a Problem and fixes its report deadlines (2.10.5, H9.13-H9.14).
    """
    from .major import major_incident_on_resolved
    from .problems import problem_raise

    now = now or timezone.now()
    if not can_triage_incident(actor, incident):
        raise NotPermitted(
            "Only service desk staff set an incident resolved (2.5.7).", code="incident.not_service_desk"
        )
    if resolution_type not in (ResolutionType.PERMANENT_FIX, ResolutionType.WORKAROUND):
        raise ValidationError({"resolution_type": ["Say whether it was a permanent fix or a workaround."]})
    summary = required_text(summary, "summary", "Record what was done to resolve it (App AG 2.12.3).")
    confirm_by = working_days.add_working_days_at(now, settings.INCIDENTS_CONFIRMATION_WORKING_DAYS)
    with transaction.atomic():
        incident_move(
            incident=incident,
            to=S.RESOLVED,
            actor=actor,
            now=now,
            reason=summary,
            note=f"{ResolutionType(resolution_type).label}: {summary}",
            updates={
                "resolution_type": resolution_type,
                "resolution_summary": summary,
                "resolved_at": now,
                "confirm_by": confirm_by,
            },
        )
        if incident.kind == IncidentKind.INCIDENT:
            if incident.is_major:
                major_incident_on_resolved(incident=incident, now=now)
                if incident.problem_id is None:
                    problem_raise(
                        actor=actor,
                        title=f"Root cause of major incident {incident.reference}",
                        source=ProblemSource.MAJOR_INCIDENT,
                        incidents=[incident],
                        now=now,
                    )
            elif resolution_type == ResolutionType.WORKAROUND and incident.problem_id is None:
                problem_raise(
                    actor=actor,
                    title=f"Permanent fix for {incident.reference}: {incident.summary}"[:300],
                    source=ProblemSource.WORKAROUND,
                    incidents=[incident],
                    workaround=summary,
                    now=now,
                )
        local = confirm_by.astimezone(working_days.LONDON)
        notify_incident(
            incident,
            subject="Resolved",
            exclude=actor,
            body=(
                f"{summary}\n\nIf you disagree, tell us with supporting information by {local:%A %d %B %Y %H:%M} "
                f"(3 Working Days); otherwise the incident closes then."
            ),
        )
    return incident


def incident_dispute(*, actor: User, incident: Incident, reason: str, now: datetime | None = None) -> Incident:
    """A party disagrees with the resolution within the window: back to investigation (2.12.6)."""
    now = now or timezone.now()
    if not can_dispute_resolution(actor, incident):
        raise NotPermitted(
            "Only a party to a resolved incident can dispute its resolution.", code="incident.cannot_dispute"
        )
    reason = required_text(reason, "reason", "Give the supporting information for your disagreement (2.12.6).")
    with transaction.atomic():
        incident_move(
            incident=incident,
            to=S.ASSIGNED,
            actor=actor,
            now=now,
            reason=reason,
            note=f"Resolution disputed by {actor.party}: {reason}",
            updates={"confirm_by": None, "resolved_at": None},
        )
        notify_incident(
            incident, subject="Resolution disputed", body=reason, desk=not incident.assignee, exclude=actor
        )
    return incident


def incident_close(*, actor: User, incident: Incident, note: str = "", now: datetime | None = None) -> Incident:
    """Close a resolved incident before the window ends (the parties confirmed); desk only."""
    now = now or timezone.now()
    if not can_triage_incident(actor, incident):
        raise NotPermitted("Only service desk staff close incidents.", code="incident.not_service_desk")
    # Closing confirms a resolution (App AG 2.12.6); an open incident that is not an incident closes
    # through incident_close_not_incident with guidance (2.5.8), never here without a resolution.
    if incident.status != S.RESOLVED:
        raise InvalidTransition(
            f"Only a resolved incident can be closed as confirmed; {incident.reference} is "
            f"{incident.get_status_display().lower()}.",
            code="incident.invalid_transition",
        )
    with transaction.atomic():
        incident_move(
            incident=incident,
            to=S.CLOSED,
            actor=actor,
            now=now,
            reason=note or "Resolution confirmed.",
            note=note or "Resolution confirmed.",
            updates={"closed_at": now, "confirm_by": None},
        )
        notify_incident(incident, subject="Closed", body=note or "The resolution was confirmed.", exclude=actor)
    return incident


def incidents_auto_close(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Close resolved incidents whose 3-Working-Day window passed with no disagreement (2.12.6).

    Idempotent: an incident already moved (closed or disputed) is skipped by the compare-and-set.
    """
    now = now or timezone.now()
    closed = []
    due = Incident.objects.filter(status=S.RESOLVED, confirm_by__lte=now).order_by("confirm_by")[:limit]
    for incident in due:
        note = (
            f"Closed automatically: no disagreement within {settings.INCIDENTS_CONFIRMATION_WORKING_DAYS} "
            "Working Days of resolution (App AG 2.12.6)."
        )
        try:
            with transaction.atomic():
                incident_move(
                    incident=incident,
                    to=S.CLOSED,
                    actor=None,
                    now=now,
                    reason=note,
                    note=note,
                    updates={"closed_at": now, "confirm_by": None},
                )
                notify_incident(incident, subject="Closed", body=note)
        except Exception as exc:  # lost a race with a dispute: leave it
            if getattr(exc, "code", "").endswith("concurrent_change"):
                continue
            raise
        closed.append(incident.pk)
    return closed


def incident_reopen(*, actor: User, incident: Incident, reason: str, now: datetime | None = None) -> Incident:
    """Re-open a closed incident (2.13.1-2.13.2, H9.7).

    The original raiser may re-open only an incident closed with a workaround that failed or
    deteriorated, and never once its Problem is closed (then raise a new incident). The service
    desk may re-open an incident "incorrectly logged as closed" (H9.6(c)/H9.7; D-INC-04).
    """
    now = now or timezone.now()
    if not can_reopen_incident(actor, incident):
        raise NotPermitted("Only the person who raised this incident can re-open it.", code="incident.not_raiser")
    reason = required_text(reason, "reason", "Say why the incident is re-opened.")
    desk = can_triage_incident(actor, incident) and incident.raised_by_id != actor.pk
    if not desk:
        if incident.resolution_type != ResolutionType.WORKAROUND:
            raise ValidationError(
                {
                    "reason": [
                        "Only an incident closed with a workaround can be re-opened (App AG 2.13.1); "
                        "report a recurrence as a new incident instead."
                    ]
                }
            )
        problem = incident.problem
        if problem is not None and problem.status == ProblemStatus.CLOSED:
            raise ValidationError(
                {
                    "reason": [
                        f"The linked problem {problem.reference} is closed, so this incident cannot be "
                        "re-opened (App AG 2.13.2); raise a new incident."
                    ]
                }
            )
    with transaction.atomic():
        incident_move(
            incident=incident,
            to=S.REOPENED,
            actor=actor,
            now=now,
            reason=reason,
            note=("Re-opened: closed in error (H9.7). " if desk else "Re-opened: the workaround failed. ") + reason,
            updates={"closed_at": None, "resolved_at": None},
        )
        notify_incident(incident, subject="Re-opened", body=reason, desk=True, exclude=actor)
    return incident


def incident_report_recurrence(
    *,
    actor: User,
    incident: Incident,
    data: IncidentInput,
    attachments: list[AttachmentInput] | None = None,
    now: datetime | None = None,
) -> Incident:
    """A recurrence after closure is a new incident linked to the old one (2.14.1, 2.14.3)."""
    if incident.status != S.CLOSED:
        raise ValidationError({"incident": ["Only a closed incident can recur; update the open one instead."]})
    if not can_raise_incident(actor):
        raise NotPermitted("You may not raise incidents.", code="incident.not_permitted")
    data.links = [*data.links, ("incident", incident.reference)]
    return incident_raise(actor=actor, data=data, attachments=attachments, recurrence_of=incident, now=now)


def incident_comment(
    *,
    actor: User,
    incident: Incident,
    text: str,
    internal: bool = False,
    attachments: list[AttachmentInput] | None = None,
    now: datetime | None = None,
) -> IncidentUpdate:
    """Add an update (activity or diagnostic data, ¶225) and optional files to the timeline."""
    now = now or timezone.now()
    if not can_comment_incident(actor, incident):
        raise NotPermitted("You cannot update this incident.", code="incident.cannot_update")
    if internal and not can_triage_incident(actor, incident):
        raise NotPermitted("Only DCC staff write internal notes.", code="incident.not_service_desk")
    text = required_text(text, "text", "Write the update.")
    attachments = attachments or []
    check_attachments(attachments)
    with transaction.atomic():
        update = IncidentUpdate.objects.create(
            incident=incident, kind=UpdateKind.NOTE, at=now, actor=actor, text=text, is_internal=internal
        )
        # Files sent with an internal note are as private as the note (DCC staff only).
        _attachment_rows(incident, attachments, actor, now, internal=internal)
        if attachments:
            IncidentUpdate.objects.create(
                incident=incident,
                kind=UpdateKind.ATTACHMENT,
                at=now,
                actor=actor,
                text="Attached " + ", ".join(a.name for a in attachments),
                is_internal=internal,
            )
        audit.record(
            action="incident.updated",
            actor=actor,
            target=incident,
            party=incident.party,
            after={"internal": internal, "attachments": [a.name for a in attachments]},
        )
        if not internal:
            notify_incident(incident, subject="New update", body=text, exclude=actor)
    return update


def incident_link_add(
    *, actor: User, incident: Incident, kind: str, value: str, now: datetime | None = None
) -> IncidentLink:
    """Link a device, MPxN, Service Request or incident by identifier."""
    now = now or timezone.now()
    if not can_comment_incident(actor, incident):
        raise NotPermitted("You cannot update this incident.", code="incident.cannot_update")
    try:
        value = normalise_link(kind, value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from None
    if incident.links.filter(kind=kind, value=value).exists():
        raise ValidationError({"value": [f"{value} is already linked."]})
    with transaction.atomic():
        (row,) = _link_rows(incident, [(kind, value)], actor, now)[-1:]
        row.save()
        incident_timeline_record(
            incident=incident,
            kind=UpdateKind.LINK,
            at=now,
            actor=actor,
            text=f"Linked {row.get_kind_display()} {value}.",
            action="incident.linked",
            after={"kind": kind, "value": value},
        )
    return row


__all__ = [
    "IncidentAttachment",
    "incident_close",
    "incident_comment",
    "incident_dispute",
    "incident_link_add",
    "incident_reopen",
    "incident_report_recurrence",
    "incident_resolve",
    "incidents_auto_close",
]


def incident_extend_confirmation(
    *, actor: User, incident: Incident, working_days_more: int, reason: str, now: datetime | None = None
) -> Incident:
    """Push back the automatic closure of a resolved incident: an agreed longer confirmation
    period or an unavailable subject-matter expert (2.12.7), or the closure period of an
    intermittent issue, set from how often it occurred (2.12.8). Recorded in the log.
    """
    now = now or timezone.now()
    if not can_triage_incident(actor, incident):
        raise NotPermitted("Only service desk staff change the closure date.", code="incident.not_service_desk")
    if incident.status != S.RESOLVED or incident.confirm_by is None:
        raise ValidationError({"working_days_more": ["Only a resolved incident awaiting closure can be extended."]})
    if not 1 <= int(working_days_more) <= 60:
        raise ValidationError({"working_days_more": ["Give between 1 and 60 Working Days."]})
    reason = required_text(reason, "reason", "Say why the closure date moves (2.12.7 / 2.12.8).")
    new_date = working_days.add_working_days_at(incident.confirm_by, int(working_days_more))
    with transaction.atomic():
        if not Incident.objects.filter(pk=incident.pk, status=S.RESOLVED).update(confirm_by=new_date):
            raise ValidationError({"working_days_more": ["The incident changed; reload and try again."]})
        before, incident.confirm_by = incident.confirm_by, new_date
        local = new_date.astimezone(working_days.LONDON)
        incident_timeline_record(
            incident=incident,
            kind=UpdateKind.STATUS,
            at=now,
            actor=actor,
            text=f"Closure moved to {local:%a %d %b %Y %H:%M}: {reason}",
            action="incident.confirmation_extended",
            before={"confirm_by": before},
            after={"confirm_by": new_date, "reason": reason},
        )
        notify_incident(incident, subject="Closure date moved", body=reason, exclude=actor)
    return incident
