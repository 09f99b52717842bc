"""Helpers shared by the hub services: permission guards, references, OMS Account notices."""

import secrets
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from portal.exceptions import NotPermitted
from portal.models import User
from portal.services.notifications import notify
from portal.working_days import LONDON

from ..permissions import Perm, can_handle_deliveries_and_returns, can_operate_dcc, can_order


def today_london() -> date:
    return timezone.localdate(timezone=LONDON)


def now() -> datetime:
    return timezone.now()


def require_ordering(actor: User) -> None:
    if not can_order(actor):
        raise NotPermitted("You need the 'CH Ordering' profile of a User to do this.", code="hubs.not_permitted")


def require_delivery_returns(actor: User) -> None:
    if not can_handle_deliveries_and_returns(actor):
        raise NotPermitted(
            "You need the 'CH Delivery and Returns' profile of a User to do this.", code="hubs.not_permitted"
        )


def require_dcc(actor: User) -> None:
    if actor is not None and not can_operate_dcc(actor):
        raise NotPermitted(
            "Only DCC staff handling Communications Hub operations may do this.", code="hubs.not_permitted"
        )


def require_same_party(actor: User, party) -> None:
    if actor is None or actor.party_id != party.pk:
        raise NotPermitted("This belongs to another Party.", code="hubs.not_permitted")


def new_reference(prefix: str) -> str:
    return f"{prefix}-{timezone.now():%y%m%d}-{secrets.token_hex(3).upper()}"


def oms_accounts(party):
    """People of a Party holding an OMS profile: they receive the DCC's OMS notices (App H 3.1, 3.6, 3.19)."""
    codenames = [p.split(".", 1)[1] for p in (Perm.ORDERING, Perm.DELIVERY_RETURNS)]
    return list(
        get_user_model()
        .objects.filter(party=party, is_active=True)
        .filter(Q(groups__permissions__codename__in=codenames) | Q(user_permissions__codename__in=codenames))
        .distinct()
    )


def notify_oms(*, party, subject: str, body: str = "", url: str = "") -> None:
    notify(recipients=oms_accounts(party), subject=subject, body=body, url=url)
