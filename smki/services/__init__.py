"""Writes of the SMKI app, one module per subdomain (re-exported here)."""

from .authorities import (
    authority_hierarchy_bootstrap,
    ca_operation_approve,
    ca_operation_decline,
    ca_operation_propose,
)
from .batches import csr_batch_submit, csrs_to_zip
from .device_credentials import DeviceCredentials, device_certificates_record_in_use, device_credentials_issue
from .requests import (
    certificate_accept,
    certificate_reject_by_subscriber,
    certificate_request_approve,
    certificate_request_reject,
    certificate_request_submit,
)
from .revocation import certificate_revoke, revocation_lists_publish
from .subscribers import (
    officer_approve,
    officer_nominate,
    officer_revoke,
    officer_verify_identity,
    subscriber_apply,
    subscriber_approve,
    subscriber_withdraw,
)
from .system_credentials import dcc_signing_certificate_issue, system_signing_key

__all__ = [
    "DeviceCredentials",
    "authority_hierarchy_bootstrap",
    "ca_operation_approve",
    "ca_operation_decline",
    "ca_operation_propose",
    "certificate_accept",
    "certificate_reject_by_subscriber",
    "certificate_request_approve",
    "certificate_request_reject",
    "certificate_request_submit",
    "certificate_revoke",
    "csr_batch_submit",
    "csrs_to_zip",
    "dcc_signing_certificate_issue",
    "device_certificates_record_in_use",
    "device_credentials_issue",
    "officer_approve",
    "officer_nominate",
    "officer_revoke",
    "officer_verify_identity",
    "revocation_lists_publish",
    "subscriber_apply",
    "subscriber_approve",
    "subscriber_withdraw",
    "system_signing_key",
]
