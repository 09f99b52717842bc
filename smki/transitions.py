"""The only place SMKI statuses change (STYLE rule 7). Every move is a compare-and-set with audit.

Certificate (§1.6 step 6, §1.8, §1.9)::

    pending --subscriber accepts--> in_use --superseded--> not_in_use
    pending --subscriber rejects a Device Certificate as inconsistent--> not_in_use
    pending | in_use | not_in_use --revoked (Organisation only, permanent)--> revoked

CertificateRequest (§1.6)::  pending_review -> issued | rejected      (device CSRs are created issued)
SubscriberOfficer (§1.5)::   nominated -> identity_verified -> approved -> revoked   (any -> revoked)
Subscriber (§1.5)::          applied -> approved -> withdrawn;  applied -> withdrawn;  external -> applied
CertificateAuthority::       active -> disabled   (permanent: the certificate goes on the ARL)
CaOperation::                proposed -> executed | declined
CsrBatch::                   queued -> running -> completed | failed;  queued|running -> rejected
"""

from collections.abc import Mapping

from portal.models import User
from portal.transitions import compare_and_set

from .choices import (
    BatchStatus,
    CaOperationStatus,
    CaStatus,
    CertificateStatus,
    OfficerStatus,
    RequestStatus,
    SubscriberStatus,
)

CERTIFICATE_TRANSITIONS: Mapping[str, frozenset[str]] = {
    # pending -> not_in_use: a Device Certificate the Subscriber rejected (it cannot be revoked, §1.7).
    CertificateStatus.PENDING: frozenset(
        {CertificateStatus.IN_USE, CertificateStatus.NOT_IN_USE, CertificateStatus.REVOKED}
    ),
    CertificateStatus.IN_USE: frozenset({CertificateStatus.NOT_IN_USE, CertificateStatus.REVOKED}),
    CertificateStatus.NOT_IN_USE: frozenset({CertificateStatus.REVOKED}),
    # §1.9: "no revoked Organisation Certificate may be reinstated".
    CertificateStatus.REVOKED: frozenset(),
}
REQUEST_TRANSITIONS: Mapping[str, frozenset[str]] = {
    RequestStatus.PENDING_REVIEW: frozenset({RequestStatus.ISSUED, RequestStatus.REJECTED}),
    RequestStatus.ISSUED: frozenset(),
    RequestStatus.REJECTED: frozenset(),
}
OFFICER_TRANSITIONS: Mapping[str, frozenset[str]] = {
    OfficerStatus.NOMINATED: frozenset({OfficerStatus.IDENTITY_VERIFIED, OfficerStatus.REVOKED}),
    OfficerStatus.IDENTITY_VERIFIED: frozenset({OfficerStatus.APPROVED, OfficerStatus.REVOKED}),
    OfficerStatus.APPROVED: frozenset({OfficerStatus.REVOKED}),
    # §1.5 step 6: new credentials need a new nomination.
    OfficerStatus.REVOKED: frozenset(),
}
SUBSCRIBER_TRANSITIONS: Mapping[str, frozenset[str]] = {
    SubscriberStatus.APPLIED: frozenset({SubscriberStatus.APPROVED, SubscriberStatus.WITHDRAWN}),
    SubscriberStatus.APPROVED: frozenset({SubscriberStatus.WITHDRAWN}),
    SubscriberStatus.WITHDRAWN: frozenset({SubscriberStatus.APPLIED}),
    # A Party that only held imported test PKI certificates applies like any other (D-ZAZ-03).
    SubscriberStatus.EXTERNAL: frozenset({SubscriberStatus.APPLIED}),
}
CA_TRANSITIONS: Mapping[str, frozenset[str]] = {
    CaStatus.ACTIVE: frozenset({CaStatus.DISABLED}),
    CaStatus.DISABLED: frozenset(),
}
CA_OPERATION_TRANSITIONS: Mapping[str, frozenset[str]] = {
    CaOperationStatus.PROPOSED: frozenset({CaOperationStatus.EXECUTED, CaOperationStatus.DECLINED}),
    CaOperationStatus.EXECUTED: frozenset(),
    CaOperationStatus.DECLINED: frozenset(),
}
BATCH_TRANSITIONS: Mapping[str, frozenset[str]] = {
    BatchStatus.QUEUED: frozenset({BatchStatus.RUNNING, BatchStatus.REJECTED, BatchStatus.FAILED}),
    BatchStatus.RUNNING: frozenset({BatchStatus.COMPLETED, BatchStatus.REJECTED, BatchStatus.FAILED}),
    BatchStatus.COMPLETED: frozenset(),
    BatchStatus.REJECTED: frozenset(),
    BatchStatus.FAILED: frozenset(),
}


def certificate_move(
    *, certificate, to: str, actor: User | None = None, action: str = "", reason: str = "", updates=None
):
    return compare_and_set(
        obj=certificate,
        to=to,
        table=CERTIFICATE_TRANSITIONS,
        actor=actor,
        action=action or f"smki.certificate.{to}",
        reason=reason,
        updates=updates,
    )


def request_move(*, request, to: str, actor: User | None = None, reason: str = "", updates=None):
    return compare_and_set(
        obj=request,
        to=to,
        table=REQUEST_TRANSITIONS,
        actor=actor,
        action=f"smki.csr.{to}",
        reason=reason,
        updates=updates,
    )


def officer_move(*, officer, to: str, actor: User | None = None, reason: str = "", updates=None):
    return compare_and_set(
        obj=officer,
        to=to,
        table=OFFICER_TRANSITIONS,
        actor=actor,
        action=f"smki.officer.{to}",
        reason=reason,
        updates=updates,
    )


def subscriber_move(*, subscriber, to: str, actor: User | None = None, reason: str = "", updates=None):
    return compare_and_set(
        obj=subscriber,
        to=to,
        table=SUBSCRIBER_TRANSITIONS,
        actor=actor,
        action=f"smki.subscriber.{to}",
        reason=reason,
        updates=updates,
    )


def authority_move(*, authority, to: str, actor: User | None = None, reason: str = "", updates=None):
    return compare_and_set(
        obj=authority, to=to, table=CA_TRANSITIONS, actor=actor, action=f"smki.ca.{to}", reason=reason, updates=updates
    )


def operation_move(*, operation, to: str, actor: User | None = None, reason: str = "", updates=None):
    return compare_and_set(
        obj=operation,
        to=to,
        table=CA_OPERATION_TRANSITIONS,
        actor=actor,
        action=f"smki.ca_operation.{to}",
        reason=reason,
        updates=updates,
    )


def batch_move(*, batch, to: str, actor: User | None = None, reason: str = "", updates=None, audit: bool = True):
    return compare_and_set(
        obj=batch,
        to=to,
        table=BATCH_TRANSITIONS,
        actor=actor,
        action=f"smki.batch.{to}" if audit else None,
        reason=reason,
        updates=updates,
    )
