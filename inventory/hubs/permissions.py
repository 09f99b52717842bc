"""Permission codes, scopes and predicates of CH ordering and returns.

OMS profiles (App I 10.7, 10.13) are portal permissions: 'CH Ordering' (forecasts, orders,
delivery locations) and 'CH Delivery and Returns' (delivery confirmation, status updates, RMAs).
F5.22(b): a Party sees only its own submissions; DCC staff with hub operations see all.
"""

from enum import StrEnum

from django.db.models import QuerySet

from portal.permissions import is_dcc_staff


class Perm(StrEnum):
    ORDERING = "hubs.ch_ordering"
    DELIVERY_RETURNS = "hubs.ch_delivery_returns"
    DCC_OPERATIONS = "hubs.dcc_hub_operations"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_view_hubs(user) -> bool:
    return _active(user) and any(user.has_perm(p) for p in Perm)


def can_operate_dcc(user) -> bool:
    return _active(user) and is_dcc_staff(user) and user.has_perm(Perm.DCC_OPERATIONS)


def can_order(user) -> bool:
    """Forecasts, orders and Delivery Locations: a User's person with the 'CH Ordering' profile."""
    return _active(user) and not is_dcc_staff(user) and user.has_perm(Perm.ORDERING)


def can_handle_deliveries_and_returns(user) -> bool:
    return _active(user) and not is_dcc_staff(user) and user.has_perm(Perm.DELIVERY_RETURNS)


def scope_hub_rows(qs: QuerySet, user, *, field: str = "party") -> QuerySet:
    """Rows of the user's Party (with either OMS profile); DCC hub operators see every Party's."""
    if not can_view_hubs(user):
        return qs.none()
    if can_operate_dcc(user):
        return qs
    if is_dcc_staff(user):
        return qs.none()
    return qs.filter(**{field: user.party_id})
