"""Revocation of Organisation Certificates and publication of the CRL and ARL (spec §1.9)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.models import User
from portal.services.notifications import notify

from ..choices import (
    CaKind,
    CaStatus,
    CertificateKind,
    CertificateStatus,
    OfficerKind,
    OfficerStatus,
    RevocationChannel,
    RevocationListKind,
    RevocationReason,
)
from ..exceptions import SmkiNotPermitted
from ..models import Certificate, CertificateAuthority, RevocationList
from ..profiles import RevokedEntry, revocation_list
from ..transitions import certificate_move
from .issuance import authority_issuer


def revocation_refusal(*, actor: User, certificate: Certificate) -> str:
    """Why ``actor`` may not revoke ``certificate`` ('' when they may). Shown in the UI as is."""
    if certificate.kind == CertificateKind.DEVICE:
        # §1.9 / §8 rule 1: "Revocation of a Device Certificate is prohibited by the SMKI RAPP".
        return (
            "Device Certificates cannot be revoked: the SMKI RAPP prohibits it and there is no Device CRL. "
            "Report an inconsistent Device Certificate to the Service Desk."
        )
    if certificate.status == CertificateStatus.REVOKED:
        return "This certificate is already revoked; revocation is permanent."
    if not (actor and actor.is_authenticated and actor.has_perm("smki.revoke_certificate")):
        return (
            "Only the Subscriber's SRO or an SMKI registration authority officer may revoke certificates; "
            "an ARO cannot (SMKI RAPP)."
        )
    if actor.party.is_dcc:
        return ""  # §1.9: RA Manager / RA Personnel on behalf of the DCC.
    # §1.9 / §8 rule 2: an SRO of the Subscriber, never an ARO.
    is_sro = certificate.subscriber.officers.filter(
        person=actor, kind=OfficerKind.SRO, status=OfficerStatus.APPROVED
    ).exists()
    return "" if is_sro else "Only the Subscriber's approved SRO may request revocation; an ARO cannot."


def certificate_revoke(
    *, actor: User, certificate: Certificate, reason: str, channel: str = RevocationChannel.PORTAL
) -> Certificate:
    """Revoke an Organisation Certificate for good and publish a fresh CRL at once.

    Raises ``SmkiNotPermitted`` (device certificate, ARO, other Party) and ``InvalidTransition``.
    Side effects: audit ``smki.certificate.revoked``; the SRO is notified; CRL regenerated.
    """
    refusal = revocation_refusal(actor=actor, certificate=certificate)
    if refusal:
        raise SmkiNotPermitted(refusal, code="smki.revocation_refused")
    if reason not in RevocationReason.values:
        raise SmkiNotPermitted(
            "Choose one of the permitted revocation reasons (App B 4.9).", code="smki.revocation_reason_invalid"
        )
    if channel not in RevocationChannel.values:
        raise SmkiNotPermitted("Choose how the revocation request was received.", code="smki.revocation_channel")
    if channel != RevocationChannel.PORTAL and not actor.party.is_dcc:
        # §1.9 Channels: post and in-person requests reach the RA, which records them; an SRO's own
        # request is the portal one.
        raise SmkiNotPermitted(
            "An SRO requests revocation through the portal; requests by post or in person are recorded by the RA.",
            code="smki.revocation_channel",
        )
    with transaction.atomic(durable=True):
        certificate_move(
            certificate=certificate,
            to=CertificateStatus.REVOKED,
            actor=actor,
            reason=reason,
            updates={
                "revoked_at": timezone.now(),
                "revocation_reason": reason,
                "revocation_channel": channel,
                "revoked_by": actor,
            },
        )
        # An imported test PKI certificate (D-ZAZ-02) is revoked in our Repository, so the gateway and
        # the Repository services treat it as revoked; its CRL is its own PKI's, which we cannot sign.
        is_external = certificate.authority.kind == CaKind.EXTERNAL
        crl = None if is_external else revocation_list_publish(authority=certificate.authority)
        _notify_sro(certificate, crl)
    return certificate


def _notify_sro(certificate: Certificate, crl: RevocationList | None) -> None:
    # §1.9 Processing 4: the DCC notifies the SRO that the certificate is revoked.
    sros = [
        o.person for o in certificate.subscriber.officers.filter(kind=OfficerKind.SRO, status=OfficerStatus.APPROVED)
    ]
    notify(
        recipients=sros,
        subject=f"Organisation Certificate {certificate.serial} revoked",
        body=f"The certificate was revoked ({certificate.get_revocation_reason_display()}) and is "
        + (f"on CRL number {crl.number}" if crl else "marked Revoked in the SMKI Repository (its CA is external)")
        + ". Revocation is permanent.",
        url=f"/smki/certificates/{certificate.serial}/",
    )


def revocation_list_publish(*, authority: CertificateAuthority) -> RevocationList:
    """Sign and store the next CRL (issuing OCA) or ARL (root) of ``authority``."""
    with transaction.atomic():
        CertificateAuthority.objects.filter(pk=authority.pk).update(crl_number=F("crl_number") + 1)
        authority.refresh_from_db(fields=["crl_number"])
        now = timezone.now().replace(microsecond=0)
        next_update = now + dt.timedelta(hours=settings.SMKI_CRL_VALIDITY_HOURS)
        if authority.kind == CaKind.ROOT:
            kind = RevocationListKind.ARL
            # A disabled CA is listed with every certificate it still holds: the current one and any
            # earlier one a renewal superseded that has not expired yet.
            revoked = CertificateAuthority.objects.filter(parent=authority, status=CaStatus.DISABLED).prefetch_related(
                "earlier_certificates"
            )
            entries = [
                RevokedEntry(serial, ca.disabled_at or ca.updated_at, RevocationReason.CESSATION_OF_OPERATION)
                for ca in revoked
                for serial in [ca.serial, *(e.serial for e in ca.earlier_certificates.all() if e.not_after > now)]
                if serial is not None
            ]
        else:
            kind = RevocationListKind.CRL
            revoked = Certificate.objects.filter(authority=authority, status=CertificateStatus.REVOKED).only(
                "serial", "revoked_at", "revocation_reason"
            )
            entries = [RevokedEntry(c.serial, c.revoked_at, c.revocation_reason) for c in revoked.iterator()]
        signed = revocation_list(
            issuer=authority_issuer(authority),
            number=authority.crl_number,
            entries=entries,
            this_update=now,
            next_update=next_update,
        )
        from cryptography.hazmat.primitives import serialization

        return RevocationList.objects.create(
            kind=kind,
            authority=authority,
            number=authority.crl_number,
            this_update=now,
            next_update=next_update,
            entries=len(entries),
            der=signed.public_bytes(serialization.Encoding.DER),
        )


def revocation_lists_publish() -> list[RevocationList]:
    """Publish the ARL of every root and the CRL of every Organisation issuing CA (beat, and after CA changes).

    Device issuing CAs publish nothing: there is no Device CRL (§1.9).
    """
    published = []
    for authority in CertificateAuthority.objects.filter(kind__in=[CaKind.ROOT, CaKind.ISSUING_ORGANISATION]).order_by(
        "pk"
    ):
        published.append(revocation_list_publish(authority=authority))
    return published
