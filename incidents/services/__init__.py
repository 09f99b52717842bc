"""Write operations of the incidents app (STYLE: ``<entity>_<action>(*, ...)``), by subdomain."""

from .email_intake import inbound_email_process
from .lifecycle import (
    incident_close,
    incident_comment,
    incident_dispute,
    incident_extend_confirmation,
    incident_link_add,
    incident_reopen,
    incident_report_recurrence,
    incident_resolve,
    incidents_auto_close,
)
from .major import (
    major_incident_declare,
    major_incident_report_reminders,
    major_incident_report_save,
    service_alert_end,
)
from .problems import problem_close, problem_mark_known_error, problem_raise, problem_update
from .raising import IncidentInput, incident_join, incident_matches, incident_raise, missing_fields
from .sla_jobs import incidents_sla_recompute, incidents_sla_sweep
from .triage import (
    incident_add_interested_party,
    incident_assign,
    incident_bulk_assign,
    incident_categorise,
    incident_close_not_incident,
    incident_respond,
)
from .validation import AttachmentInput

__all__ = [
    "AttachmentInput",
    "IncidentInput",
    "inbound_email_process",
    "incident_add_interested_party",
    "incident_assign",
    "incident_bulk_assign",
    "incident_categorise",
    "incident_close",
    "incident_close_not_incident",
    "incident_comment",
    "incident_dispute",
    "incident_extend_confirmation",
    "incident_join",
    "incident_link_add",
    "incident_matches",
    "incident_raise",
    "incident_reopen",
    "incident_report_recurrence",
    "incident_resolve",
    "incident_respond",
    "incidents_auto_close",
    "incidents_sla_recompute",
    "incidents_sla_sweep",
    "major_incident_declare",
    "major_incident_report_reminders",
    "major_incident_report_save",
    "missing_fields",
    "problem_close",
    "problem_mark_known_error",
    "problem_raise",
    "problem_update",
    "service_alert_end",
]
