"""Enumerations of the incidents app, with their UI metadata (badge colour) beside them."""

from django.db import models


class IncidentKind(models.TextChoices):
    """An Incident proper, or a general query from a Party that is not a User (SD-02, ¶254)."""

    INCIDENT = "incident", "Incident"
    GENERAL_QUERY = "general_query", "General query"


class IncidentStatus(models.TextChoices):
    """Lifecycle statuses (coverage §5.5; the BAD names pending, resolved and closed)."""

    LOGGED = "logged", "Logged"
    ASSIGNED = "assigned", "Assigned"
    PENDING = "pending", "Pending (with an Incident Party)"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Re-opened"


OPEN_STATUSES = frozenset(
    {IncidentStatus.LOGGED, IncidentStatus.ASSIGNED, IncidentStatus.PENDING, IncidentStatus.REOPENED}
)
STATUS_BADGES = {
    IncidentStatus.LOGGED: "info",
    IncidentStatus.ASSIGNED: "primary",
    IncidentStatus.PENDING: "warning",
    IncidentStatus.RESOLVED: "success",
    IncidentStatus.CLOSED: "secondary",
    IncidentStatus.REOPENED: "danger",
}


class Category(models.IntegerChoices):
    """Incident Categories, 1 most severe (BAD Table 16, H9.1(b))."""

    ONE = 1, "Category 1 (Major)"
    TWO = 2, "Category 2"
    THREE = 3, "Category 3"
    FOUR = 4, "Category 4"
    FIVE = 5, "Category 5"


class Channel(models.TextChoices):
    """How the incident reached the Service Desk (§3.3: SSI, then email, then telephone)."""

    SSI = "ssi", "Self-Service Interface"
    API = "api", "API"
    EMAIL = "email", "Email"
    PHONE = "phone", "Telephone"


class ResolverGroup(models.TextChoices):
    """DCC resolver groups an incident can be assigned to (H9.1-H9.2 split of responsibility)."""

    SERVICE_DESK = "service_desk", "Service Desk"
    COMMS_HUB_WAN = "comms_hub_wan", "Communications Hub and SM WAN"
    DATA_SERVICES = "data_services", "Data services"
    DCC_USER_INTERFACE = "dcc_user_interface", "DCC User Interface"
    SMKI = "smki", "SMKI and security credentials"
    SECURITY = "security", "DCC security team"
    REGISTRATION_DATA = "registration_data", "Registration Data"


class ResolutionType(models.TextChoices):
    PERMANENT_FIX = "permanent_fix", "Permanent fix"
    WORKAROUND = "workaround", "Workaround"
    NOT_AN_INCIDENT = "not_an_incident", "Not an incident"


class ClockEventKind(models.TextChoices):
    """Recorded SLA clock transitions; deadlines are derived from these alone (ANCHORS C)."""

    START = "start", "Clock started"
    RESPONDED = "responded", "Initial response (assigned to a resolver)"
    PAUSE = "pause", "Clock paused (pending with an Incident Party)"
    RESUME = "resume", "Clock resumed"
    STOP = "stop", "Clock stopped (resolved or closed)"
    RESTART = "restart", "Clock restarted (back to investigation)"
    CATEGORY = "category", "Category changed"


class SlaState(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    WARNING = "warning", "At risk (80%)"
    BREACHED = "breached", "Breached"
    PAUSED = "paused", "Paused"
    MET = "met", "Met"
    NOT_APPLICABLE = "n/a", "No target"


SLA_BADGES = {
    SlaState.ON_TRACK: "success",
    SlaState.WARNING: "warning",
    SlaState.BREACHED: "danger",
    SlaState.PAUSED: "secondary",
    SlaState.MET: "success",
    SlaState.NOT_APPLICABLE: "light",
}


class UpdateKind(models.TextChoices):
    """What a timeline entry records."""

    LOGGED = "logged", "Logged"
    NOTE = "note", "Update"
    RESPONSE = "response", "Response from the Incident Party"
    STATUS = "status", "Status change"
    CATEGORY = "category", "Category change"
    ASSIGNMENT = "assignment", "Assignment"
    INTERESTED_PARTY = "interested_party", "Interested Party"
    LINK = "link", "Link"
    ATTACHMENT = "attachment", "Attachment"
    MAJOR = "major", "Major incident"
    SLA = "sla", "SLA"
    PROBLEM = "problem", "Problem"


class LinkKind(models.TextChoices):
    DEVICE = "device", "Device ID"
    MPXN = "mpxn", "MPAN / MPRN"
    SERVICE_REQUEST = "service_request", "Service Request"
    INCIDENT = "incident", "Incident"


class MajorIncidentKind(models.TextChoices):
    """The draft IMP separates DCC, non-DCC and security Major Incidents (sec-requirements IM-23)."""

    DCC = "dcc", "DCC Major Incident"
    NON_DCC = "non_dcc", "Non-DCC Major Incident"
    SECURITY = "security", "Major Security Incident"


class ProblemStatus(models.TextChoices):
    """A Known Error is a Problem whose root cause is known (coverage §5.7)."""

    PROBLEM = "problem", "Problem"
    KNOWN_ERROR = "known_error", "Known Error"
    CLOSED = "closed", "Closed"


class ProblemSource(models.TextChoices):
    MAJOR_INCIDENT = "major_incident", "Major Incident resolved"
    WORKAROUND = "workaround", "Incident closed with a workaround"
    RECURRING = "recurring", "Recurring incidents"


class ProblemClosure(models.TextChoices):
    """The three grounds on which a Problem may close (App AG 3)."""

    PERMANENT_FIX = "permanent_fix", "Permanent fix applied"
    ACCEPTABLE_WORKAROUND = "acceptable_workaround", "Enhanced and acceptable workaround in place"
    DISCONTINUED = "discontinued", "DCC will not continue (e.g. at the Panel's request)"


class InboundEmailStatus(models.TextChoices):
    AWAITING_INFORMATION = "awaiting_information", "Awaiting missing information"
    LOGGED = "logged", "Logged as an incident"
    IGNORED = "ignored", "Ignored (automatic reply or unknown sender)"
