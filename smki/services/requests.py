"""Ad-hoc CSRs (form, API, DCC system), RA review, and the Subscriber's acceptance (spec §1.6, §1.7)."""

from django.db import transaction
from django.utils import timezone

from portal.models import User
from portal.services import audit

from ..checks import CheckedCsr, Submission, csr_check_one
from ..choices import (
    CertificateKind,
    CertificateStatus,
    OfficerKind,
    OfficerStatus,
    RejectionReason,
    RequestStatus,
    RevocationChannel,
    RevocationReason,
)
from ..exceptions import CsrRejected, SmkiNotPermitted
from ..models import Certificate, CertificateRequest
from ..transitions import certificate_move, request_move
from .issuance import certificates_lodge, certificates_sign


def _request_row(*, checked: CheckedCsr, submission: Submission, status: str) -> CertificateRequest:
    facts = checked.facts
    return CertificateRequest(
        kind=submission.kind,
        channel=submission.channel,
        status=status,
        subscriber=submission.subscriber,
        submitted_by=submission.submitter,
        csr_der=facts.der,
        csr_sha256=facts.csr_sha256,
        public_key_sha256=facts.public_key_sha256,
        usage=facts.usage,
        subject=facts.subject_text,
        user_id=facts.user_id,
        role_code=facts.role_code,
        device_id=facts.device_id,
    )


def _record_rejection(submission: Submission, exc: CsrRejected) -> None:
    # A refused CSR changes nothing, but the refusal itself is logged (§1.6 step 2).
    audit.record(
        action="smki.csr.refused",
        actor=submission.submitter,
        target_type="smki.certificaterequest",
        target_label=f"{submission.kind} CSR",
        party=submission.subscriber.party,
        after={"reason": exc.reason, "detail": exc.message[:300], "channel": submission.channel},
    )


def _issue_one(checked: CheckedCsr, submission: Submission) -> Certificate:
    (certificate,) = certificates_sign(checked=[checked], subscriber=submission.subscriber, kind=submission.kind)
    kept, dropped = certificates_lodge(certificates=[certificate])
    if dropped:
        raise CsrRejected(dropped[0].reason, dropped[0].detail)
    return kept[0]


def certificate_request_submit(*, submission: Submission, csr: bytes | str) -> CertificateRequest:
    """The ad-hoc entry point: check one CSR at the choke point, then queue or issue it.

    Organisation CSRs wait for RA review (``pending_review``); Device CSRs that pass issue at once
    within the request (L8.1: 30 s target). Raises ``CsrRejected`` naming the reason; nothing is
    stored then except an audit row ``smki.csr.refused``.
    Audit: ``smki.csr.submitted`` and, for devices, ``smki.certificate.issued``.
    """
    try:
        checked = csr_check_one(submission=submission, csr=csr)
        with transaction.atomic(durable=True):
            if submission.kind == CertificateKind.ORGANISATION:
                request = _request_row(checked=checked, submission=submission, status=RequestStatus.PENDING_REVIEW)
                request.save()
                audit.record(
                    action="smki.csr.submitted",
                    actor=submission.submitter,
                    target=request,
                    party=submission.subscriber.party,
                    after={"kind": request.kind, "subject": request.subject, "channel": request.channel},
                )
                return request
            certificate = _issue_one(checked, submission)
            request = _request_row(checked=checked, submission=submission, status=RequestStatus.ISSUED)
            request.certificate = certificate
            request.save()
            audit.record(
                action="smki.certificate.issued",
                actor=submission.submitter,
                target=certificate,
                party=submission.subscriber.party,
                after={
                    "serial": certificate.serial,
                    "device_id": certificate.device_id,
                    "usage": certificate.usage,
                    "request": request.pk,
                    "channel": request.channel,
                },
            )
            return request
    except CsrRejected as exc:
        _record_rejection(submission, exc)
        raise


def _require_reviewer(actor: User) -> None:
    if not (actor and actor.is_authenticated and actor.party.is_dcc and actor.has_perm("smki.review_csr")):
        raise SmkiNotPermitted("Only SMKI registration authority officers may review Organisation CSRs.")


def certificate_request_approve(*, actor: User, request: CertificateRequest) -> CertificateRequest:
    """RA approves a pending Organisation CSR: it is re-checked at the choke point and issued (§1.6 step 5).

    If the re-check fails the request is rejected with that reason and ``CsrRejected`` is raised.
    The reviewer must not be the submitter. Audit: ``smki.csr.issued``, ``smki.certificate.issued``.
    """
    _require_reviewer(actor)
    if request.status != RequestStatus.PENDING_REVIEW:
        # Checked first: re-running the choke point on a decided request would report its own
        # certificate's key as "reused" (e.g. a second click on Approve).
        raise SmkiNotPermitted(
            f"This request is already {request.get_status_display().lower()}; nothing was changed.",
            code="smki.csr.already_decided",
        )
    if request.submitted_by_id == actor.pk:
        raise SmkiNotPermitted(
            "You submitted this CSR; another RA officer must review it.", code="smki.two_person_rule"
        )
    submission = Submission(
        subscriber=request.subscriber, submitter=request.submitted_by, kind=request.kind, channel=request.channel
    )
    try:
        checked = csr_check_one(submission=submission, csr=bytes(request.csr_der), reviewing_request_pk=request.pk)
        with transaction.atomic(durable=True):
            certificate = _issue_one(checked, submission)
            request_move(
                request=request,
                to=RequestStatus.ISSUED,
                actor=actor,
                updates={"certificate": certificate, "reviewed_by": actor, "reviewed_at": timezone.now()},
            )
            audit.record(
                action="smki.certificate.issued",
                actor=actor,
                target=certificate,
                party=request.subscriber.party,
                after={"serial": certificate.serial, "subject": certificate.subject, "request": request.pk},
            )
        _notify_issued(request, certificate)
    except CsrRejected as exc:
        if request.status == RequestStatus.PENDING_REVIEW:
            certificate_request_reject(actor=actor, request=request, reason=exc.reason, detail=exc.message)
        raise
    return request


def _notify_issued(request: CertificateRequest, certificate: Certificate) -> None:
    from portal.services.notifications import notify

    notify(
        recipients=[request.submitted_by],
        subject=f"Certificate {certificate.serial} issued",
        body="Your Organisation CSR was approved. Download the certificate, check it against your CSR, "
        "and accept it (or reject it if it is inconsistent).",
        url=f"/smki/certificates/{certificate.serial}/",
    )


def certificate_request_reject(
    *, actor: User, request: CertificateRequest, reason: str, detail: str
) -> CertificateRequest:
    """RA rejects an Organisation CSR with a reason; the Subscriber may correct and re-submit with the
    same key pair (§1.6 step 4). Audit: ``smki.csr.rejected``."""
    _require_reviewer(actor)
    if reason not in RejectionReason.values:
        raise SmkiNotPermitted("Choose a rejection reason.", code="smki.csr.reason_required")
    with transaction.atomic(durable=True):
        request_move(
            request=request,
            to=RequestStatus.REJECTED,
            actor=actor,
            reason=reason,
            updates={
                "rejection_reason": reason,
                "rejection_detail": (detail or "")[:500],
                "reviewed_by": actor,
                "reviewed_at": timezone.now(),
            },
        )
    return request


def _require_subscriber_officer(actor: User, certificate: Certificate) -> None:
    is_officer = certificate.subscriber.officers.filter(
        person=actor, status=OfficerStatus.APPROVED, kind__in=[OfficerKind.SRO, OfficerKind.ARO]
    ).exists()
    if not (is_officer and actor.has_perm("smki.accept_certificate")):
        raise SmkiNotPermitted("Only the Subscriber's SRO or ARO may accept or reject its certificates.")


def certificate_accept(*, actor: User, certificate: Certificate) -> Certificate:
    """The Subscriber accepts an issued certificate: it becomes In use (L11.5), and an earlier in-use
    certificate with the same User ID, role and usage becomes Not in use. Audit."""
    _require_subscriber_officer(actor, certificate)
    with transaction.atomic(durable=True):
        previous = list(
            Certificate.objects.select_for_update()
            .filter(
                kind=certificate.kind,
                status=CertificateStatus.IN_USE,
                usage=certificate.usage,
                user_id=certificate.user_id,
                role_code=certificate.role_code,
                device_id=certificate.device_id,
            )
            .exclude(pk=certificate.pk)
            .order_by("pk")
        )
        certificate_move(
            certificate=certificate,
            to=CertificateStatus.IN_USE,
            actor=actor,
            action="smki.certificate.accepted",
            updates={"accepted_at": timezone.now()},
        )
        for old in previous:
            certificate_move(
                certificate=old,
                to=CertificateStatus.NOT_IN_USE,
                actor=actor,
                reason="superseded",
                action="smki.certificate.superseded",
            )
    return certificate


def certificate_reject_by_subscriber(*, actor: User, certificate: Certificate, detail: str) -> Certificate:
    """The Subscriber rejects an inconsistent certificate (§1.6 step 6).

    Organisation Certificates are then revoked by the DCC and listed on the CRL; Device Certificates
    cannot be revoked, so they become Not in use and the rejection is logged for the DCC to
    investigate (§1.7 After download).
    """
    _require_subscriber_officer(actor, certificate)
    if certificate.status != CertificateStatus.PENDING:
        raise SmkiNotPermitted(
            "Only a certificate not yet accepted can be rejected as inconsistent.", code="smki.certificate.not_pending"
        )
    with transaction.atomic(durable=True):
        audit.record(
            action="smki.certificate.rejected_by_subscriber",
            actor=actor,
            target=certificate,
            party=certificate.subscriber.party,
            after={"detail": detail[:300]},
        )
        if certificate.kind == CertificateKind.ORGANISATION:
            from .revocation import _notify_sro, revocation_list_publish

            # §1.6 step 6: the Subscriber rejects, the DCC revokes. The revocation is the DCC's (no
            # person), so an ARO who rejects is never recorded as having revoked (§1.9: never an ARO);
            # the rejection event above names who rejected.
            certificate_move(
                certificate=certificate,
                to=CertificateStatus.REVOKED,
                actor=None,
                reason=RevocationReason.INCONSISTENT,
                updates={
                    "revoked_at": timezone.now(),
                    "revocation_reason": RevocationReason.INCONSISTENT,
                    "revocation_channel": RevocationChannel.PORTAL,
                    "revoked_by": None,
                },
            )
            crl = revocation_list_publish(authority=certificate.authority)
            _notify_sro(certificate, crl)
        else:
            # §1.7 After download: a Device Certificate cannot be revoked, so it leaves Pending for
            # Not in use; it can then be neither accepted nor rejected again while the DCC investigates.
            certificate_move(
                certificate=certificate,
                to=CertificateStatus.NOT_IN_USE,
                actor=actor,
                reason="rejected_by_subscriber",
                action="smki.certificate.not_in_use",
            )
    return certificate


__all__ = [
    "certificate_accept",
    "certificate_reject_by_subscriber",
    "certificate_request_approve",
    "certificate_request_reject",
    "certificate_request_submit",
]
