from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..choices import MessageKind, OutboxStatus, PushFormat, UserRole
from ..fields import FastJSONField
from .base import TimeStampedModel


class PushEndpoint(TimeStampedModel):
    """A Party's HTTPS endpoint that receives outbox messages: JSON signed with HMAC-SHA256, or DUIS
    ``sr:Response`` XML signed by the DCC (rendered by the app that registered the format)."""

    party = models.ForeignKey("portal.Party", on_delete=models.CASCADE, related_name="push_endpoints")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=64, help_text="Shared HMAC key; shown once when created or rotated.")
    is_active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=8, choices=PushFormat.choices, default=PushFormat.JSON)

    class Meta:
        ordering = ["party__name"]
        permissions = [("manage_endpoints", "Manage their Party's push endpoints")]
        constraints = [
            models.UniqueConstraint(
                fields=["party"], condition=Q(is_active=True), name="one_active_endpoint_per_party"
            )
        ]

    def __str__(self) -> str:
        return self.url


class OutboxMessage(models.Model):
    """Something the DCC owes a User: a DCC alert, a device alert or a Service Response.

    Written in the same transaction as the event that caused it (so nothing is lost), then
    pulled by the User through the API or pushed to its endpoint with retries and back-off.
    """

    # Indexes are kept to what the queries need: every message is written once per Service Response.
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="outbox_messages", db_index=False)
    user_role = models.CharField(max_length=4, choices=UserRole.choices, blank=True)
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    code = models.CharField(max_length=20, help_text="Alert code (e.g. N28) or response code.")
    device_id = models.CharField(max_length=23, blank=True)
    payload = FastJSONField(default=dict, encoder=DjangoJSONEncoder)
    correlation_id = models.CharField(max_length=64, blank=True)
    dedupe_key = models.CharField(
        max_length=120, null=True, blank=True, help_text="Makes raising the same message twice a no-op."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        permissions = [("view_outbox", "Pull alerts and responses"), ("manage_outbox", "Replay alerts and responses")]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=Q(dedupe_key__isnull=False), name="outbox_dedupe_key_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["party", "status", "-id"], name="outbox_party_status_idx"),
            # Only messages waiting for a push have a next attempt: pull-only ones stay out of it.
            models.Index(
                fields=["status", "next_attempt_at"], name="outbox_due_idx", condition=Q(next_attempt_at__isnull=False)
            ),
            models.Index(fields=["device_id"], name="outbox_device_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} to {self.party_id}"
