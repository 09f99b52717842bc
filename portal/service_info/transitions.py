"""Status changes of maintenance windows (STYLE rule 7: the only place a status changes).

    draft --publish--> published --cancel--> cancelled
    draft --cancel--> cancelled

Feedback::  new --review--> reviewed
"""

from collections.abc import Mapping

from portal.models import User
from portal.transitions import compare_and_set

from .choices import FeedbackStatus, MaintenanceStatus
from .models import Feedback, MaintenanceWindow

MAINTENANCE_TRANSITIONS: Mapping[str, frozenset[str]] = {
    MaintenanceStatus.DRAFT: frozenset({MaintenanceStatus.PUBLISHED, MaintenanceStatus.CANCELLED}),
    MaintenanceStatus.PUBLISHED: frozenset({MaintenanceStatus.CANCELLED}),
    MaintenanceStatus.CANCELLED: frozenset(),
}


def maintenance_move(
    *, window: MaintenanceWindow, to: str, actor: User, reason: str = "", updates=None
) -> MaintenanceWindow:
    """Move a maintenance window to ``to``; audit ``service_info.maintenance_status_changed``."""
    return compare_and_set(
        obj=window,
        to=to,
        table=MAINTENANCE_TRANSITIONS,
        actor=actor,
        action="service_info.maintenance_status_changed",
        reason=reason,
        updates=updates,
    )


FEEDBACK_TRANSITIONS: Mapping[str, frozenset[str]] = {
    FeedbackStatus.NEW: frozenset({FeedbackStatus.REVIEWED}),
    FeedbackStatus.REVIEWED: frozenset(),
}


def feedback_move(*, feedback: Feedback, to: str, actor: User) -> Feedback:
    """Move feedback to ``to``; audit ``service_info.feedback_status_changed``."""
    return compare_and_set(
        obj=feedback, to=to, table=FEEDBACK_TRANSITIONS, actor=actor, action="service_info.feedback_status_changed"
    )
