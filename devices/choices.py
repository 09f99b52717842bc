"""Enumerations of the Service Request pipeline and the emulated estate."""

from django.db import models


class SRKind(models.TextChoices):
    """How the DCC processes a Service Reference Variant (service-requests-and-devices.md §1.1)."""

    DEVICE = "device", "Device"
    NON_DEVICE = "non_device", "Non-Device"
    ALERT = "alert", "Alert (not a request)"


class SRStatus(models.TextChoices):
    """Lifecycle of one Service Request (spec §3.9, simplified to the states a User can see)."""

    REJECTED = "rejected", "Rejected"
    QUEUED = "queued", "Accepted, checks pending"
    AWAITING_SIGNATURE = "awaiting_signature", "Pre-Command issued, awaiting signature"
    QUARANTINED = "quarantined", "Quarantined (anomaly detection)"
    SCHEDULED = "scheduled", "Held for its execution date-time"
    SENDING = "sending", "Sent to the device"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled by the DCC"
    DELETED = "deleted", "Deleted from quarantine"
    LOCAL_DELIVERY = "local_delivery", "Command returned for local delivery"


# The pipeline claims rows in these statuses once their ``due_at`` has passed.
SR_PIPELINE_STATUSES = (SRStatus.QUEUED, SRStatus.SCHEDULED, SRStatus.SENDING)
SR_OPEN_STATUSES = (*SR_PIPELINE_STATUSES, SRStatus.AWAITING_SIGNATURE, SRStatus.QUARANTINED)
SR_TERMINAL_STATUSES = (
    SRStatus.REJECTED,
    SRStatus.COMPLETED,
    SRStatus.FAILED,
    SRStatus.CANCELLED,
    SRStatus.DELETED,
    SRStatus.LOCAL_DELIVERY,
)
SR_STATUS_BADGES = {
    SRStatus.REJECTED: "danger",
    SRStatus.FAILED: "danger",
    SRStatus.COMPLETED: "success",
    SRStatus.QUARANTINED: "warning",
    SRStatus.AWAITING_SIGNATURE: "warning",
    SRStatus.CANCELLED: "secondary",
    SRStatus.DELETED: "secondary",
}


class SRMode(models.TextChoices):
    ON_DEMAND = "on_demand", "On demand"
    FUTURE_DATED = "future_dated", "Future dated (DSP)"
    SCHEDULED = "dcc_scheduled", "DCC scheduled"


class Transport(models.TextChoices):
    """Where a request came from; the pipeline does not care (transport-neutral model)."""

    JSON_API = "json", "JSON API"
    SSI = "ssi", "SSI form"
    DUIS = "duis", "DUIS XML"
    SCHEDULE = "schedule", "DCC schedule"


class CommandVariant(models.IntegerChoices):
    """DUIS Command Variants (ANCHORS.md A1/A8): what the DCC does with the resulting command."""

    SEND_TO_DEVICE = 1, "1 - Non-Critical: send to the device"
    RETURN_LOCAL = 2, "2 - Non-Critical: return for local delivery"
    SEND_AND_RETURN = 3, "3 - Non-Critical: send to the device and return"
    TRANSFORM = 4, "4 - Critical: transform into a Pre-Command"
    SIGNED_SEND = 5, "5 - Signed Pre-Command: send to the device"
    SIGNED_LOCAL = 6, "6 - Signed Pre-Command: return for local delivery"
    SIGNED_BOTH = 7, "7 - Signed Pre-Command: send and return"
    NON_DEVICE = 8, "8 - Non-Device"


class ResponseKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    PRE_COMMAND = "pre_command", "Pre-Command"
    LOCAL_COMMAND = "local_command", "Local command"
    SERVICE_RESPONSE = "service_response", "Service Response"


class AlertKind(models.TextChoices):
    DEVICE = "device", "Device alert"
    DCC = "dcc", "DCC alert"


class ScheduleStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    DELETED = "deleted", "Deleted"


class ThresholdKind(models.TextChoices):
    """Threshold Anomaly Detection (spec §5): checked in this order after the warning."""

    WARNING = "warning", "Warning Threshold (processing continues)"
    DCC = "dcc", "DCC-set Anomaly Detection Threshold"
    USER = "user", "User-set Anomaly Detection Threshold"


class DeviceType(models.TextChoices):
    ESME = "ESME", "Electricity Smart Meter"
    GSME = "GSME", "Gas Smart Meter"
    CHF = "CHF", "Communications Hub Function"
    GPF = "GPF", "Gas Proxy Function"
    PPMID = "PPMID", "Prepayment Meter Interface Device"
    HCALCS = "HCALCS", "HAN Connected Auxiliary Load Control Switch"
    IHD = "IHD", "In-Home Display"


class DuisMessageKind(models.TextChoices):
    """Which DUIS XML message about a request the gateway kept (the SSI's XML exchange)."""

    REQUEST = "request", "Request (as received)"
    ANSWER = "answer", "Synchronous answer"
    RESPONSE = "response", "Asynchronous response"
    ALERT = "alert", "Alert"
