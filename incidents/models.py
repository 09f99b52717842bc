"""Models of the Incidents and Service Desk app: the Incident Management Log and around it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.identifiers import EUI64Field

from .choices import (
    Category,
    Channel,
    ClockEventKind,
    InboundEmailStatus,
    IncidentKind,
    IncidentStatus,
    LinkKind,
    MajorIncidentKind,
    ProblemClosure,
    ProblemSource,
    ProblemStatus,
    ResolutionType,
    ResolverGroup,
    UpdateKind,
)

OPEN_Q = Q(status__in=["logged", "assigned", "pending", "reopened"])


class Incident(models.Model):
    """An entry of the Incident Management Log (H9.3), or a general query from a non-User Party.

    ``status`` changes only through ``incidents.transitions``. The ``sla_*``/``response_*``/
    ``resolution_*`` columns are a cache of ``incidents.sla.sla_compute`` over the clock events,
    refreshed by ``incidents.clock`` after every event, so the queue and the beat sweep can use
    indexes; the events are the truth.
    """

    kind = models.CharField(max_length=20, choices=IncidentKind.choices, default=IncidentKind.INCIDENT)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.SSI)
    status = models.CharField(max_length=12, choices=IncidentStatus.choices, default=IncidentStatus.LOGGED)
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="incidents_raised")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents_raised"
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents_logged",
        help_text="The service desk agent who logged it on the raiser's behalf (phone or email).",
    )
    # Required incident data, App AG 2.3.1 (a)-(i).
    contact_name = models.CharField(max_length=200)
    contact_organisation = models.CharField(max_length=200)
    contact_details = models.CharField(max_length=300)
    party_reference = models.CharField("organisation's reference", max_length=100, blank=True)
    occurred_at = models.DateTimeField("date and time of occurrence")
    mpxn = models.CharField("MPxN", max_length=13, blank=True)
    device_id = EUI64Field(blank=True, verbose_name="Device ID")
    summary = models.CharField(max_length=300)
    business_impact = models.TextField()
    triage_details = models.TextField("initial triage and diagnosis", blank=True)
    proposed_category = models.PositiveSmallIntegerField(choices=Category.choices, null=True, blank=True)
    category = models.PositiveSmallIntegerField(choices=Category.choices, null=True, blank=True)
    is_categorised = models.BooleanField(default=False, help_text="The DCC has confirmed the category (2.4.1).")
    # Assignment: a DCC resolver group, or an Incident Party (then the status is pending).
    assigned_group = models.CharField(max_length=30, choices=ResolverGroup.choices, blank=True)
    assigned_party = models.ForeignKey(
        "portal.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="incidents_assigned"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents_assigned"
    )
    is_major = models.BooleanField(default=False)
    is_security = models.BooleanField(default=False, help_text="A Major Security Incident: need-to-know only.")
    resolution_type = models.CharField(max_length=20, choices=ResolutionType.choices, blank=True)
    resolution_summary = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    confirm_by = models.DateTimeField(null=True, blank=True, help_text="Closes itself at this time unless disputed.")
    closed_at = models.DateTimeField(null=True, blank=True)
    recurrence_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="recurrences"
    )
    problem = models.ForeignKey("Problem", null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # SLA cache (see the class docstring).
    responded_at = models.DateTimeField(null=True, blank=True)
    response_due_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    resolution_warn_at = models.DateTimeField(null=True, blank=True)
    resolution_remaining_seconds = models.IntegerField(null=True, blank=True)
    clock_running = models.BooleanField(default=False)
    sla_warned_at = models.DateTimeField(null=True, blank=True)
    sla_breached_at = models.DateTimeField(null=True, blank=True)
    response_breached_at = models.DateTimeField(null=True, blank=True)
    resolved_within_target = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(
                fields=["category", "resolution_due_at", "resolution_remaining_seconds"],
                condition=OPEN_Q,
                name="incident_queue_order",
            ),
            models.Index(
                fields=["resolution_warn_at"],
                condition=Q(clock_running=True, sla_warned_at__isnull=True),
                name="incident_sweep_warn",
            ),
            models.Index(
                fields=["resolution_due_at"],
                condition=Q(clock_running=True, sla_breached_at__isnull=True),
                name="incident_sweep_breach",
            ),
            models.Index(
                fields=["response_due_at"],
                condition=Q(responded_at__isnull=True, response_breached_at__isnull=True),
                name="incident_sweep_response",
            ),
            models.Index(fields=["confirm_by"], condition=Q(status="resolved"), name="incident_confirm_by"),
            # General queries are few among many incidents: find the open ones without scanning.
            models.Index(fields=["kind", "created_at"], condition=OPEN_Q, name="incident_open_by_kind"),
            models.Index(fields=["party", "status"]),
            models.Index(fields=["status", "category"]),
            models.Index(fields=["device_id"]),
            models.Index(fields=["mpxn"]),
        ]
        permissions = [
            ("raise_incident", "Raise incidents and general queries for own Party"),
            ("log_incident_on_behalf", "Log incidents received by phone or email on a Party's behalf"),
            ("triage_incident", "Triage, categorise, assign and resolve incidents"),
            ("declare_major_incident", "Declare Major Incidents and manage their reports"),
            ("view_security_incident", "See every Major Security Incident"),
            ("manage_problem", "Raise and manage Problems and Known Errors"),
            ("view_incident_report", "See incident dashboards and monthly reports"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        prefix = "GQ" if self.kind == IncidentKind.GENERAL_QUERY else "INC"
        return f"{prefix}-{self.pk:06d}" if self.pk else f"{prefix}-new"

    @property
    def is_open(self) -> bool:
        return self.status in {"logged", "assigned", "pending", "reopened"}


class IncidentClockEvent(models.Model):
    """One SLA clock transition; append-only. ``category`` is the category in force after it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="clock_events")
    kind = models.CharField(max_length=12, choices=ClockEventKind.choices)
    at = models.DateTimeField()
    category = models.PositiveSmallIntegerField(choices=Category.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["incident", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class IncidentUpdate(models.Model):
    """A timeline entry: every action recorded in the IML (App AG 1.4.10(f), 2.12.3)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=UpdateKind.choices, default=UpdateKind.NOTE)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    is_internal = models.BooleanField(default=False, help_text="Visible to DCC staff only.")

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["incident", "at"])]

    def __str__(self) -> str:
        return self.text[:80]


class InterestedParty(models.Model):
    """A Party that is, or may be, affected by an incident (coverage §5.1)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="interested_parties")
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="incident_interests")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField()
    joined = models.BooleanField(default=False, help_text="The Party joined itself rather than being identified.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "party"], name="one_interest_per_party")]
        indexes = [models.Index(fields=["party", "incident"])]

    def __str__(self) -> str:
        return f"{self.party} on {self.incident.reference}"


class IncidentLink(models.Model):
    """A link from an incident to a device, an MPxN, a Service Request or another incident.

    Stored as a validated identifier so that it stands whether or not the target exists here.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    value = models.CharField(max_length=120)
    target_incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "value"]
        constraints = [models.UniqueConstraint(fields=["incident", "kind", "value"], name="one_link_per_target")]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


def attachment_path(instance, filename: str) -> str:
    return f"incidents/{instance.incident_id}/{instance.sha256[:16]}-{filename}"


class IncidentAttachment(models.Model):
    """A file attached to an incident (size and type limited by settings)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField()
    is_internal = models.BooleanField(default=False, help_text="Attached to an internal note: DCC staff only.")

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class MajorIncident(models.Model):
    """A Category 1 incident's major-incident record: manager, notifications and reports (H9.10-H9.14)."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="major")
    kind = models.CharField(max_length=10, choices=MajorIncidentKind.choices, default=MajorIncidentKind.DCC)
    declared_at = models.DateTimeField()
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="major_incidents_managed",
        help_text="The DCC Major Incident Manager (a DCC employee, ¶234).",
    )
    responsible_party_manager = models.CharField(max_length=200, blank=True)
    need_to_know = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="security_incidents")
    summary_due_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    # Summary report (H9.13).
    nature = models.TextField(blank=True)
    cause = models.TextField(blank=True)
    impact = models.TextField(blank=True)
    future_impact = models.TextField("likely future impact", blank=True)
    service_impact = models.TextField("services affected and period", blank=True)
    lost_data = models.TextField(blank=True)
    actions_taken = models.TextField(blank=True)
    summary_submitted_at = models.DateTimeField(null=True, blank=True)
    # Review report (H9.14, ¶235).
    services_not_restored = models.TextField("services not restored in time, and why", blank=True)
    response_review = models.TextField("review of the response, controls and mitigations", blank=True)
    party_failures = models.TextField("Incident Parties' failures", blank=True)
    cost_reductions = models.TextField("anticipated DCC cost reductions", blank=True)
    modifications = models.TextField("weaknesses and possible Modifications", blank=True)
    review_submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["summary_due_on"]), models.Index(fields=["review_due_on"])]

    def __str__(self) -> str:
        return f"Major incident {self.incident.reference}"


class MajorIncidentNotice(models.Model):
    """That an affected Party was notified of a Major Incident, and when (H9.11, 2.10.4)."""

    major_incident = models.ForeignKey(MajorIncident, on_delete=models.CASCADE, related_name="notices")
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="+")
    notified_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["major_incident", "party"], name="one_notice_per_party")]

    def __str__(self) -> str:
        return f"{self.party} notified {self.notified_at:%Y-%m-%d %H:%M}"


class ServiceAlert(models.Model):
    """A Service Alert on the SSI: "a current issue which may impact the provision of Services" (§5.1)."""

    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="service_alerts"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    raised_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["ended_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Problem(models.Model):
    """The underlying cause of one or more incidents; a Known Error once the root cause is known (§5.7)."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.PROBLEM)
    source = models.CharField(max_length=20, choices=ProblemSource.choices)
    classification = models.CharField(max_length=100, blank=True)
    root_cause = models.TextField(blank=True)
    workaround = models.TextField(blank=True)
    permanent_fix = models.TextField(blank=True)
    target_closure_date = models.DateField(null=True, blank=True)
    target_change_reason = models.TextField("reason for the last change of target date", blank=True)
    anticipated_costs = models.TextField(blank=True)
    anticipated_timescales = models.TextField(blank=True)
    impact_of_closure = models.TextField("business impact: workaround vs permanent fix", blank=True)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ProblemClosure.choices, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:problem-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"PRB-{self.pk:05d}" if self.pk else "PRB-new"


class InboundEmail(models.Model):
    """An email to the Service Desk. An incident is logged only once every required field has
    arrived (App AG 1.4.10(d)); until then this row holds what we have and what is missing.
    """

    message_id = models.CharField(max_length=300, unique=True)
    thread_key = models.CharField(
        max_length=300, db_index=True, help_text="Message-ID of the first mail of the thread."
    )
    from_address = models.EmailField()
    subject = models.CharField(max_length=300)
    received_at = models.DateTimeField()
    fields = models.JSONField(default=dict, help_text="Required fields gathered so far from the thread.")
    missing = models.JSONField(default=list)
    status = models.CharField(max_length=25, choices=InboundEmailStatus.choices)
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails")

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"
