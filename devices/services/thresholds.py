"""Anomaly detection thresholds a User sets for itself (BAD 7.8.2; SEC G6)."""

from django.db import transaction

from portal.exceptions import ApplicationError, NotPermitted
from portal.models import User
from portal.services import audit

from ..catalogue_cache import current_variants
from ..choices import ThresholdKind
from ..models import AnomalyThreshold


def threshold_set(
    *, actor: User, srv_code: str, kind: str, limit: int, period_seconds: int, is_active: bool = True
) -> AnomalyThreshold:
    """Create or update the Party's threshold for an SRV. Audit: ``devices.threshold_set``."""
    if not actor.has_perm("devices.manage_thresholds"):
        raise NotPermitted("You may not set anomaly detection thresholds.", code="devices.not_permitted")
    if kind == ThresholdKind.DCC and not actor.party.is_dcc:
        raise NotPermitted("Only the DCC sets DCC thresholds.", code="devices.not_permitted")
    if srv_code not in current_variants():
        raise ApplicationError(f"Unknown SRV {srv_code}.", code="devices.unknown_srv")
    party = None if kind == ThresholdKind.DCC else actor.party
    with transaction.atomic():
        threshold, created = AnomalyThreshold.objects.update_or_create(
            party=party,
            srv_code=srv_code,
            kind=kind,
            defaults={"limit": limit, "period_seconds": period_seconds, "is_active": is_active},
        )
        audit.record(
            action="devices.threshold_set",
            actor=actor,
            target=threshold,
            after={
                "srv": srv_code,
                "kind": kind,
                "limit": limit,
                "period_seconds": period_seconds,
                "created": created,
            },
        )
    return threshold
