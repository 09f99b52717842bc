"""Writes of the Service Request app (re-exported by subdomain)."""

from .catalogue import catalogue_load
from .faults import fault_inject, hub_power_on
from .pipeline import service_requests_process_due
from .signing import signed_pre_command_submit
from .submission import Submission, Verdict, service_requests_submit
from .tad import quarantine_decide

__all__ = [
    "Submission",
    "Verdict",
    "catalogue_load",
    "fault_inject",
    "hub_power_on",
    "quarantine_decide",
    "service_requests_process_due",
    "service_requests_submit",
    "signed_pre_command_submit",
]
