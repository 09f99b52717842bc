"""Permission codes, scopes and predicates of WAN coverage.

Coverage data is open to every User (H8.16(f)); the recorded checks belong to the Party that
made them (DCC staff see all, for disputes under F7.18).
"""

from enum import StrEnum

from django.db.models import QuerySet

from portal.permissions import is_dcc_staff, scope_to_party


class Perm(StrEnum):
    CHECK = "coverage.check_coverage"
    MANAGE = "coverage.manage_coverage"


def can_check_coverage(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(Perm.CHECK))


def can_manage_coverage(user) -> bool:
    return bool(user and user.is_authenticated and is_dcc_staff(user) and user.has_perm(Perm.MANAGE))


def scope_checks(qs: QuerySet, user) -> QuerySet:
    if not can_check_coverage(user) and not can_manage_coverage(user):
        return qs.none()
    return scope_to_party(qs, user)
