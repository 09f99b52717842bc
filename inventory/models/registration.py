"""Registration Data (service-requests-and-devices.md §7; SEC E2.1, E2.2): MPxNs, who is
Registered for them over time, and which Meters they are linked to in the SMI."""

from django.db import models
from django.db.models import Q

from ..choices import EnergyDirection, Fuel, MeterPointKind


class MeterPoint(models.Model):
    """An MPAN (13-digit core, check digit validated) or MPRN (6 to 10 digits)."""

    mpxn = models.CharField("MPxN", max_length=13, unique=True)
    fuel = models.CharField(max_length=12, choices=Fuel.choices)
    direction = models.CharField(
        max_length=8,
        choices=EnergyDirection.choices,
        default=EnergyDirection.IMPORT,
        help_text="Direction of energy flow (E2.1(f)); gas is always import.",
    )
    uprn = models.CharField("UPRN", max_length=12, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["mpxn"]
        indexes = [models.Index(fields=["postcode"], name="inv_mp_postcode", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.mpxn


class Registration(models.Model):
    """A Party Registered for a Meter Point in a capacity over ``[effective_from, effective_to)``.

    Roles are User Role codes: Import/Export/Gas Supplier, Electricity Distributor, Gas
    Transporter, Registered Supplier Agent (MOP/MAM). ``effective_to`` NULL means open-ended; a
    future ``effective_from`` is a Gaining Supplier's due date ("is or will be", §7).
    """

    meter_point = models.ForeignKey(MeterPoint, on_delete=models.CASCADE, related_name="registrations")
    role = models.CharField(max_length=4)
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="+", db_index=False)
    effective_from = models.DateTimeField()
    effective_to = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=60, blank=True, help_text="Registration Data file it came from.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meter_point", "role", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["meter_point", "role", "effective_from"], name="inv_reg_unique_start"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=models.F("effective_from")),
                name="inv_reg_period_positive",
            ),
        ]
        indexes = [models.Index(fields=["party", "role"], name="inv_reg_party_role")]

    def __str__(self) -> str:
        return f"{self.meter_point} {self.role} {self.party_id} from {self.effective_from:%Y-%m-%d}"


class MeterPointLink(models.Model):
    """A Meter's association with an MPxN (§1.2): recorded by SR 8.11 Add, changed by 8.4, ended by 8.3."""

    device = models.ForeignKey("inventory.Device", on_delete=models.CASCADE, related_name="meter_point_links")
    meter_point = models.ForeignKey(MeterPoint, on_delete=models.PROTECT, related_name="device_links")
    kind = models.CharField(max_length=10, choices=MeterPointKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "kind"], name="inv_one_link_per_kind")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.kind} {self.meter_point_id}"
