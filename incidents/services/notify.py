"""Who hears about an incident, and the one helper that tells them (email + in-app)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from portal.services.notifications import notify

from ..models import Incident
from ..permissions import Perm


def _people_with(perm: str):
    """Active people holding ``perm`` through a group or directly."""
    app_label, codename = perm.split(".", 1)
    User = get_user_model()
    held = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label) | Q(
        user_permissions__codename=codename, user_permissions__content_type__app_label=app_label
    )
    return User.objects.filter(held, is_active=True).distinct()


def nominated_individuals(party_ids):
    """People of the Parties who may raise and follow incidents (their nominated individuals, SD-07)."""
    return _people_with(Perm.RAISE).filter(party_id__in=list(party_ids))


def service_desk_people():
    return _people_with(Perm.TRIAGE).filter(party__is_dcc=True)


def incident_audience(incident: Incident, *, raiser=True, interested=True, resolver=True, desk=False) -> list:
    """The people to tell about ``incident``; a Major Security Incident reaches need-to-know only."""
    if incident.is_security:
        people = [incident.raised_by] if incident.raised_by else []
        major = getattr(incident, "major", None)
        if major is not None:
            people += [major.manager, *major.need_to_know.all()]
        return [p for p in people if p is not None]
    people = []
    if raiser:
        people += [incident.raised_by] if incident.raised_by else list(nominated_individuals([incident.party_id]))
    if interested:
        party_ids = incident.interested_parties.values_list("party_id", flat=True)
        people += list(nominated_individuals(party_ids))
    if resolver:
        if incident.assignee:
            people.append(incident.assignee)
        if incident.assigned_party_id and incident.assigned_party_id != incident.party_id:
            people += list(nominated_individuals([incident.assigned_party_id]))
    if desk:
        people += list(service_desk_people())
    return people


def notify_incident(incident: Incident, *, subject: str, body: str, exclude=None, **audience) -> None:
    """Notify the audience of ``incident`` (App AG 2.7.1: updates throughout; 2.12.4 on resolution)."""
    people = [p for p in incident_audience(incident, **audience) if exclude is None or p.pk != exclude.pk]
    if people:
        notify(
            recipients=people, subject=f"{incident.reference}: {subject}", body=body, url=incident.get_absolute_url()
        )
