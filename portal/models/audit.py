import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One business-significant change, append-only and hash-chained.

    ``hash`` covers this row's content and the previous row's ``hash``, so editing or deleting
    any row breaks the chain at that point (``manage.py audit_verify`` finds it). Rows are only
    created by ``portal.services.audit.record``.
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text="Who acted, kept even if the person goes.")
    party = models.ForeignKey("portal.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=80, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    request_id = models.CharField(max_length=64, blank=True)
    correlation_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        permissions = [
            ("view_party_audit", "View their Party's audit log"),
            ("view_all_audit", "View every Party's audit log"),
        ]
        indexes = [models.Index(fields=["party", "-occurred_at"]), models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")

    def canonical_content(self) -> str:
        """The exact text the hash covers, stable across databases."""
        content = {
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "party": self.party_id,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "before": self.before,
            "after": self.after,
            "request_id": self.request_id,
            "correlation_id": self.correlation_id,
        }
        return json.dumps(content, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)

    def compute_hash(self) -> str:
        return hashlib.sha256((self.prev_hash + "\n" + self.canonical_content()).encode()).hexdigest()
