"""Certificate authorities: the key ceremony (management command) and two-person CA operations."""

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.exceptions import InvalidTransition
from portal.models import User
from portal.services import audit

from ..choices import CaKind, CaOperationKind, CaOperationStatus, CaStatus, RemotePartyRole
from ..exceptions import SmkiNotPermitted
from ..integrations.key_backends import key_backend
from ..models import CaOperation, CertificateAuthority, EarlierCaCertificate
from ..profiles import ca_certificate, ca_subject, serial_number, validity
from ..transitions import authority_move, operation_move
from .issuance import authority_issuer

# The OU of a CA's name (D-ZAZ-01): ZAZ1's Issuing OCA is ``OU=07, CN=Z1``; its Issuing DCA is ``CN=E357``
# with no OU, so a Device Certificate's issuer has the same shape as DCC's.
_ROLE_CODE: dict[str, RemotePartyRole | None] = {
    CaKind.ROOT: RemotePartyRole.ROOT,
    CaKind.ISSUING_ORGANISATION: RemotePartyRole.ISSUING_AUTHORITY,
    CaKind.ISSUING_DEVICE: None,
}


def _make_authority(*, name: str, kind: str, parent: CertificateAuthority | None) -> CertificateAuthority:
    backend = key_backend()
    handle = backend.generate()
    public_key = backend.public_key(handle)
    issuer = authority_issuer(parent) if parent else None
    days = settings.SMKI_ROOT_VALIDITY_DAYS if kind == CaKind.ROOT else settings.SMKI_ISSUING_VALIDITY_DAYS
    not_before, not_after = validity(start=timezone.now(), days=days, cap=parent.not_after if parent else None)
    serial = serial_number()
    certificate = ca_certificate(
        subject=ca_subject(common_name=name, role_code=_ROLE_CODE[kind]),
        public_key=public_key,
        issuer=issuer,
        issuer_key=issuer.key if issuer else backend.signing_key(handle),
        serial=serial,
        not_before=not_before,
        not_after=not_after,
        path_length=1 if kind == CaKind.ROOT else 0,
    )
    return CertificateAuthority.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        serial=f"{serial:X}",
        subject=certificate.subject.rfc4514_string(),
        not_before=not_before,
        not_after=not_after,
        certificate_der=certificate.public_bytes(serialization.Encoding.DER),
        key_backend=backend.name,
        key_handle=handle,
    )


def authority_hierarchy_bootstrap(*, prefix: str = "SMKI") -> list[CertificateAuthority]:
    """Key generation ceremony: create the Root and both issuing CAs if no CA exists yet.

    Run by ``manage.py smki_init_cas`` on the CA host (nobody is signed in, so the two-person rule
    applies to every later CA operation in the portal instead). Idempotent: returns existing CAs.
    Audit: ``smki.ca.created`` per CA.
    """
    with transaction.atomic():
        existing = list(CertificateAuthority.objects.select_for_update().order_by("pk"))
        if existing:
            return existing
        root = _make_authority(name=f"{prefix} Root CA", kind=CaKind.ROOT, parent=None)
        organisation = _make_authority(name=f"{prefix} Issuing OCA", kind=CaKind.ISSUING_ORGANISATION, parent=root)
        device = _make_authority(name=f"{prefix} Issuing DCA", kind=CaKind.ISSUING_DEVICE, parent=root)
        for authority in (root, organisation, device):
            audit.record(
                action="smki.ca.created", target=authority, after={"kind": authority.kind, "serial": authority.serial}
            )
    from .revocation import revocation_lists_publish

    revocation_lists_publish()
    return [root, organisation, device]


def _require_ra_officer_with_2fa(actor: User) -> None:
    # Issue 4 point 1: CA-level operations need RA officers signed in with a second factor.
    if not (actor and actor.is_authenticated and actor.party.is_dcc and actor.has_perm("smki.operate_ca")):
        raise SmkiNotPermitted("Only SMKI registration authority officers may operate CAs.")
    verified = getattr(actor, "is_verified", None)
    if not (callable(verified) and verified()):
        raise SmkiNotPermitted(
            "CA operations need a session signed in with two-factor authentication.", code="smki.two_factor_required"
        )


def ca_operation_propose(
    *,
    actor: User,
    kind: str,
    reason: str,
    authority: CertificateAuthority | None = None,
    name: str = "",
    ca_kind: str = "",
) -> CaOperation:
    """First officer proposes a CA operation; nothing happens to the CA until a second approves.

    ``create`` needs ``name`` and ``ca_kind`` (an issuing kind); ``renew``/``disable`` need ``authority``.
    Audit: ``smki.ca_operation.proposed``.
    """
    _require_ra_officer_with_2fa(actor)
    if kind == CaOperationKind.CREATE:
        if ca_kind not in (CaKind.ISSUING_ORGANISATION, CaKind.ISSUING_DEVICE) or not name.strip():
            raise SmkiNotPermitted(
                "A new CA needs a name and an issuing kind (Organisation or Device).", code="smki.ca_operation.invalid"
            )
        if CertificateAuthority.objects.filter(name=name.strip()).exists():
            raise SmkiNotPermitted(f"A CA called {name.strip()!r} already exists.", code="smki.ca_operation.invalid")
        params = {"name": name.strip(), "ca_kind": ca_kind}
    else:
        if authority is None or authority.status != CaStatus.ACTIVE:
            raise SmkiNotPermitted("Choose an active CA.", code="smki.ca_operation.invalid")
        if authority.kind == CaKind.EXTERNAL:
            raise SmkiNotPermitted(
                f"{authority.name} belongs to an external test PKI; it has no key here to renew or disable.",
                code="smki.ca_operation.invalid",
            )
        params = {}
    if not reason.strip():
        raise SmkiNotPermitted("Give the reason for the operation.", code="smki.ca_operation.invalid")
    with transaction.atomic(durable=True):
        operation = CaOperation.objects.create(
            kind=kind, authority=authority, params=params, reason=reason.strip()[:300], proposed_by=actor
        )
        audit.record(
            action="smki.ca_operation.proposed",
            actor=actor,
            target=operation,
            after={"kind": kind, "authority": authority.name if authority else "", **params},
        )
    return operation


def ca_operation_approve(*, actor: User, operation: CaOperation) -> CaOperation:
    """Second officer approves: the operation executes in the same transaction.

    Raises ``SmkiNotPermitted`` when the approver is the proposer (two-person rule) or lacks 2FA.
    Audit: ``smki.ca_operation.executed`` and the CA's own event.
    """
    _require_ra_officer_with_2fa(actor)
    if operation.proposed_by_id == actor.pk:
        raise SmkiNotPermitted(
            "A second, different RA officer must approve this operation.", code="smki.two_person_rule"
        )
    if operation.status != CaOperationStatus.PROPOSED:
        raise InvalidTransition(f"This operation is already {operation.get_status_display().lower()}.")
    with transaction.atomic(durable=True):
        result = _execute(operation, actor)
        operation_move(
            operation=operation,
            to=CaOperationStatus.EXECUTED,
            actor=actor,
            updates={"decided_by": actor, "decided_at": timezone.now(), "result_authority": result},
        )
    from .revocation import revocation_lists_publish

    revocation_lists_publish()
    return operation


def ca_operation_decline(*, actor: User, operation: CaOperation, reason: str) -> CaOperation:
    """Any RA officer (the proposer included, to withdraw) declines a proposal. Audit: ``...declined``."""
    _require_ra_officer_with_2fa(actor)
    with transaction.atomic(durable=True):
        return operation_move(
            operation=operation,
            to=CaOperationStatus.DECLINED,
            actor=actor,
            reason=reason[:200],
            updates={"decided_by": actor, "decided_at": timezone.now()},
        )


def _execute(operation: CaOperation, actor: User) -> CertificateAuthority:
    # The proposal was checked when it was made; another operation may have executed since (a
    # disable, a CA of the same name), so the CA's state is checked again under lock here.
    if operation.kind == CaOperationKind.CREATE:
        root = CertificateAuthority.objects.filter(kind=CaKind.ROOT, status=CaStatus.ACTIVE).order_by("-pk").first()
        if root is None:
            raise SmkiNotPermitted("There is no active Root CA to sign the new CA.", code="smki.ca_operation.invalid")
        if CertificateAuthority.objects.filter(name=operation.params["name"]).exists():
            raise SmkiNotPermitted(
                f"A CA called {operation.params['name']!r} was created since this was proposed; decline it.",
                code="smki.ca_operation.invalid",
            )
        authority = _make_authority(name=operation.params["name"], kind=operation.params["ca_kind"], parent=root)
        audit.record(
            action="smki.ca.created",
            actor=actor,
            target=authority,
            after={"kind": authority.kind, "serial": authority.serial, "operation": operation.pk},
        )
        return authority
    assert operation.authority_id is not None  # every operation but a creation names its CA
    authority = CertificateAuthority.objects.select_for_update().get(pk=operation.authority_id)
    if authority.status != CaStatus.ACTIVE:
        # Disabling is permanent and lists the CA's serial on the ARL: renewing it would replace
        # that serial and take the disabled CA off the ARL.
        raise SmkiNotPermitted(
            f"{authority.name} was disabled since this was proposed; decline the proposal.",
            code="smki.ca_operation.invalid",
        )
    if operation.kind == CaOperationKind.DISABLE:
        return authority_move(
            authority=authority,
            to=CaStatus.DISABLED,
            actor=actor,
            reason=operation.reason,
            updates={"disabled_at": timezone.now()},
        )
    return _renew(authority, actor, operation)


def _renew(authority: CertificateAuthority, actor: User, operation: CaOperation) -> CertificateAuthority:
    """Re-certify the CA's key with a fresh validity period and serial (same key, same subject)."""
    backend = key_backend(authority.key_backend)
    parent = authority.parent
    parent_issuer = authority_issuer(parent) if parent is not None else None
    now = timezone.now().replace(microsecond=0)
    days = settings.SMKI_ROOT_VALIDITY_DAYS if authority.kind == CaKind.ROOT else settings.SMKI_ISSUING_VALIDITY_DAYS
    not_before, not_after = validity(start=now, days=days, cap=parent.not_after if parent is not None else None)
    serial = serial_number()
    certificate = ca_certificate(
        # Same name as before: certificates it issued keep chaining to the renewed certificate.
        subject=authority.x509().subject,
        public_key=backend.public_key(authority.key_handle),
        issuer=parent_issuer,
        issuer_key=parent_issuer.key if parent_issuer else backend.signing_key(authority.key_handle),
        serial=serial,
        not_before=not_before,
        not_after=not_after,
        path_length=1 if authority.kind == CaKind.ROOT else 0,
    )
    before = {"serial": authority.serial, "not_after": authority.not_after}
    held = (authority.serial, authority.not_before, authority.not_after)
    if held[0] is None or held[1] is None or held[2] is None:
        raise ValueError(f"{authority.name} holds no certificate of its own (an external CA) to renew.")
    EarlierCaCertificate.objects.create(
        authority=authority,
        serial=held[0],
        not_before=held[1],
        not_after=held[2],
        certificate_der=authority.certificate_der,
        superseded_at=now,
    )
    authority.serial = f"{serial:X}"
    authority.not_before, authority.not_after = not_before, not_after
    authority.certificate_der = certificate.public_bytes(serialization.Encoding.DER)
    authority.save(update_fields=["serial", "not_before", "not_after", "certificate_der", "updated_at"])
    audit.record(
        action="smki.ca.renewed",
        actor=actor,
        target=authority,
        before=before,
        after={"serial": authority.serial, "not_after": authority.not_after, "operation": operation.pk},
    )
    return authority
