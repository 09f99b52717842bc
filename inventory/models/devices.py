"""Devices of the Smart Metering Inventory, their status history, joins and who may see them."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.identifiers import EUI64Field

from ..choices import AssociationKind, DeviceType, EsmeVariant, Region, SMIStatus, Trigger


class Device(models.Model):
    """A Device the DCC may communicate with (SEC App AC 2.7), keyed by its EUI-64 Device ID.

    Device ID and Device Type never change (§1.2). ``smi_status`` is NULL for Type 2 Devices
    (IHD, CAD) and changes only through ``inventory.transitions.transition``. ``hub`` is the
    Communications Hub Function of the Smart Metering System: for a GPF its CHF partner, for
    any other Device the CHF whose Device Log it is on (NULL while not yet on a HAN).
    """

    device_id = EUI64Field(unique=True, verbose_name="Device ID")
    device_type = models.CharField(max_length=6, choices=DeviceType.choices)
    device_model = models.ForeignKey(
        "cpl.DeviceModel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="devices",
        db_index=False,
        help_text="CPL entry; empty for Type 2 Devices, which are never on the CPL (App AC 2.9).",
    )
    type2_description = models.CharField(
        max_length=200, blank=True, help_text="Manufacturer and model of a Type 2 Device."
    )
    smi_status = models.CharField(max_length=28, choices=SMIStatus.choices, null=True, blank=True)
    status_before_suspension = models.CharField(max_length=28, choices=SMIStatus.choices, blank=True)
    status_before_recovery = models.CharField(max_length=28, choices=SMIStatus.choices, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    pending_since = models.DateTimeField(null=True, blank=True, help_text="When it last entered Pending (AC 7.2).")
    prenotified_by_party = models.ForeignKey(
        "portal.Party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # scoping goes through DeviceAccess; no query filters on this alone
        help_text="The User that sent the SR 12.2 (empty for hubs the DCC added).",
    )
    prenotified_by_role = models.CharField(max_length=4, blank=True)
    # The person is a record of who acted; the ORM applies SET_NULL, so no database constraint is
    # checked for each of the millions of rows a bulk import writes.
    prenotified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    hub = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="system_devices",
        limit_choices_to={"device_type": DeviceType.CHF},
    )
    esme_variant = models.CharField(max_length=10, choices=EsmeVariant.choices, blank=True)
    region = models.CharField(
        max_length=8, choices=Region.choices, blank=True, help_text="CSP region (Communications Hubs)."
    )
    wan_variant = models.CharField(max_length=30, blank=True)
    han_variant = models.CharField(max_length=30, blank=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=200, blank=True)
    commissioned_at = models.DateTimeField(null=True, blank=True)
    commissioned_by_party = models.ForeignKey(
        "portal.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pk"]
        permissions = [
            ("prenotify_device", "Pre-notify Devices (SR 12.2)"),
            ("export_devices", "Export inventory search results"),
        ]
        indexes = [
            # Filtered first pages (status, model) walk this backwards by pk: no sort, no COUNT.
            models.Index(fields=["smi_status", "device_model", "-id"], name="inv_dev_status_model"),
            models.Index(fields=["device_model", "-id"], name="inv_dev_model"),
            models.Index(fields=["device_type", "-id"], name="inv_dev_type"),
            models.Index(fields=["postcode"], name="inv_dev_postcode", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["uprn"], name="inv_dev_uprn"),
            # Only hubs have a region: a partial index costs nothing for the millions of other Devices.
            models.Index(fields=["region", "-id"], name="inv_dev_region", condition=~Q(region="")),
            models.Index(
                fields=["pending_since"], name="inv_dev_pending_since", condition=Q(smi_status=SMIStatus.PENDING)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_type} {self.device_id}"

    @property
    def is_type2(self) -> bool:
        return self.device_type in (DeviceType.IHD, DeviceType.CAD)


class StatusChange(models.Model):
    """One SMI Status change of a Device: the timeline shown on the device page."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="status_changes", db_index=False)
    from_status = models.CharField(max_length=28, blank=True)
    to_status = models.CharField(max_length=28, blank=True)
    trigger = models.CharField(max_length=24, choices=Trigger.choices)
    rule = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Row of the transition table (§2.3).")
    reason = models.CharField(max_length=300, blank=True)
    # Who acted: read only on a Device's timeline, so neither index nor database constraint (the ORM
    # applies SET_NULL); history rows are written in bulk by imports and CPL suspensions.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    actor_party = models.ForeignKey(
        "portal.Party",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["device", "-occurred_at"], name="inv_statuschange_device")]

    def __str__(self) -> str:
        return f"{self.device_id}: {self.from_status or '-'} -> {self.to_status or '-'}"

    @property
    def from_label(self) -> str:
        return SMIStatus(self.from_status).label if self.from_status in SMIStatus.values else self.from_status

    @property
    def to_label(self) -> str:
        return SMIStatus(self.to_status).label if self.to_status in SMIStatus.values else "(no status)"


class Association(models.Model):
    """A Join between two Devices (Type 1 / Type 2 / GSME to a Meter or GPF, §1.3)."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="associations")
    partner = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=AssociationKind.choices, default=AssociationKind.JOIN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "partner", "kind"], name="inv_one_association")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.kind} {self.partner_id}"


class DeviceAccess(models.Model):
    """Which Parties may see a Device in the SSI: its pre-notifying User and the Parties
    currently registered for its Smart Metering System's MPxNs (Responsible Suppliers,
    Network Operators, agents). Kept by ``inventory.services.device_access_refresh``; it is
    a read model so that scoped lists stay index-only at 10 million Devices.
    """

    # The unique (party, device) index serves "a Party's devices"; (device, party) serves "may this
    # Party see this device" as an index-only probe, which is what a scoped first page does per row.
    party = models.ForeignKey(
        "portal.Party", on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="access", db_index=False)
    # Copies of the Device's status and model, so that a Party's filtered first page is one range of
    # the (party, smi_status, device_model, device) index even when few of the Party's devices match.
    # Kept by inventory.transitions, the suspension job and the access services.
    smi_status = models.CharField(max_length=28, null=True, blank=True)
    device_model = models.ForeignKey(
        "cpl.DeviceModel",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["party", "device"], name="inv_access_unique")]
        indexes = [
            models.Index(fields=["device", "party"], name="inv_access_device_party"),
            models.Index(fields=["party", "smi_status", "device_model", "-device"], name="inv_access_filtered"),
        ]

    def __str__(self) -> str:
        return f"party {self.party_id} sees device {self.device_id}"

    @classmethod
    def for_device(cls, *, party_id: int, device) -> "DeviceAccess":
        """An unsaved row letting ``party_id`` see ``device``, with its denormalised columns filled."""
        return cls(
            party_id=party_id,
            device_id=device.pk,
            smi_status=device.smi_status,
            device_model_id=device.device_model_id,
        )
