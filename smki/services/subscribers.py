"""Authorised Subscribers and their SRO/ARO officers (spec §1.4, §1.5)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from portal.choices import PortalRole
from portal.models import User
from portal.services import audit

from ..choices import OfficerKind, OfficerRevocationReason, OfficerStatus, SubscriberStatus
from ..exceptions import SmkiNotPermitted
from ..models import Subscriber, SubscriberOfficer
from ..transitions import officer_move, subscriber_move

_OFFICER_ROLE: dict[str, PortalRole] = {OfficerKind.SRO: PortalRole.SMKI_SRO, OfficerKind.ARO: PortalRole.SMKI_ARO}


def _require_ra(actor: User) -> None:
    if not (actor and actor.is_authenticated and actor.party.is_dcc and actor.has_perm("smki.review_subscriber")):
        raise SmkiNotPermitted("Only SMKI registration authority officers may do this.")


def _require_party_admin(actor: User, party) -> None:
    """The Party's SSI administrator or its approved SRO files SMKI forms; the RA may on its behalf."""
    if actor.party_id == party.pk:
        is_sro = SubscriberOfficer.objects.filter(
            subscriber__party=party, person=actor, kind=OfficerKind.SRO, status=OfficerStatus.APPROVED
        ).exists()
        if actor.has_perm("portal.manage_people") or is_sro:
            return
    if actor.party.is_dcc and actor.has_perm("smki.review_subscriber"):
        return
    raise SmkiNotPermitted("Only the Party's SSI administrator, its SRO or the SMKI RA may file SMKI forms for it.")


def subscriber_apply(*, actor: User, party, for_organisation: bool, for_device: bool, notes: str = "") -> Subscriber:
    """File the Authorised Subscriber Application Form (§1.5 step 4) for one or both policies.

    Audit: ``smki.subscriber.applied``. Re-applying after withdrawal reopens the same record, as does
    applying when the Party so far held only imported test PKI certificates (status ``external``).
    """
    _require_party_admin(actor, party)
    if not (for_organisation or for_device):
        raise SmkiNotPermitted(
            "Apply for Organisation Certificates, Device Certificates or both.", code="smki.subscriber.no_policy"
        )
    with transaction.atomic(durable=True):
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            party=party,
            defaults={
                "for_organisation_certificates": for_organisation,
                "for_device_certificates": for_device,
                "applied_by": actor,
                "notes": notes,
            },
        )
        if not created:
            if subscriber.status == SubscriberStatus.APPROVED:
                raise SmkiNotPermitted(f"{party} is already an Authorised Subscriber.", code="smki.subscriber.exists")
            if subscriber.status in (SubscriberStatus.WITHDRAWN, SubscriberStatus.EXTERNAL):
                subscriber_move(subscriber=subscriber, to=SubscriberStatus.APPLIED, actor=actor)
            subscriber.for_organisation_certificates = for_organisation
            subscriber.for_device_certificates = for_device
            subscriber.applied_by, subscriber.notes = actor, notes
            subscriber.save(
                update_fields=[
                    "for_organisation_certificates",
                    "for_device_certificates",
                    "applied_by",
                    "notes",
                    "updated_at",
                ]
            )
        audit.record(
            action="smki.subscriber.applied",
            actor=actor,
            target=subscriber,
            party=party,
            after={"organisation": for_organisation, "device": for_device},
        )
    return subscriber


def subscriber_approve(*, actor: User, subscriber: Subscriber) -> Subscriber:
    """RA approves the Party as Authorised Subscriber (§1.5 step 4); it needs an approved SRO and ARO.

    Audit: ``smki.subscriber.approved``.
    """
    _require_ra(actor)
    officers = subscriber.officers.filter(status=OfficerStatus.APPROVED)
    # §1.5 step 1: one SRO and at least one ARO.
    if not (officers.filter(kind=OfficerKind.SRO).exists() and officers.filter(kind=OfficerKind.ARO).exists()):
        raise SmkiNotPermitted(
            "Approve the Subscriber's SRO and at least one ARO first.", code="smki.subscriber.officers_missing"
        )
    with transaction.atomic(durable=True):
        return subscriber_move(
            subscriber=subscriber,
            to=SubscriberStatus.APPROVED,
            actor=actor,
            updates={"decided_by": actor, "decided_at": timezone.now()},
        )


def subscriber_withdraw(*, actor: User, subscriber: Subscriber, reason: str) -> Subscriber:
    """RA withdraws Authorised Subscriber status (it can no longer submit CSRs). Audit."""
    _require_ra(actor)
    with transaction.atomic(durable=True):
        return subscriber_move(
            subscriber=subscriber,
            to=SubscriberStatus.WITHDRAWN,
            actor=actor,
            reason=reason[:200],
            updates={"decided_by": actor, "decided_at": timezone.now()},
        )


def officer_nominate(
    *, actor: User, subscriber: Subscriber, person, kind: str, nominator_capacity: str = ""
) -> SubscriberOfficer:
    """File an SRO or ARO Nomination Form (§1.5 step 2).

    An SRO is nominated only by a Director or Company Secretary (§1.4): ``nominator_capacity`` names who.
    Audit: ``smki.officer.nominated``.
    """
    _require_party_admin(actor, subscriber.party)
    if person.party_id != subscriber.party_id:
        raise SmkiNotPermitted("An officer must be a person of the Subscriber's own Party.", code="smki.officer.party")
    if kind == OfficerKind.SRO and not nominator_capacity.strip():
        raise SmkiNotPermitted(
            "Name the Director or Company Secretary who nominates the SRO.", code="smki.officer.nominator_required"
        )
    current = subscriber.officers.exclude(status=OfficerStatus.REVOKED)
    if kind == OfficerKind.SRO and current.filter(kind=OfficerKind.SRO).exists():
        raise SmkiNotPermitted(
            "The Subscriber already has an SRO; revoke that nomination first.", code="smki.officer.one_sro"
        )
    if current.filter(kind=kind, person=person).exists():
        raise SmkiNotPermitted(f"{person.full_name} already holds or awaits this office.", code="smki.officer.exists")
    with transaction.atomic(durable=True):
        officer = SubscriberOfficer.objects.create(
            subscriber=subscriber,
            person=person,
            kind=kind,
            nominator_capacity=nominator_capacity.strip()[:80],
            nominated_by=actor,
        )
        audit.record(
            action="smki.officer.nominated",
            actor=actor,
            target=officer,
            party=subscriber.party,
            after={"kind": kind, "person": person.email},
        )
    return officer


def officer_verify_identity(*, actor: User, officer: SubscriberOfficer, evidence: str) -> SubscriberOfficer:
    """RA records that it met the officer and confirmed their identity (§1.5 step 3). Audit."""
    _require_ra(actor)
    if not evidence.strip():
        raise SmkiNotPermitted("Describe how the identity was confirmed.", code="smki.officer.evidence_required")
    with transaction.atomic(durable=True):
        return officer_move(
            officer=officer,
            to=OfficerStatus.IDENTITY_VERIFIED,
            actor=actor,
            updates={
                "identity_verified_by": actor,
                "identity_verified_at": timezone.now(),
                "identity_evidence": evidence.strip()[:300],
            },
        )


def officer_approve(*, actor: User, officer: SubscriberOfficer) -> SubscriberOfficer:
    """RA adds the officer to the SRO/ARO list (§1.5 step 3) and gives the portal role. Audit; notifies."""
    _require_ra(actor)
    with transaction.atomic(durable=True):
        officer_move(
            officer=officer,
            to=OfficerStatus.APPROVED,
            actor=actor,
            updates={"approved_by": actor, "approved_at": timezone.now()},
        )
        group, _ = Group.objects.get_or_create(name=_OFFICER_ROLE[officer.kind])
        officer.person.groups.add(group)
        from portal.services.notifications import notify

        # §1.5 step 3: the RA notifies the Party in writing.
        notify(
            recipients=[officer.person],
            subject=f"You are now an approved SMKI {officer.get_kind_display()}",
            body=f"The SMKI RA approved you as {officer.get_kind_display()} for {officer.subscriber}.",
            url="/smki/",
        )
    return officer


def officer_revoke(*, actor: User, officer: SubscriberOfficer, reason: str, details: str = "") -> SubscriberOfficer:
    """Revoke an officer's credentials for one of the reasons of App D 8.3.1 (``OfficerRevocationReason``).

    The RA, or the Subscriber's SRO for an ARO, may. ``details`` is optional free text. Audit.
    """
    is_ra = actor.party.is_dcc and actor.has_perm("smki.review_subscriber")
    is_own_sro = officer.subscriber.officers.filter(
        person=actor, kind=OfficerKind.SRO, status=OfficerStatus.APPROVED
    ).exists()
    if not (is_ra or (is_own_sro and officer.kind == OfficerKind.ARO)):
        raise SmkiNotPermitted("Only the RA, or the Subscriber's SRO for an ARO, may revoke officer credentials.")
    if reason not in OfficerRevocationReason.values:
        raise SmkiNotPermitted("Choose one of the reasons App D 8.3.1 permits.", code="smki.officer.reason_required")
    details = details.strip()[:300]
    label = OfficerRevocationReason(reason).label
    with transaction.atomic(durable=True):
        officer_move(
            officer=officer,
            to=OfficerStatus.REVOKED,
            actor=actor,
            reason=(f"{label}: {details}" if details else label)[:200],
            updates={"revoked_at": timezone.now(), "revocation_code": reason, "revocation_reason": details},
        )
        still_holds = SubscriberOfficer.objects.filter(
            person=officer.person, kind=officer.kind, status=OfficerStatus.APPROVED
        ).exists()
        if not still_holds:
            officer.person.groups.remove(*Group.objects.filter(name=_OFFICER_ROLE[officer.kind]))
    return officer
