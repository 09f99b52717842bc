"""Celery tasks of the incidents app: thin, idempotent, each calling one service."""

from celery import shared_task


@shared_task(name="incidents.tasks.incidents_sla_sweep")
def incidents_sla_sweep() -> dict:
    """Beat: raise 80% warnings and breaches that fell due (stamps each once)."""
    from .services import incidents_sla_sweep as sweep

    return sweep()


@shared_task(name="incidents.tasks.incidents_auto_close")
def incidents_auto_close() -> int:
    """Beat: close resolved incidents whose 3-Working-Day confirmation window passed."""
    from .services import incidents_auto_close as close

    return len(close())


@shared_task(name="incidents.tasks.major_incident_report_reminders")
def major_incident_report_reminders() -> int:
    """Beat: remind Major Incident Managers of summary/review reports due or overdue."""
    from .services import major_incident_report_reminders as remind

    return remind()


@shared_task(name="incidents.tasks.incidents_sla_recompute")
def incidents_sla_recompute() -> int:
    """Recompute every open incident's deadlines from its clock events (after a calendar change)."""
    from .services import incidents_sla_recompute as recompute

    return recompute()


@shared_task(name="incidents.tasks.inbound_email_fetch")
def inbound_email_fetch() -> int:
    """Beat: read the Service Desk mailbox when IMAP is configured."""
    from .mailbox import mailbox_fetch

    return mailbox_fetch()
