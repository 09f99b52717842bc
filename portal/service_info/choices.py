"""Enumerations of SSI service information."""

from django.db import models


class DccService(models.TextChoices):
    """DCC Systems whose availability the SSI reports (BAD §7.9.2; H8.3 counts the SSI apart)."""

    SSI = "ssi", "Self-Service Interface"
    USER_INTERFACE = "user_interface", "DCC User Interface (Service Requests)"
    GATEWAY = "gateway", "DCC Gateway Connections"
    SMKI = "smki", "SMKI services and Repository"
    CH_ORDERING = "ch_ordering", "Communications Hub Ordering System"
    SERVICE_DESK = "service_desk", "Service Desk tools"


class MaintenanceKind(models.TextChoices):
    PLANNED = "planned", "Planned maintenance"
    UNPLANNED = "unplanned", "Unplanned maintenance"


class MaintenanceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class ServiceState(models.TextChoices):
    """What the status page shows per service; the tag colour follows the value."""

    OPERATIONAL = "operational", "Operational"
    MAINTENANCE = "maintenance", "Maintenance in progress"
    DISRUPTED = "disrupted", "Disrupted"


class ArticleKind(models.TextChoices):
    FAQ = "faq", "FAQ"
    GUIDE = "guide", "Guide"


class FeedbackStatus(models.TextChoices):
    NEW = "new", "New"
    REVIEWED = "reviewed", "Reviewed"
