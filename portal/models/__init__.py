"""Platform models."""

from .audit import AuditEvent
from .base import TimeStampedModel
from .jobs import Job
from .notifications import Notification
from .outbox import OutboxMessage, PushEndpoint
from .parties import Party, PartyUserRole
from .people import SignedInSession, User
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Job",
    "Notification",
    "OutboxMessage",
    "Party",
    "PartyUserRole",
    "PushEndpoint",
    "SignedInSession",
    "TimeStampedModel",
    "User",
]
