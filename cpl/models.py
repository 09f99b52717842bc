"""Models of the Central Products List: Device Models and the history of every change."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from .choices import CPLStatus, DeviceModelChangeKind, PhysicalDeviceType

# Either case is accepted; services store upper-case identifiers and a lower-case hash.
HEX_ID = RegexValidator(r"^[0-9A-Fa-f]{4}$", "Write a 2-octet identifier as four hex digits, e.g. 1A2B.")
SHA256_HEX = RegexValidator(r"^[0-9a-fA-F]{64}$", "A SHA-256 hash is 64 hex digits.")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")


def validate_version(value: str) -> None:
    if not _VERSION.match(value or ""):
        raise ValidationError(
            "%(value)s is not a version: use up to 32 letters, digits, dots, dashes or underscores.",
            code="invalid_version",
            params={"value": value or "An empty value"},
        )


class DeviceModel(models.Model):
    """One CPL entry: a Device Model of one Physical Device Type (SEC App Z 2.1).

    A Device Model is manufacturer + model + hardware version + firmware version: a new
    firmware version is a new entry (§5.2). Status changes go through
    ``cpl.services.device_model_remove`` / ``device_model_reinstate``, which also drive
    suspension of the Devices of the model (inventory registers the hook).
    """

    device_type = models.CharField(max_length=6, choices=PhysicalDeviceType.choices)
    manufacturer_id = models.CharField(
        max_length=4, validators=[HEX_ID], help_text="GBCS Manufacturer Identifier (hex)."
    )
    manufacturer_name = models.CharField(max_length=100)
    model_id = models.CharField(max_length=4, validators=[HEX_ID], help_text="GBCS Model Identifier (hex).")
    model_name = models.CharField(max_length=100)
    hardware_version = models.CharField(max_length=32, validators=[validate_version])
    firmware_version = models.CharField(max_length=32, validators=[validate_version])
    firmware_hash = models.CharField(
        max_length=64, validators=[SHA256_HEX], help_text="SHA-256 of the Manufacturer Image, hex (App Z 2.1(g)(iii))."
    )
    image_creator = models.CharField(max_length=100, blank=True, help_text="Who created the Manufacturer Image.")
    image_descriptor = models.CharField(max_length=200, blank=True)
    smets_chts_version = models.CharField("SMETS/CHTS version", max_length=20)
    gbcs_version = models.CharField("GBCS version", max_length=20, blank=True)
    cpa_certificate_ref = models.CharField("CPA certificate reference", max_length=60, blank=True)
    cpa_expiry = models.DateField("CPA certificate expiry", null=True, blank=True)
    status = models.CharField(max_length=8, choices=CPLStatus.choices, default=CPLStatus.CURRENT, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["manufacturer_name", "model_name", "hardware_version", "firmware_version"]
        permissions = [("manage_cpl", "Maintain the Central Products List")]
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer_id", "model_id", "hardware_version", "firmware_version"],
                name="cpl_unique_device_model",
            )
        ]
        indexes = [models.Index(fields=["firmware_hash"]), models.Index(fields=["cpa_expiry"])]

    def __str__(self) -> str:
        return f"{self.manufacturer_name} {self.model_name} hw {self.hardware_version} fw {self.firmware_version}"

    @property
    def is_current(self) -> bool:
        return self.status == CPLStatus.CURRENT


class DeviceModelChange(models.Model):
    """One change to a CPL entry: who, when, why, and the fields before and after."""

    device_model = models.ForeignKey(DeviceModel, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=12, choices=DeviceModelChangeKind.choices)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.device_model} {self.kind} {self.occurred_at:%Y-%m-%d}"


class CPAExpiryWarning(models.Model):
    """Marks that the 12- or 6-month CPA expiry warning for a model was sent (F2.7), so it is sent once."""

    device_model = models.ForeignKey(DeviceModel, on_delete=models.CASCADE, related_name="expiry_warnings")
    months_before = models.PositiveSmallIntegerField()
    cpa_expiry = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device_model", "months_before", "cpa_expiry"], name="cpl_one_warning")
        ]

    def __str__(self) -> str:
        return f"{self.device_model} {self.months_before}-month warning"
