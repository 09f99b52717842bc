"""Enumerations of Communications Hub ordering and returns (smki-hubs-incidents-coverage.md §2)."""

from django.db import models

from inventory.coverage.choices import AuxEquipment, Region, WanVariant

__all__ = [
    "AuxEquipment",
    "ConsignmentStatus",
    "DeliveryGround",
    "HanVariant",
    "HubStatus",
    "OrderDecision",
    "OrderStatus",
    "RecallBasis",
    "RecallReason",
    "Region",
    "ReturnReason",
    "ReturnsRecordStatus",
    "RmaStatus",
    "StatusUpdateKind",
    "WanVariant",
]

ORDERABLE_AUX = (AuxEquipment.T1_AERIAL, AuxEquipment.T2_AERIAL)  # §2.2: T3 cannot be ordered


class HanVariant(models.TextChoices):
    """HAN Variants; tolerances are per HAN Variant (F5.10). Single/dual band is an inference (§2.2)."""

    SINGLE_BAND = "single_band", "Single band (2.4 GHz)"
    DUAL_BAND = "dual_band", "Dual band (2.4 GHz and Sub-GHz)"


class OrderStatus(models.TextChoices):
    """CH order outcomes (§2.4; F5.16, F5.17, App H 3.6-3.9, 3.19-3.20)."""

    SUBMITTED = "submitted", "Submitted"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACCEPTED = "accepted", "Accepted (compliant)"
    PENDING_DECISION = "pending_decision", "Not compliant: awaiting DCC decision"
    ACCEPTED_IN_FULL = "accepted_in_full", "Accepted in full"
    ACCEPTED_AMENDED = "accepted_amended", "Accepted in part or with amendment"
    REJECTED = "rejected", "Rejected"
    DEEMED = "deemed", "Deemed: awaiting your details"
    CANCELLED = "cancelled", "Cancelled"


ORDER_ACCEPTED_STATUSES = frozenset({OrderStatus.ACCEPTED, OrderStatus.ACCEPTED_IN_FULL, OrderStatus.ACCEPTED_AMENDED})


class OrderDecision(models.TextChoices):
    """F5.17: what the DCC decides about a non-compliant order, with reasons."""

    ACCEPT_IN_FULL = "accept_in_full", "Accept in full"
    ACCEPT_AMENDED = "accept_amended", "Accept in part or with amendment"
    REJECT = "reject", "Reject"


class ConsignmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    AWAITING_DATE = "awaiting_date", "Replacement: choose a date"
    SCHEDULED = "scheduled", "Scheduled"
    DELIVERED = "delivered", "Delivered: confirm or reject"
    ACCEPTED = "accepted", "Accepted"
    SHORT = "short", "Short-delivered"
    REJECTED = "rejected", "Rejected on delivery"
    CANCELLED = "cancelled", "Cancelled"
    DEEMED_CANCELLED = "deemed_cancelled", "Deemed cancelled"


class DeliveryGround(models.TextChoices):
    """F6.9: the only grounds on which a delivery does not comply."""

    SHORT = "a", "(a) No delivery, or fewer products than due"
    OVER = "b", "(b) More products than due"
    DAMAGED = "c", "(c) Damaged or tampered with before delivery"
    OTHER = "d", "(d) Other ground under Appendix H"


class HubStatus(models.TextChoices):
    """Where a delivered Communications Hub is in its logistics life (not its SMI Status)."""

    DELIVERED = "delivered", "Delivered, not installed"
    INSTALLED = "installed", "Installed"
    INSTALLED_NO_WAN = "installed_no_wan", "Installed, no SM WAN"
    AWAITING_RETURN = "awaiting_return", "Removed: awaiting return"
    RMA_BOOKED = "rma_booked", "Return booked (RMA)"
    RETURNED = "returned", "Returned to the DCC"
    REJECTED = "rejected", "Rejected on delivery"
    LOST = "lost", "Lost, stolen or destroyed"


class StatusUpdateKind(models.TextChoices):
    """The Communications Hub Status Update Service Requests (App I 4.x, 9.x)."""

    INSTALL_SUCCESS = "8.14.1", "8.14.1 Install Success"
    INSTALL_NO_WAN = "8.14.2", "8.14.2 Install No SM WAN"
    FAULT_RETURN = "8.14.3", "8.14.3 Fault Return"
    NO_FAULT_RETURN = "8.14.4", "8.14.4 No Fault Return"


class ReturnReason(models.TextChoices):
    """F9.5: the exact return and loss reasons (§2.7)."""

    WITHDRAWN_NON_DOMESTIC = "a", "(a) CHF Withdrawn from a Non-Domestic Premises"
    SPECIAL_SECOND_FUEL = "b", "(b) Special Second-Fuel Installation"
    SPECIAL_WAN_VARIANT = "c", "(c) Special WAN-Variant Installation"
    PARTY_RISK_LOSS = "d", "(d) Loss, destruction or damage while the Party bore the risk"
    OTHER = "e", "(e) Return other than where another reason applies"
    CH_DEFECT = "f", "(f) CH Defect"
    DCC_BREACH_LOSS = "g", "(g) Loss, destruction or damage caused by a DCC breach"
    REJECTED_ON_DELIVERY = "h", "(h) Rejected on delivery (F6.10)"
    DCC_REQUESTED = "i", "(i) Requested by the DCC under F8.1 (Product Recall / Technology Refresh)"


# Which reasons fit which notification (App I 9.3-9.8): a fault return names a fault or a DCC
# request; a no-fault return one of the no-fault reasons; a loss report a loss reason.
FAULT_RETURN_REASONS = frozenset(
    {
        ReturnReason.CH_DEFECT,
        ReturnReason.PARTY_RISK_LOSS,
        ReturnReason.DCC_BREACH_LOSS,
        ReturnReason.REJECTED_ON_DELIVERY,
        ReturnReason.DCC_REQUESTED,
    }
)
NO_FAULT_RETURN_REASONS = frozenset(
    {
        ReturnReason.WITHDRAWN_NON_DOMESTIC,
        ReturnReason.SPECIAL_SECOND_FUEL,
        ReturnReason.SPECIAL_WAN_VARIANT,
        ReturnReason.OTHER,
    }
)
LOSS_REASONS = frozenset({ReturnReason.PARTY_RISK_LOSS, ReturnReason.DCC_BREACH_LOSS})


class RmaStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed: booking made"
    RECEIVED = "received", "Received by the DCC"
    CANCELLED = "cancelled", "Cancelled"


class ReturnsRecordStatus(models.TextChoices):
    """A returns record through CH Fault Diagnosis (F9.9-F9.14, App I 11)."""

    OPEN = "open", "Open: the DCC may give notice to diagnose"
    UNDER_ANALYSIS = "under_analysis", "Further analysis is required"
    REPORT_ISSUED = "report_issued", "Fault Analysis Report issued"
    DISPUTED = "disputed", "Disputed: referred to the Panel"
    CLOSED = "closed", "Closed"


class RecallReason(models.TextChoices):
    PRODUCT_RECALL = "product_recall", "Product Recall"
    TECHNOLOGY_REFRESH = "technology_refresh", "Technology Refresh"


class RecallBasis(models.TextChoices):
    """F8.1: who returns a recalled hub, by the hub's stage."""

    ORDERER = "a", "(a) Delivered, not installed: the Party that ordered it"
    LEAD_SUPPLIER = "b", "(b) Installed: the Lead Supplier"
    REMOVER = "c", "(c) Removed, not returned: the Supplier that removed it"
