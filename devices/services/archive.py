"""The 3-month online audit trail of requests, and the 7-year archive behind it."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from portal.exceptions import NotPermitted
from portal.models import User
from portal.services import audit

from ..choices import SR_TERMINAL_STATUSES
from ..models import AlertRecord, ServiceRequest, ServiceRequestArchive, ServiceResponse

_SR_FIELDS = [
    "request_id",
    "originator_user_id",
    "target_device_id",
    "counter",
    "user_role",
    "srv_code",
    "command_variant",
    "body",
    "transport",
    "mode",
    "execute_at",
    "status",
    "response_code",
    "response_reason",
    "warning_code",
    "received_at",
    "checked_at",
    "pre_command_at",
    "signed_at",
    "quarantined_at",
    "sent_at",
    "responded_at",
    "attempts",
]


def _record(sr: ServiceRequest) -> dict:
    import json

    data = model_to_dict(sr, fields=_SR_FIELDS)
    data["responses"] = [
        model_to_dict(r, fields=["kind", "code", "reason", "body", "created_at"]) for r in sr.responses.all()
    ]
    data["alerts"] = [
        model_to_dict(a, fields=["kind", "code", "name", "device_id", "payload", "raised_at"]) for a in sr.alerts.all()
    ]
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def service_requests_archive(*, now=None, batch_size: int = 500) -> dict:
    """Move finished requests older than ``DEVICES_ONLINE_DAYS`` to the archive; purge after 7 years."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DEVICES_ONLINE_DAYS)
    purge_after = now + timedelta(days=365 * settings.DEVICES_ARCHIVE_YEARS)
    moved = 0
    while True:
        with transaction.atomic():
            batch = list(
                ServiceRequest.objects.select_for_update(skip_locked=True)
                .filter(received_at__lt=cutoff, status__in=SR_TERMINAL_STATUSES)
                .exclude(dependants__isnull=False)
                .prefetch_related("responses", "alerts")
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            ServiceRequestArchive.objects.bulk_create(
                [
                    ServiceRequestArchive(
                        request_id=sr.request_id,
                        party_id=sr.party_id,
                        srv_code=sr.srv_code,
                        target_device_id=sr.target_device_id,
                        received_at=sr.received_at,
                        status=sr.status,
                        record=_record(sr),
                        archived_at=now,
                        purge_after=purge_after,
                    )
                    for sr in batch
                ]
            )
            ids = [sr.pk for sr in batch]
            AlertRecord.objects.filter(service_request_id__in=ids).update(service_request=None)
            ServiceResponse.objects.filter(service_request_id__in=ids).delete()
            ServiceRequest.objects.filter(schedule__isnull=False, pk__in=ids).update(schedule=None)
            ServiceRequest.objects.filter(pk__in=ids).delete()
            moved += len(batch)
    purged, _ = ServiceRequestArchive.objects.filter(purge_after__lt=now).delete()
    return {"archived": moved, "purged": purged}


def archive_retrieve(*, actor: User, archived: ServiceRequestArchive) -> dict:
    """A User asks for an archived request (retrievable on request). Audit: ``devices.archive_retrieved``."""
    if archived.party_id != actor.party_id and not actor.party.is_dcc:
        raise NotPermitted("Not your request.", code="devices.not_permitted")
    audit.record(
        action="devices.archive_retrieved", actor=actor, target=archived, after={"request_id": archived.request_id}
    )
    return archived.record
