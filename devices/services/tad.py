"""Threshold Anomaly Detection (SEC G6, App AA; BAD 7.8.2): warning thresholds, then DCC-set, then User-set ADTs.

Counted per User (Party) and SRV over a sliding period: Critical Commands (Signed Pre-Commands)
and requests whose responses carry encrypted data. A warning breach lets processing continue
(flagged on the request, D-DUIS-02); an ADT breach quarantines the item until the User releases or deletes it.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.bulk import bulk_set
from portal.exceptions import ApplicationError, NotPermitted
from portal.models import User
from portal.services import audit

from ..choices import SRStatus, ThresholdKind
from ..constants import WARNING_THRESHOLD_FLAG
from ..models import AnomalyThreshold, ServiceRequest
from ..transitions import SRTrigger, sr_move
from .batch import Batch
from .dispatch import kick_on_commit
from .outcomes import SR_UPDATE_FIELDS, Writes, fail, respond

_ORDER = (ThresholdKind.WARNING, ThresholdKind.DCC, ThresholdKind.USER)


def _thresholds(b: Batch, sr: ServiceRequest) -> list[AnomalyThreshold]:
    """The thresholds for ``sr``'s Party and SRV, DCC-wide ones included (one query per batch)."""
    state = b.anomaly
    if state.table is None:
        parties = {r.party_id for r in b.requests}
        state.table = {}
        for threshold in AnomalyThreshold.objects.filter(
            Q(party_id__in=parties) | Q(party__isnull=True), is_active=True
        ).order_by():
            state.table.setdefault((threshold.party_id, threshold.srv_code), []).append(threshold)
    key = (sr.party_id, sr.srv_code)
    if key not in state.applicable:
        found = state.table.get(key, []) + state.table.get((None, sr.srv_code), [])
        if not found and settings.DEVICES_TAD_DEFAULT_LIMIT:
            found = [
                AnomalyThreshold(
                    srv_code=sr.srv_code,
                    kind=ThresholdKind.DCC,
                    limit=settings.DEVICES_TAD_DEFAULT_LIMIT,
                    period_seconds=settings.DEVICES_TAD_DEFAULT_PERIOD_SECONDS,
                )
            ]
        state.applicable[key] = sorted(found, key=lambda t: _ORDER.index(t.kind))
    return state.applicable[key]


def _count(b: Batch, sr: ServiceRequest, threshold: AnomalyThreshold) -> int:
    """Items already counted in the period (checked_at set), plus those earlier in this batch."""
    counts = b.anomaly.counts
    key = (threshold.pk, sr.party_id, sr.srv_code)
    if key not in counts:
        since = b.now - timedelta(seconds=threshold.period_seconds)
        qs = ServiceRequest.objects.filter(srv_code=sr.srv_code, checked_at__gte=since).exclude(
            status__in=(SRStatus.REJECTED, SRStatus.DELETED)
        )
        if threshold.party_id is not None or threshold.kind != ThresholdKind.DCC or threshold.pk is None:
            qs = qs.filter(party_id=sr.party_id)
        counts[key] = qs.count()
    counts[key] += 1
    return counts[key]


def check(sr: ServiceRequest, b: Batch) -> bool:
    """True if processing continues; False if the item was quarantined (App AB 12.3, 13.1)."""
    if sr.quarantined_at is not None:
        return True  # the User already released it (App AB 12.3(a)): not counted again
    for threshold in _thresholds(b, sr):
        if _count(b, sr, threshold) <= threshold.limit:
            continue
        if threshold.kind == ThresholdKind.WARNING:
            sr.warning_code = WARNING_THRESHOLD_FLAG  # processing continues; the breach is flagged
            continue
        sr.quarantine_reason = (
            f"{threshold.get_kind_display()} for SRV {sr.srv_code}: more than "
            f"{threshold.limit} in {threshold.period_seconds} s"
        )[:200]
        # App AB 12.3: quarantined until the User releases or deletes it, or it expires. Not a final
        # response: I99, the request waits for the User's decision (D-DUIS-02).
        respond(
            sr,
            b.writes,
            code="I99",
            reason=f"Quarantined: {sr.quarantine_reason}",
            status=SRStatus.QUARANTINED,
            trigger=SRTrigger.QUARANTINE,
        )
        sr.quarantined_at, sr.due_at = b.now, None
        return False
    sr.checked_at = sr.checked_at or b.now
    return True


def quarantine_decide(*, actor: User, requests: list[ServiceRequest], action: str) -> int:
    """The User's QCA decision for quarantined items: ``release`` (continue from the MAC step) or ``delete``.

    Audit: ``devices.quarantine_released`` / ``devices.quarantine_deleted``.
    """
    if action not in ("release", "delete"):
        raise ApplicationError("Choose release or delete.", code="devices.bad_action")
    if not actor.has_perm("devices.manage_quarantine"):
        raise NotPermitted("You may not release or delete quarantined requests.", code="devices.not_permitted")
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            ServiceRequest.objects.select_for_update(no_key=True).filter(
                pk__in=[r.pk for r in requests], party_id=actor.party_id, status=SRStatus.QUARANTINED
            )
        )
        writes = Writes()
        for sr in rows:
            if action == "release":
                # App AB 12.3(a), 13.1(b)(ii): continue processing from the MAC step.
                sr_move(sr, SRStatus.QUEUED, SRTrigger.RELEASE)
                sr.due_at, sr.checked_at = now, sr.checked_at or now
            else:
                # App AB 12.3; E3, stopped by anomaly detection (D-DUIS-02).
                reason = "Deleted from quarantine by the User."
                fail(sr, writes, "E3", reason, status=SRStatus.DELETED, trigger=SRTrigger.DELETE)
        bulk_set(ServiceRequest, rows, SR_UPDATE_FIELDS)
        writes.flush()
        if rows:
            audit.record(
                action=f"devices.quarantine_{'released' if action == 'release' else 'deleted'}",
                actor=actor,
                target_type="devices.servicerequest",
                target_id=",".join(str(r.pk) for r in rows[:50]),
                after={"count": len(rows)},
            )
            if action == "release":
                kick_on_commit()
    return len(rows)


def quarantine_expire(now=None) -> int:
    """Items nobody released within the window are deleted and never sent (D-DEV-07)."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.DEVICES_QUARANTINE_HOURS)
    with transaction.atomic():
        rows = list(
            ServiceRequest.objects.select_for_update(skip_locked=True, no_key=True).filter(
                status=SRStatus.QUARANTINED, quarantined_at__lte=cutoff
            )[:500]
        )
        writes = Writes()
        for sr in rows:
            reason = "Quarantined; nobody released it in time."  # D-DEV-07; E3 (D-DUIS-02)
            fail(sr, writes, "E3", reason, status=SRStatus.DELETED, trigger=SRTrigger.QUARANTINE_EXPIRED)
        bulk_set(ServiceRequest, rows, SR_UPDATE_FIELDS)
        writes.flush()
    return len(rows)
