"""One step on an incident's timeline, with its audit event, written together."""

from datetime import datetime

from portal.models import User
from portal.services import audit

from ..models import Incident, IncidentUpdate


def incident_timeline_record(
    *,
    incident: Incident,
    kind: str,
    at: datetime,
    actor: User,
    text: str,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
) -> IncidentUpdate:
    """Add a timeline entry and the matching audit event (``action``) in the caller's transaction."""
    update = IncidentUpdate.objects.create(incident=incident, kind=kind, at=at, actor=actor, text=text)
    audit.record(action=action, actor=actor, target=incident, party=incident.party, before=before, after=after)
    return update
