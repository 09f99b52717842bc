"""Permission codes, queryset scopes and policy predicates of the SMKI app (STYLE rule 12)."""

from enum import StrEnum

from django.db.models import QuerySet

from portal.permissions import is_dcc_staff

from .choices import CertificateStatus, OfficerKind, OfficerStatus, RequestStatus


class Perm(StrEnum):
    SUBMIT_CSR = "smki.submit_csr"
    REVIEW_CSR = "smki.review_csr"
    REVIEW_SUBSCRIBER = "smki.review_subscriber"
    OPERATE_CA = "smki.operate_ca"
    REVOKE_CERTIFICATE = "smki.revoke_certificate"
    ACCEPT_CERTIFICATE = "smki.accept_certificate"
    IMPORT_EXTERNAL_PKI = "smki.import_external_pki"
    MANAGE_TEST_CREDENTIALS = "smki.manage_test_credentials"


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_ra_officer(user) -> bool:
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.REVIEW_CSR)


_SUBSCRIBER_SIDE = (Perm.SUBMIT_CSR, Perm.ACCEPT_CERTIFICATE, Perm.REVOKE_CERTIFICATE)


def scope_to_subscriber_party(
    qs: QuerySet, user, *, field: str = "subscriber__party", also: tuple[str, ...] = ()
) -> QuerySet:
    """Rows of the user's own Subscriber, for its SMKI officers (and holders of ``also``);
    RA officers see every Subscriber's rows; anyone else sees nothing (so 404)."""
    if not _signed_in(user):
        return qs.none()
    if is_dcc_staff(user):
        return qs if (user.has_perm(Perm.REVIEW_CSR) or user.has_perm(Perm.REVIEW_SUBSCRIBER)) else qs.none()
    if any(user.has_perm(p) for p in (*_SUBSCRIBER_SIDE, *also)):
        return qs.filter(**{field: user.party_id})
    return qs.none()


def scope_repository(qs: QuerySet, user) -> QuerySet:
    """The SMKI Repository is open to every Party (L6.1): any signed-in person or API client."""
    return qs if _signed_in(user) else qs.none()


def officer_of(user, subscriber, *kinds: str) -> bool:
    return (
        _signed_in(user)
        and subscriber.officers.filter(
            person=user, status=OfficerStatus.APPROVED, kind__in=kinds or (OfficerKind.SRO, OfficerKind.ARO)
        ).exists()
    )


def can_submit_csr(user, subscriber) -> bool:
    return _signed_in(user) and user.has_perm(Perm.SUBMIT_CSR) and officer_of(user, subscriber, OfficerKind.ARO)


def can_review_request(user, request) -> bool:
    return (
        is_ra_officer(user) and request.status == RequestStatus.PENDING_REVIEW and request.submitted_by_id != user.pk
    )


def can_accept_certificate(user, certificate) -> bool:
    return (
        certificate.status == CertificateStatus.PENDING
        and user.has_perm(Perm.ACCEPT_CERTIFICATE)
        and officer_of(user, certificate.subscriber)
    )


def can_operate_ca(user) -> bool:
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.OPERATE_CA)


def can_review_subscriber(user) -> bool:
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.REVIEW_SUBSCRIBER)


def can_import_external_pki(user) -> bool:
    """DCC staff holding the import permission (RA officers, DCC administrators) load a test PKI."""
    return _signed_in(user) and is_dcc_staff(user) and user.has_perm(Perm.IMPORT_EXTERNAL_PKI)


def can_use_repository_services(user) -> bool:
    """Who may call the SMKI Repository web services (D-ZAZ-06, ``SMKI_REPOSITORY_SERVICES_ACCESS``):
    anyone when ``open``; a signed-in person or API token of any Party when ``parties``."""
    from django.conf import settings

    access = settings.SMKI_REPOSITORY_SERVICES_ACCESS
    return access == "open" or (access == "parties" and _signed_in(user))


def can_manage_test_credentials(user) -> bool:
    """People of a Party who may have test credentials issued (the choke point then requires an approved
    ARO) and download the Party's ones (D-ZAZ-05)."""
    return _signed_in(user) and user.has_perm(Perm.MANAGE_TEST_CREDENTIALS)
