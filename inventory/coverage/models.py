"""Models of WAN coverage: versioned datasets, their premises rows, and recorded checks."""

from django.conf import settings
from django.db import models

from portal.models.base import TimeStampedModel

from .choices import AuxEquipment, CoverageState, DatasetStatus, LookupKind, Region, WanVariant


class CoverageDataset(TimeStampedModel):
    """One imported version of the SM WAN Coverage Database (F5.22(c), H8.16(f)).

    Exactly one dataset is active; every answer names its ``version`` and ``effective_date``.
    ``horizon_date`` is the date the three coverage states refer to (H8.16(f) says 1 January
    2021; a dataset may carry a later horizon, D-COV-01).
    """

    version = models.CharField(max_length=40, unique=True)
    effective_date = models.DateField(help_text="The date the coverage data describes.")
    horizon_date = models.DateField(help_text="Coverage states are stated relative to this date.")
    status = models.CharField(max_length=12, choices=DatasetStatus.choices, default=DatasetStatus.ACTIVE)
    source_name = models.CharField(max_length=200, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-effective_date", "-pk"]
        permissions = [
            ("check_coverage", "Check WAN coverage"),
            ("manage_coverage", "Import WAN coverage datasets"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="active"), name="one_active_coverage_dataset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.effective_date:%d %b %Y})"


class CoveragePremises(models.Model):
    """Coverage for one premises (with a UPRN) or for a whole postcode (without), H8.16(f)(i)-(iii)."""

    dataset = models.ForeignKey(CoverageDataset, on_delete=models.CASCADE, related_name="premises")
    postcode = models.CharField(max_length=8)
    outcode = models.CharField(max_length=4)
    uprn = models.BigIntegerField(null=True, blank=True)
    premises = models.CharField(max_length=200, blank=True, help_text="Premises number or name, when per premises.")
    region = models.CharField(max_length=8, choices=Region.choices)
    state = models.CharField(max_length=16, choices=CoverageState.choices)
    connects_from = models.DateField(null=True, blank=True)
    wan_variant = models.CharField(max_length=16, choices=WanVariant.choices)
    aux_equipment = models.CharField(max_length=12, choices=AuxEquipment.choices, blank=True)
    known_issues = models.TextField(blank=True)
    issue_resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["postcode", "premises"]
        verbose_name_plural = "coverage premises"
        indexes = [
            models.Index(fields=["dataset", "postcode"]),
            models.Index(fields=["dataset", "outcode"]),
            models.Index(fields=["dataset", "uprn"]),
        ]

    def __str__(self) -> str:
        return f"{self.postcode} {self.premises}".strip()


class CoverageCheck(models.Model):
    """A recorded look-up, so an installer can prove a check within 30 days before installing (App I 4.1)."""

    reference = models.CharField(max_length=20, unique=True)
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=LookupKind.choices)
    query = models.CharField(max_length=200)
    dataset = models.ForeignKey(CoverageDataset, on_delete=models.PROTECT, related_name="checks")
    postcodes = models.JSONField(default=list, help_text="Postcodes the answer covered.")
    uprns = models.JSONField(default=list)
    result = models.JSONField(default=dict)
    checked_at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=8, default="ssi", help_text="ssi, api or sr (SR 12.1).")

    class Meta:
        ordering = ["-checked_at"]
        indexes = [models.Index(fields=["party", "checked_at"])]

    def __str__(self) -> str:
        return self.reference
