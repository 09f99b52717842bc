"""Reads of the SMKI app, always scoped to the actor (STYLE rule 12).

``organisation_certificate_for_user_id`` and ``certificate_for_xml_signature`` are the interfaces
other apps use (docs/smki.md).
"""

import re

from cryptography import x509
from django.db.models import QuerySet
from django.utils import timezone

from portal.models import User

from .choices import CaKind, CertificateKind, RequestStatus, RevocationListKind
from .models import (
    CaOperation,
    Certificate,
    CertificateAuthority,
    CertificateRequest,
    CsrBatch,
    RevocationList,
    Subscriber,
)
from .permissions import scope_repository, scope_to_subscriber_party


def certificate_list(*, actor: User) -> QuerySet[Certificate]:
    """The SMKI Repository: every certificate, for any signed-in Party (L6.1)."""
    return scope_repository(Certificate.objects.select_related("authority", "subscriber__party"), actor).defer("der")


def certificate_get(*, actor: User, serial: str) -> Certificate:
    """One repository certificate by serial (hex, any case); ``Certificate.DoesNotExist`` otherwise."""
    return scope_repository(Certificate.objects.select_related("authority", "subscriber__party"), actor).get(
        serial=serial.upper().lstrip("0") or "0"
    )


def organisation_certificate_for_user_id(
    *, user_id: str, usage: str, role_code: int | None = None, exclude_role_codes=()
):
    """The in-use Organisation Certificate for an EUI-64 User ID and key usage, or ``None``.

    For other apps (e.g. the SR pipeline verifying critical Service Requests). Returns the most
    recently issued certificate that is In use, unexpired and unrevoked; ``.public_key()`` on the
    returned object gives the cryptography public key, ``.der`` the certificate bytes.
    ``usage`` is ``KeyUsage`` (``"ds"`` or ``"ka"``); ``role_code`` narrows to one Remote Party Role,
    ``exclude_role_codes`` leaves some out (XML signing certificates never sign a GBCS command).
    An imported test PKI certificate past its notAfter counts while ``SMKI_ACCEPT_EXPIRED_TEST_PKI`` is on.
    """
    from portal.identifiers import normalise_eui64

    qs = Certificate.objects.usable_for_signatures().filter(
        kind=CertificateKind.ORGANISATION, user_id=normalise_eui64(user_id), usage=usage
    )
    if role_code is not None:
        qs = qs.filter(role_code=role_code)
    if exclude_role_codes:
        qs = qs.exclude(role_code__in=exclude_role_codes)
    return qs.order_by("-issued_at", "-pk").first()


# Spaces around the separators of a distinguished name ("CN=U1, OU=07", RFC 1779 style) are
# tolerated; RFC 4514 itself has none, and escaped separators ("\\,") are left alone.
_DN_SEPARATOR = re.compile(r"(?<!\\)\s*([,+])\s*")


def parse_distinguished_name(text: str) -> x509.Name | None:
    """An RFC 2253/4514 distinguished name as an ``x509.Name``, or None when it does not parse."""
    try:
        return x509.Name.from_rfc4514_string(_DN_SEPARATOR.sub(r"\1", (text or "").strip()))
    except ValueError:
        return None


def certificate_for_xml_signature(*, issuer: str, serial: int) -> Certificate | None:
    """The certificate an XML signature names by ``X509IssuerSerial``, whatever its status, or None.

    The gateway's look-up (not scoped to an actor: the signature is what authenticates). Found by
    serial (stored as upper-case hex) and kept only when ``issuer`` (RFC 2253 text) is the same
    name as the certificate's issuer, compared attribute by attribute. The caller checks whether it
    may sign (``is_usable_for_signatures``, its role and User ID); its authority and Subscriber's
    Party come with it.
    """
    if serial < 0:
        return None
    wanted = parse_distinguished_name(issuer)
    if wanted is None:
        return None
    found = Certificate.objects.select_related("authority", "subscriber__party").filter(serial=f"{serial:X}").first()
    if found is None or found.x509().issuer != wanted:
        return None
    return found


def request_list(*, actor: User) -> QuerySet[CertificateRequest]:
    return scope_to_subscriber_party(
        CertificateRequest.objects.select_related("subscriber__party", "submitted_by", "certificate"), actor
    ).defer("csr_der")


def review_queue(*, actor: User) -> QuerySet[CertificateRequest]:
    """Organisation CSRs awaiting RA review, oldest first."""
    return (
        request_list(actor=actor)
        .filter(status=RequestStatus.PENDING_REVIEW, kind=CertificateKind.ORGANISATION)
        .order_by("created_at")
    )


def batch_list(*, actor: User) -> QuerySet[CsrBatch]:
    return scope_to_subscriber_party(
        CsrBatch.objects.select_related("subscriber__party", "job", "submitted_by"), actor
    )


def pickup_batches(*, actor: User) -> QuerySet[CsrBatch]:
    """Batches whose results are still on the certificate pickup page (30 days, §1.7)."""
    return batch_list(actor=actor).filter(expires_at__gt=timezone.now())


def pickup_certificates(*, actor: User) -> QuerySet[Certificate]:
    """Ad-hoc certificates of the actor's Subscriber issued in the last 30 days (pickup page)."""
    from datetime import timedelta

    from .constants import PICKUP_DAYS

    return scope_to_subscriber_party(
        Certificate.objects.filter(batch__isnull=True, issued_at__gt=timezone.now() - timedelta(days=PICKUP_DAYS)),
        actor,
    ).defer("der")


def subscriber_list(*, actor: User) -> QuerySet[Subscriber]:
    # The Party's SSI administrator files the Subscriber forms, so it sees its own record too.
    return scope_to_subscriber_party(
        Subscriber.objects.select_related("party"), actor, field="party", also=("portal.manage_people",)
    )


def authority_list() -> QuerySet[CertificateAuthority]:
    """The CA hierarchy; CA certificates are public repository documents."""
    return CertificateAuthority.objects.select_related("parent").defer("key_handle")


def ca_operation_list(*, actor: User) -> QuerySet[CaOperation]:
    from .permissions import can_operate_ca

    qs = CaOperation.objects.select_related("authority", "proposed_by", "decided_by")
    return qs if can_operate_ca(actor) else qs.none()


def current_revocation_list(*, kind: str) -> RevocationList | None:
    """The latest CRL (Issuing OCA) or ARL (Root) from the newest active CA of that kind."""
    ca_kind = CaKind.ROOT if kind == RevocationListKind.ARL else CaKind.ISSUING_ORGANISATION
    lists = RevocationList.objects.filter(kind=kind, authority__kind=ca_kind)
    # Prefer the active CA's list; a disabled OCA's last CRL stays downloadable by authority.
    active = lists.filter(authority__status="active").order_by("-authority__not_before", "-this_update", "-pk").first()
    return active or lists.order_by("-this_update", "-pk").first()


def authority_revocation_list(*, authority_id: int) -> RevocationList | None:
    """The latest CRL (Issuing OCA) or ARL (Root) signed by one CA; ``None`` for Device CAs (no Device CRL).

    ``current_revocation_list`` serves the newest active OCA's CRL; when several OCAs have issued
    certificates (a second OCA created by a CA operation), each one's CRL is here (§1.8).
    """
    return RevocationList.objects.filter(authority_id=authority_id).order_by("-number", "-pk").first()


def external_authority_list() -> QuerySet[CertificateAuthority]:
    """The issuers of imported test PKI certificates, with how many certificates each has here."""
    from django.db.models import Count

    return (
        CertificateAuthority.objects.filter(kind=CaKind.EXTERNAL)
        .annotate(certificate_count=Count("certificates"))
        .defer("key_handle")
        .order_by("source", "name")
    )


def external_pki_import_list(*, actor: User):
    """Import jobs of external test PKIs the actor may see (DCC staff who may import), newest first."""
    from portal.selectors import job_list

    from .permissions import can_import_external_pki
    from .services.external_pki import JOB_KIND

    jobs = job_list(actor=actor).filter(kind=JOB_KIND)
    return jobs if can_import_external_pki(actor) else jobs.none()


def repository_service_search(
    *,
    actor: User,
    user_id: str = "",
    device_id: str = "",
    serial: str = "",
    role_code: int | None = None,
    usage: str = "",
    status: str = "",
) -> QuerySet[Certificate]:
    """Certificates for the SMKI Repository web services (D-ZAZ-06), newest first.

    Arguments are already normalised (canonical EUI-64s, upper-case hex serial without leading zeros,
    ``KeyUsage`` and ``RepositoryStatus`` values). Nothing when the actor may not use the services.
    """
    from .permissions import can_use_repository_services

    if not can_use_repository_services(actor):
        return Certificate.objects.none()
    qs = Certificate.objects.all()
    if user_id:
        qs = qs.filter(kind=CertificateKind.ORGANISATION, user_id=user_id)
    if device_id:
        qs = qs.filter(kind=CertificateKind.DEVICE, device_id=device_id)
    if serial:
        qs = qs.filter(serial=serial)
    if role_code is not None:
        qs = qs.filter(role_code=role_code)
    if usage:
        qs = qs.filter(usage=usage)
    if status:
        qs = qs.with_repository_status(status)
    return qs.order_by("-issued_at", "-pk")


def issued_credential_list(*, actor: User) -> QuerySet:
    """The actor's Party's project-issued test credentials (D-ZAZ-05); nobody else's, not even the DCC's."""
    from .models import IssuedCredential
    from .permissions import can_manage_test_credentials

    qs = IssuedCredential.objects.select_related("certificate", "created_by").defer("wrapped_private_key")
    return qs.filter(party_id=actor.party_id) if can_manage_test_credentials(actor) else qs.none()
