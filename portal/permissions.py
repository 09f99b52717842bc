"""Permission codes, queryset scopes and policy predicates of the platform.

Scopes first (other Parties' rows are simply absent, so they answer 404), predicates second.
"""

from enum import StrEnum

from django.db.models import QuerySet


class Perm(StrEnum):
    MANAGE_PEOPLE = "portal.manage_people"
    VIEW_PARTY_AUDIT = "portal.view_party_audit"
    VIEW_ALL_AUDIT = "portal.view_all_audit"
    MANAGE_API_TOKENS = "portal.manage_api_tokens"
    MANAGE_ENDPOINTS = "portal.manage_endpoints"
    VIEW_OUTBOX = "portal.view_outbox"
    MANAGE_OUTBOX = "portal.manage_outbox"
    MANAGE_PARTIES = "portal.manage_parties"


def is_dcc_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.party.is_dcc)


def scope_to_party(qs: QuerySet, user, *, field: str = "party") -> QuerySet:
    """Rows of the user's own Party; DCC staff see all; anyone else sees nothing."""
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    if is_dcc_staff(user):
        return qs
    return qs.filter(**{field: user.party_id})


def scope_people(qs: QuerySet, user) -> QuerySet:
    return scope_to_party(qs, user)


def scope_audit_events(qs: QuerySet, user) -> QuerySet:
    if user.has_perm(Perm.VIEW_ALL_AUDIT) and is_dcc_staff(user):
        return qs
    if user.has_perm(Perm.VIEW_PARTY_AUDIT):
        return qs.filter(party_id=user.party_id)
    return qs.none()


def scope_own_party(qs: QuerySet, user, *, field: str = "party") -> QuerySet:
    """Rows of the user's own Party only, even for DCC staff (tokens, endpoints, outbox)."""
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    return qs.filter(**{field: user.party_id})


def can_manage_people(user, party) -> bool:
    if not (user and user.is_authenticated and user.has_perm(Perm.MANAGE_PEOPLE)):
        return False
    return user.party_id == party.pk or (is_dcc_staff(user) and user.has_perm(Perm.MANAGE_PARTIES))


def can_revoke_token(user, token) -> bool:
    return token.party_id == user.party_id and (
        token.created_by_id == user.pk or user.has_perm(Perm.MANAGE_API_TOKENS)
    )
