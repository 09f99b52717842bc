"""Models of SSI service information: maintenance, notices, FAQs and guides, forms, feedback."""

from django.conf import settings
from django.db import models

from portal.models.base import TimeStampedModel

from .choices import ArticleKind, DccService, FeedbackStatus, MaintenanceKind, MaintenanceStatus


class MaintenanceWindow(TimeStampedModel):
    """A period of planned or unplanned maintenance of one or more DCC Systems (H8.3-H8.7).

    Planned windows are validated against the H8.3 rules when published; unplanned ones are
    notices published as soon as reasonably practicable (H8.6).
    """

    kind = models.CharField(max_length=12, choices=MaintenanceKind.choices, default=MaintenanceKind.PLANNED)
    status = models.CharField(max_length=12, choices=MaintenanceStatus.choices, default=MaintenanceStatus.DRAFT)
    title = models.CharField(max_length=200)
    # H8.4(a): the activity, in reasonable detail.
    activity = models.TextField()
    # H8.4(b): the services disrupted or at Material Risk (values of DccService).
    services = models.JSONField(default=list)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    # H8.4(d): any risk to the return of normal service.
    risk_to_service = models.TextField(blank=True)
    panel_approval_reference = models.CharField(
        max_length=80, blank=True, help_text="SEC Panel agreement allowing this window outside the H8.3 limits."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # H8.7: updates during maintenance when duration or disruption differ from the plan.
    latest_update = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at"]
        permissions = [("manage_service_info", "Publish maintenance, notices, FAQs, guides and forms")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="mw_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def service_labels(self) -> list[str]:
        labels = dict(DccService.choices)
        return [labels.get(s, s) for s in self.services]


class ServiceNotice(TimeStampedModel):
    """An unplanned disruption notice shown on the status page until it is resolved (H8.6)."""

    title = models.CharField(max_length=200)
    body = models.TextField()
    services = models.JSONField(default=list)
    starts_at = models.DateTimeField()
    expected_end_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def service_labels(self) -> list[str]:
        labels = dict(DccService.choices)
        return [labels.get(s, s) for s in self.services]


class Article(TimeStampedModel):
    """An FAQ or a guide published on the SSI (§3.2 'Additional info')."""

    kind = models.CharField(max_length=8, choices=ArticleKind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    topic = models.CharField(max_length=80, blank=True)
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    position = models.PositiveIntegerField(default=100)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "topic", "position", "title"]

    def __str__(self) -> str:
        return self.title


class DownloadableForm(TimeStampedModel):
    """A form or template Users download from the SSI (e.g. the ADT template, [L5180-5235])."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    file = models.FileField(upload_to="service_info/forms/")
    version = models.CharField(max_length=20, default="1.0")
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Feedback(TimeStampedModel):
    """Feedback a person left about one SSI page."""

    page = models.CharField(max_length=300)
    rating = models.PositiveSmallIntegerField(choices=[(i, str(i)) for i in range(1, 6)])
    comment = models.TextField(blank=True)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.page} ({self.rating}/5)"
