"""Permission codes and predicates of SSI service information.

Everything here is published to every signed-in person of a User (H8.16: service status,
maintenance and FAQs are for all Users); only DCC staff holding ``manage_service_info`` write.
Feedback rows are private to their Party; DCC staff managing service information see all.
"""

from enum import StrEnum

from django.db.models import QuerySet

from portal.permissions import is_dcc_staff


class Perm(StrEnum):
    MANAGE = "service_info.manage_service_info"


def can_manage_service_info(user) -> bool:
    """DCC staff with the manage permission."""
    return bool(user and user.is_authenticated and is_dcc_staff(user) and user.has_perm(Perm.MANAGE))


def scope_feedback(qs: QuerySet, user) -> QuerySet:
    """Feedback the person may read: managers see all, others only their own Party's."""
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    if can_manage_service_info(user):
        return qs
    return qs.filter(party_id=user.party_id)
