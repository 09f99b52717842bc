"""Models of Communications Hub ordering and returns (smki-hubs-incidents-coverage.md §2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.identifiers import EUI64Field
from portal.models.base import TimeStampedModel

from .choices import (
    ConsignmentStatus,
    DeliveryGround,
    HanVariant,
    HubStatus,
    OrderStatus,
    RecallBasis,
    RecallReason,
    Region,
    ReturnReason,
    ReturnsRecordStatus,
    RmaStatus,
    StatusUpdateKind,
    WanVariant,
)


class HubProduct(TimeStampedModel):
    """A Communications Hub Device Model that may be ordered, with its HAN and WAN Variants (F5.1).

    ``regions`` lists the Regions it is offered in. Delivered hubs enter the SMI as a Pending
    CHF and GPF of ``device_model`` (the CPL entry).
    """

    device_model = models.OneToOneField(
        "cpl.DeviceModel", on_delete=models.PROTECT, related_name="hub_product", limit_choices_to={"device_type": "CH"}
    )
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    han_variant = models.CharField(max_length=12, choices=HanVariant.choices)
    wan_variant = models.CharField(max_length=16, choices=WanVariant.choices)
    regions = models.JSONField(default=list)
    is_orderable = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        permissions = [
            ("ch_ordering", "OMS profile 'CH Ordering': forecasts and orders"),
            ("ch_delivery_returns", "OMS profile 'CH Delivery and Returns': deliveries, status updates, RMAs"),
            ("dcc_hub_operations", "DCC: decide orders, record deliveries and returns, recall hubs"),
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryLocation(TimeStampedModel):
    """A Party's Delivery Location: full address, operating hours, nominated contact (App H 3.4)."""

    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="hub_delivery_locations")
    name = models.CharField(max_length=120)
    address_line1 = models.CharField(max_length=200)
    address_line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8)
    operating_hours = models.CharField(max_length=200, help_text="e.g. Mon-Fri 08:00-17:00")
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=40)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["party", "name"], name="hubs_location_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}, {self.town} {self.postcode}"


class Forecast(TimeStampedModel):
    """A 24-month CH forecast for one Region (F5.2-F5.6), submitted or deemed in ``submitted_month``.

    Month 1 is the 6th month after the end of the submission month (F5.3). A later submission in
    the same month supersedes the earlier one (``is_current``).
    """

    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="hub_forecasts")
    region = models.CharField(max_length=8, choices=Region.choices)
    reference = models.CharField(max_length=40, unique=True)
    submitted_month = models.DateField(help_text="First day of the month of submission (or deeming).")
    first_month = models.DateField(help_text="First day of forecast month 1.")
    is_deemed = models.BooleanField(default=False)
    is_current = models.BooleanField(default=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-submitted_month", "region", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "region", "submitted_month"],
                condition=Q(is_current=True),
                name="hubs_one_current_forecast",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class ForecastMonth(models.Model):
    """One month of a forecast: the total, and for months 1-10 the number per HAN Variant (F5.4)."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="months")
    index = models.PositiveSmallIntegerField()
    month = models.DateField()
    total = models.PositiveIntegerField()
    single_band = models.PositiveIntegerField(null=True, blank=True)
    dual_band = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["forecast", "index"]
        constraints = [models.UniqueConstraint(fields=["forecast", "index"], name="hubs_forecast_month_unique")]

    def __str__(self) -> str:
        return f"{self.forecast.reference} month {self.index}"

    def han_quantity(self, han_variant: str) -> int | None:
        return self.single_band if han_variant == HanVariant.SINGLE_BAND else self.dual_band


class Order(TimeStampedModel):
    """A CH order: one Region, one Delivery Month (the 5th month after submission), at most one
    per Party, Region and month (F5.7-F5.19). ``compliance`` keeps the F5.10 figures per HAN
    Variant as computed at submission."""

    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="hub_orders")
    region = models.CharField(max_length=8, choices=Region.choices)
    reference = models.CharField(max_length=40, unique=True)
    oms_reference = models.CharField(max_length=40, blank=True, help_text="The DCC's OMS Order Reference (F5.16).")
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.SUBMITTED, db_index=True)
    submission_month = models.DateField()
    delivery_month = models.DateField()
    is_deemed = models.BooleanField(default=False)
    is_mandatory = models.BooleanField(default=False)
    is_compliant = models.BooleanField(default=False)
    compliance = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    decision_due_on = models.DateField(null=True, blank=True, help_text="F5.16: 5 Working Days after receipt.")
    final_decision_due_on = models.DateField(null=True, blank=True, help_text="F5.17: end of the month of receipt.")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decision_reason = models.TextField(blank=True)
    details_due_on = models.DateField(null=True, blank=True, help_text="Deemed order: details within 2 Working Days.")
    confirm_by = models.DateField(
        null=True, blank=True, help_text="Deemed order: confirm within 30 days or it is cancelled."
    )

    class Meta:
        ordering = ["-submission_month", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "region", "submission_month"], name="hubs_one_order_per_region_month"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def total_quantity(self) -> int:
        return sum(line.quantity for c in self.consignments.all() for line in c.lines.all())


class Consignment(TimeStampedModel):
    """The hubs and Auxiliary Equipment for one Delivery Location on one Delivery Date (F5.9)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="consignments")
    reference = models.CharField(max_length=48, unique=True)
    location = models.ForeignKey(DeliveryLocation, null=True, on_delete=models.PROTECT, related_name="consignments")
    status = models.CharField(
        max_length=20, choices=ConsignmentStatus.choices, default=ConsignmentStatus.PLANNED, db_index=True
    )
    delivery_date = models.DateField(null=True, blank=True)
    window_start = models.TimeField(null=True, blank=True)
    window_end = models.TimeField(null=True, blank=True)
    t1_aerials = models.PositiveIntegerField(default=0)
    t2_aerials = models.PositiveIntegerField(default=0)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replacements")
    delivered_at = models.DateTimeField(null=True, blank=True)
    confirmation_due_on = models.DateField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    ground = models.CharField(max_length=1, choices=DeliveryGround.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    cancel_reason = models.TextField(blank=True)
    # F5.19: a non-binding estimate of cancellation costs, on request.
    estimate_requested_on = models.DateField(null=True, blank=True)
    estimate_due_on = models.DateField(null=True, blank=True)
    estimate_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    estimate_given_on = models.DateField(null=True, blank=True)
    estimate_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery_date", "pk"]

    def __str__(self) -> str:
        return self.reference

    @property
    def party(self):
        return self.order.party

    @property
    def hub_quantity(self) -> int:
        return sum(line.quantity for line in self.lines.all())


class ConsignmentLine(models.Model):
    """Delivery Quantity of one Device Model in a Consignment, and what was actually delivered."""

    consignment = models.ForeignKey(Consignment, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(HubProduct, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    delivered_quantity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["consignment", "product__name"]
        constraints = [models.UniqueConstraint(fields=["consignment", "product"], name="hubs_line_unique_product")]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product.name}"


class ReturnsLocation(TimeStampedModel):
    """A DCC Returns Location, at most two per Region, stating which Device Models go there (F8.8)."""

    region = models.CharField(max_length=8, choices=Region.choices)
    name = models.CharField(max_length=120)
    address = models.TextField()
    postcode = models.CharField(max_length=8)
    operating_hours = models.CharField(max_length=200)
    products = models.ManyToManyField(HubProduct, related_name="returns_locations")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_region_display()})"


class Rma(TimeStampedModel):
    """A Return Material Authorisation with its booking (App I 10.5-10.7)."""

    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="hub_rmas")
    reference = models.CharField(max_length=40, unique=True)
    booking_reference = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=12, choices=RmaStatus.choices, default=RmaStatus.CONFIRMED, db_index=True)
    location = models.ForeignKey(ReturnsLocation, on_delete=models.PROTECT, related_name="rmas")
    return_date = models.DateField()
    timeslot = models.CharField(max_length=20)
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=40)
    pallet_ids = models.JSONField(default=list, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(null=True, blank=True)
    discrepancies = models.TextField(blank=True)
    # App I 10.14: late arrival, its reason and ETA, and whether the DCC can still accept the return.
    late_reason = models.TextField(blank=True)
    late_eta = models.DateTimeField(null=True, blank=True)
    late_notified_at = models.DateTimeField(null=True, blank=True)
    late_notice_short = models.BooleanField(
        default=False, help_text="Notified less than 5 Working Hours before the booking."
    )
    late_accepted = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "RMA"

    def booking_starts_at(self):
        """The start of the booked timeslot (UK time)."""
        from datetime import datetime, time

        from portal.working_days import LONDON

        start = time.fromisoformat(self.timeslot.split("-")[0])
        return datetime.combine(self.return_date, start, tzinfo=LONDON)

    def __str__(self) -> str:
        return self.reference


class Recall(TimeStampedModel):
    """A DCC-initiated recall of named hubs (§2.8; F8.1, F9.23)."""

    reference = models.CharField(max_length=40, unique=True)
    reason = models.CharField(max_length=20, choices=RecallReason.choices)
    description = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference


class Hub(TimeStampedModel):
    """One delivered Communications Hub (its CHF and GPF identifiers) and its logistics state.

    The SMI Status of its CHF and GPF devices lives in the inventory; this row tracks ordering,
    delivery, installation notifications, the 90-day return rule and returns.
    """

    party = models.ForeignKey(
        "portal.Party", on_delete=models.PROTECT, related_name="hubs", help_text="The Party holding it now."
    )
    consignment = models.ForeignKey(Consignment, on_delete=models.PROTECT, related_name="hubs")
    product = models.ForeignKey(HubProduct, on_delete=models.PROTECT, related_name="hubs")
    chf_id = EUI64Field(unique=True, verbose_name="CHF ID")
    gpf_id = EUI64Field(unique=True, verbose_name="GPF ID")
    status = models.CharField(max_length=20, choices=HubStatus.choices, default=HubStatus.DELIVERED, db_index=True)
    ever_installed = models.BooleanField(
        default=False, help_text="The CHF was ever Installed not Commissioned or Commissioned (F8.6)."
    )
    installed_on = models.DateField(null=True, blank=True)
    removed_on = models.DateField(null=True, blank=True)
    return_due_on = models.DateField(null=True, blank=True, db_index=True)
    return_reason = models.CharField(max_length=1, choices=ReturnReason.choices, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    rma = models.ForeignKey(Rma, null=True, blank=True, on_delete=models.SET_NULL, related_name="hubs")
    wan_blocked = models.BooleanField(
        default=False, help_text="Deemed lost or stolen: prevented from connecting (App I 10.11)."
    )

    class Meta:
        ordering = ["chf_id"]
        verbose_name = "Communications Hub"

    def __str__(self) -> str:
        return f"CH {self.chf_id}"


class HubStatusUpdate(models.Model):
    """A Communications Hub Status Update (SR 8.14.1-8.14.4) sent from the SSI or the API."""

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="status_updates")
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=8, choices=StatusUpdateKind.choices)
    occurred_on = models.DateField(help_text="Installation or removal date.")
    submitted_at = models.DateTimeField()
    channel = models.CharField(max_length=8, default="ssi")
    return_reason = models.CharField(max_length=1, choices=ReturnReason.choices, blank=True)
    fault_type = models.CharField(max_length=80, blank=True)
    fault_description = models.TextField(blank=True)
    # App I 4.9: an Install No SM WAN update states whether each condition exists.
    metallic_obstruction = models.BooleanField(null=True)
    stone_walls = models.BooleanField(null=True)
    shared_area = models.BooleanField(null=True)
    is_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.hub.chf_id}"


class RecallItem(models.Model):
    """One recalled hub and who must return it (F8.1)."""

    recall = models.ForeignKey(Recall, on_delete=models.CASCADE, related_name="items")
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="recall_items")
    responsible_party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(max_length=1, choices=RecallBasis.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recall", "hub"], name="hubs_recall_item_unique")]

    def __str__(self) -> str:
        return f"{self.recall.reference}: {self.hub.chf_id}"


class ReturnsRecord(TimeStampedModel):
    """The individual record of a returned (or lost) hub, visible to the returning Party, and its
    fault diagnosis (F9.2, F9.9-F9.14, App I 11). ``final_reason`` is the reason that stands."""

    hub = models.OneToOneField(Hub, on_delete=models.PROTECT, related_name="returns_record")
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="hub_returns_records")
    status = models.CharField(
        max_length=16, choices=ReturnsRecordStatus.choices, default=ReturnsRecordStatus.OPEN, db_index=True
    )
    stated_reason = models.CharField(max_length=1, choices=ReturnReason.choices)
    opened_on = models.DateField()
    notice_due_on = models.DateField(help_text="F9.9: the DCC's notice of intent to diagnose, within 10 days.")
    noticed_on = models.DateField(null=True, blank=True)
    report_due_on = models.DateField(
        null=True, blank=True, help_text="F9.12: the report within 35 days after the notice."
    )
    reported_on = models.DateField(null=True, blank=True)
    determined_reason = models.CharField(max_length=1, choices=ReturnReason.choices, blank=True)
    report = models.TextField(blank=True)
    objection_due_on = models.DateField(null=True, blank=True, help_text="App I 11.9: 35 days after the report.")
    objection = models.TextField(blank=True)
    final_reason = models.CharField(max_length=1, choices=ReturnReason.choices, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"Returns record {self.hub.chf_id}"
