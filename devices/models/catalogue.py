from django.db import models
from django.db.models import Q

from portal.models.base import TimeStampedModel

from ..choices import SRKind


class CatalogueVersion(TimeStampedModel):
    """One load of the Service Request catalogue from the data files; exactly one is current.

    Requests keep a reference to the variant row they were checked against, so a later load
    never changes how an old request reads in the audit trail.
    """

    label = models.CharField(max_length=80, unique=True)
    source_digest = models.CharField(max_length=64, help_text="SHA-256 over the data files loaded.")
    is_current = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_sr_catalogue"
            )
        ]

    def __str__(self) -> str:
        return self.label


class ServiceReferenceVariant(models.Model):
    """A Service Reference Variant (e.g. 4.1.1) with its processing class, times and roles."""

    catalogue = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="variants")
    srv = models.CharField("SRV", max_length=12)
    service_reference = models.CharField(max_length=8)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=SRKind.choices)
    is_critical = models.BooleanField(default=False)
    critical_basis = models.CharField(max_length=400, blank=True)
    on_demand_seconds = models.PositiveIntegerField(null=True, blank=True, help_text="Target Response Time.")
    future_dated_seconds = models.PositiveIntegerField(null=True, blank=True)
    dcc_scheduled_seconds = models.PositiveIntegerField(null=True, blank=True)
    times_as_printed = models.JSONField(default=dict, blank=True)
    eligible_roles = models.JSONField(default=list)
    target_device_types = models.JSONField(default=list, blank=True)
    is_sensitive = models.BooleanField(default=False, help_text="Response carries encrypted (personal) data.")
    sources = models.JSONField(default=list, blank=True)
    decision = models.CharField(max_length=20, blank=True, help_text="docs/decisions.md entry for a doubtful row.")
    note = models.TextField(blank=True)
    sort_key = models.CharField(max_length=24, db_index=True)

    class Meta:
        ordering = ["sort_key"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "srv"], name="one_srv_per_catalogue")]

    def __str__(self) -> str:
        return f"{self.srv} {self.name}"

    @property
    def is_on_demand(self) -> bool:
        return self.on_demand_seconds is not None

    @property
    def is_future_datable(self) -> bool:
        return self.future_dated_seconds is not None

    @property
    def is_schedulable(self) -> bool:
        # §6: only Non-Critical SRVs can be scheduled.
        return self.dcc_scheduled_seconds is not None and not self.is_critical


class PerformanceMeasure(models.Model):
    """A Code Performance Measure or monthly service metric (service_metrics.json)."""

    catalogue = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(max_length=40)
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    measure = models.TextField()
    service_ref = models.CharField(max_length=12, blank=True)
    eligible_roles = models.JSONField(default=list, blank=True)
    target_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    minimum_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    threshold = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "number", "service_ref"]

    def __str__(self) -> str:
        return self.measure[:80]


class AlertDefinition(models.Model):
    """A device alert the catalogue knows: Table 5.4 entries (A1-A35) and GBCS codes named by the BAD."""

    catalogue = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="alert_definitions")
    code = models.CharField(max_length=12)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=120)
    issued_by = models.CharField(max_length=60, blank=True, help_text="Device types that raise it.")
    table_code = models.CharField(max_length=6, blank=True, help_text="Table 5.4 code this GBCS alert matches.")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="one_alert_code_per_catalogue")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
