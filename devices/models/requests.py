from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from portal.choices import UserRole
from portal.fields import FastJSONField

from ..choices import (
    SR_OPEN_STATUSES,
    AlertKind,
    CommandVariant,
    ResponseKind,
    ScheduleStatus,
    SRMode,
    SRStatus,
    ThresholdKind,
    Transport,
)


class OriginatorCounter(models.Model):
    """The highest RequestID counter accepted per originator User ID (replays are refused)."""

    user_id = models.CharField(max_length=23, primary_key=True)
    last_counter = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.last_counter}"


class Schedule(models.Model):
    """A DCC Schedule created by SR 5.1: the DCC composes an SR of ``srv`` every period (spec §6)."""

    schedule_id = models.CharField("DSPScheduleID", max_length=20, unique=True)
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="sr_schedules")
    user_role = models.CharField(max_length=4, choices=UserRole.choices)
    originator_user_id = models.CharField(max_length=23)
    device_id = models.CharField(max_length=23, db_index=True)
    variant = models.ForeignKey("devices.ServiceReferenceVariant", on_delete=models.PROTECT, related_name="+")
    body = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    period_seconds = models.PositiveIntegerField()
    start_at = models.DateTimeField()
    end_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=ScheduleStatus.choices, default=ScheduleStatus.ACTIVE)
    ended_reason = models.CharField(max_length=200, blank=True)
    created_by_request = models.ForeignKey(
        "devices.ServiceRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_run_at"], name="schedule_due_idx")]

    def __str__(self) -> str:
        return f"{self.schedule_id} {self.variant.srv} on {self.device_id}"


class ServiceRequest(models.Model):
    """One Service Request, whatever transport brought it (JSON API, SSI form, DUIS, schedule).

    Every request is kept, rejected ones too: together with its responses and alerts this is
    the audit trail of Service Requests the SSI shows (spec §2.6, §4.4 of the BAD).
    """

    request_id = models.CharField("RequestID", max_length=100)
    originator_user_id = models.CharField(max_length=23, blank=True)
    target_device_id = models.CharField(max_length=23, blank=True)
    counter = models.PositiveBigIntegerField(null=True, blank=True)
    # Indexed through sr_party_recent_idx and sr_tad_idx, which lead with the Party.
    party = models.ForeignKey(
        "portal.Party", on_delete=models.PROTECT, related_name="service_requests", db_index=False
    )
    user_role = models.CharField(max_length=4, choices=UserRole.choices, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Catalogue variants are never deleted (each catalogue version is kept), so no index is needed.
    variant = models.ForeignKey(
        "devices.ServiceReferenceVariant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        db_index=False,
    )
    srv_code = models.CharField("SRV", max_length=12)
    command_variant = models.PositiveSmallIntegerField(choices=CommandVariant.choices, null=True, blank=True)
    body = FastJSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    transport = models.CharField(max_length=10, choices=Transport.choices, default=Transport.JSON_API)
    mode = models.CharField(max_length=14, choices=SRMode.choices, default=SRMode.ON_DEMAND)
    execute_at = models.DateTimeField(null=True, blank=True)
    depends_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="dependants", db_index=False
    )
    schedule = models.ForeignKey(
        Schedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs_made", db_index=False
    )
    is_accepted = models.BooleanField(default=False, help_text="Passed the synchronous checks.")
    status = models.CharField(max_length=20, choices=SRStatus.choices)
    due_at = models.DateTimeField(null=True, blank=True, help_text="When the pipeline next acts on it.")
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.CharField(max_length=10, blank=True)
    response_reason = models.CharField(max_length=500, blank=True)
    warning_code = models.CharField(max_length=10, blank=True)
    pre_command = FastJSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    quarantine_reason = models.CharField(max_length=200, blank=True)
    # Timestamps of every step, for the audit trail and the performance measures.
    received_at = models.DateTimeField(db_index=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    pre_command_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    quarantined_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            # Only accepted requests own their RequestID: a rejected replay is kept beside the original.
            models.UniqueConstraint(
                fields=["request_id"], condition=Q(is_accepted=True), name="accepted_request_id_unique"
            ),
        ]
        permissions = [
            ("send_service_request", "Send Service Requests for the Party"),
            ("manage_quarantine", "Release or delete quarantined Service Requests"),
            ("manage_thresholds", "Set the Party's anomaly detection thresholds"),
            ("view_all_service_requests", "See every Party's Service Requests (DCC)"),
            ("inject_faults", "Inject device faults (DCC back door)"),
            ("load_catalogue", "Load a new Service Request catalogue"),
        ]
        indexes = [
            # Only requests the pipeline still has to act on carry a due_at: the claim walks this
            # small index in order and stops after one batch, however many requests are stored.
            models.Index(fields=["due_at", "id"], name="sr_due_idx", condition=Q(due_at__isnull=False)),
            models.Index(fields=["target_device_id"], name="sr_target_idx"),
            # A User's open requests by status (e.g. those awaiting its signature), without walking
            # its whole history: completed requests leave this index.
            models.Index(
                fields=["party", "status", "-received_at"],
                name="sr_party_open_idx",
                condition=Q(status__in=SR_OPEN_STATUSES),
            ),
            models.Index(fields=["depends_on"], name="sr_depends_on_idx", condition=Q(depends_on__isnull=False)),
            models.Index(fields=["schedule"], name="sr_schedule_idx", condition=Q(schedule__isnull=False)),
            # The 2-second tick looks for requests parked on a dependency, and for recent 8.11
            # additions whose device has not joined: both stay small however many requests exist.
            models.Index(
                fields=["depends_on"],
                name="sr_parked_idx",
                condition=Q(due_at__isnull=True, status__in=("queued", "scheduled"), depends_on__isnull=False),
            ),
            models.Index(
                fields=["responded_at"],
                name="sr_device_log_adds_idx",
                condition=Q(srv_code="8.11", status="completed"),
            ),
            models.Index(fields=["party", "-received_at"], name="sr_party_recent_idx"),
            models.Index(fields=["party", "srv_code", "received_at"], name="sr_tad_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.srv_code}"

    @property
    def is_open(self) -> bool:
        from ..choices import SR_OPEN_STATUSES

        return self.status in SR_OPEN_STATUSES


class ServiceResponse(models.Model):
    """A message the DCC sent back about a request: acknowledgement, Pre-Command or Service Response."""

    service_request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=20, choices=ResponseKind.choices)
    code = models.CharField(max_length=10)
    reason = models.CharField(max_length=500, blank=True)
    body = FastJSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField()  # read through the request (service_request_id), never by time

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"


class AlertRecord(models.Model):
    """A device alert or DCC alert, linked to its device and (when it has one) its request."""

    kind = models.CharField(max_length=8, choices=AlertKind.choices)
    code = models.CharField(max_length=12, db_index=True)
    name = models.CharField(max_length=200)
    device_id = models.CharField(max_length=23, blank=True, db_index=True)
    service_request = models.ForeignKey(
        ServiceRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    payload = FastJSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    recipients = models.JSONField(default=list, blank=True, help_text="Party code/role pairs it went to.")
    parties = models.ManyToManyField("portal.Party", blank=True, related_name="+")
    raised_at = models.DateTimeField(db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True, help_text="Stored in recipients' outboxes.")

    class Meta:
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} {self.device_id}"


class AnomalyThreshold(models.Model):
    """A Threshold Anomaly Detection limit: at most ``limit`` SRs of ``srv_code`` per period (spec §5).

    ``party`` empty means a DCC-set aggregate threshold over all Users.
    """

    party = models.ForeignKey(
        "portal.Party", null=True, blank=True, on_delete=models.CASCADE, related_name="anomaly_thresholds"
    )
    srv_code = models.CharField("SRV", max_length=12)
    kind = models.CharField(max_length=10, choices=ThresholdKind.choices)
    limit = models.PositiveIntegerField()
    period_seconds = models.PositiveIntegerField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["srv_code", "kind"]
        constraints = [models.UniqueConstraint(fields=["party", "srv_code", "kind"], name="one_threshold_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.srv_code} {self.limit}/{self.period_seconds}s"


class ServiceRequestArchive(models.Model):
    """A request older than the online window, with its responses and alerts, kept for 7 years."""

    request_id = models.CharField(max_length=100, db_index=True)
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="+")
    srv_code = models.CharField(max_length=12)
    target_device_id = models.CharField(max_length=23, blank=True, db_index=True)
    received_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=20)
    record = models.JSONField(encoder=DjangoJSONEncoder)
    archived_at = models.DateTimeField()
    purge_after = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.request_id
