"""Permission codes, queryset scopes and predicates of the Service Request app.

A User's people see their own Party's requests, responses, alerts and schedules; DCC staff with
``view_all_service_requests`` see everyone's. Anything else is absent (404).
"""

from enum import StrEnum

from django.db.models import QuerySet

from portal.permissions import is_dcc_staff
from portal.principals import PartyPrincipal


class Perm(StrEnum):
    VIEW = "devices.view_servicerequest"
    SEND = "devices.send_service_request"
    MANAGE_QUARANTINE = "devices.manage_quarantine"
    MANAGE_THRESHOLDS = "devices.manage_thresholds"
    VIEW_ALL = "devices.view_all_service_requests"
    INJECT_FAULTS = "devices.inject_faults"
    LOAD_CATALOGUE = "devices.load_catalogue"


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_all(user) -> bool:
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.VIEW_ALL)


def scope_requests(qs: QuerySet, user, *, field: str = "party") -> QuerySet:
    if not _signed_in(user) or not (user.has_perm(Perm.VIEW) or user.has_perm(Perm.VIEW_ALL)):
        return qs.none()
    if sees_all(user):
        return qs
    return qs.filter(**{field: user.party_id})


def scope_alerts(qs: QuerySet, user) -> QuerySet:
    if not _signed_in(user) or not (user.has_perm(Perm.VIEW) or user.has_perm(Perm.VIEW_ALL)):
        return qs.none()
    if sees_all(user):
        return qs
    return qs.filter(parties=user.party_id)


class PartySender(PartyPrincipal):
    """A Party sending through DUIS: no person, the Party's XML signature (D-DUIS-19).

    The signature by the Party's XmlSign key is its authority to send Service Requests, and so the
    actions those requests take (a 12.2 pre-notification, an 8.4 deletion), and nothing else.
    """

    perms = frozenset({Perm.SEND, "inventory.prenotify_device"})

    def __str__(self) -> str:
        return f"DUIS sender {self.party.code}"


def can_send(user) -> bool:
    return _signed_in(user) and user.has_perm(Perm.SEND) and user.party.user_roles.exists()


def can_inject_faults(user) -> bool:
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.INJECT_FAULTS)
