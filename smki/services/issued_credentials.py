"""Project-issued test credentials: key pairs the replica makes for a Party's testing (D-ZAZ-05).

An approved ARO asks for an XmlSign (0x87) and/or DS and KA Organisation Certificates for one of its
Party's User IDs. The replica generates each P-256 key pair, builds the CSR a Subscriber would, and
sends it through the one CSR choke point (channel ``test``): every profile and ownership rule applies.
The certificates are issued at once, without RA review, and are In use at once (the ARO who asked has
accepted them). They do not supersede the Party's other certificates, so its own test keys and DCC's
ZAZ1 keys work side by side. Private keys are stored wrapped (``smki.key_wrapping``) and downloadable
by the Party only, as DCC's ``keystore.json`` or as PEM. Switched by ``SMKI_TEST_CREDENTIALS_ENABLED``.
"""

from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.models import PartyUserRole, User
from portal.services import audit

from ..checks import Submission, csr_check
from ..choices import CertificateKind, CertificateStatus, KeyUsage, RemotePartyRole, RequestChannel, RequestStatus
from ..constants import ROLE_CODES_BY_USER_ROLE
from ..demo import organisation_csr
from ..exceptions import CsrRejected, SmkiNotPermitted
from ..key_wrapping import unwrap_private_key, wrap_private_key
from ..keystore import Credential, keystore_build
from ..models import Certificate, IssuedCredential, Subscriber
from ..permissions import can_manage_test_credentials
from ..transitions import certificate_move
from .issuance import certificates_lodge, certificates_sign
from .requests import _request_row


@dataclass(frozen=True)
class CredentialKind:
    """One certificate a test credential set can hold."""

    code: str
    label: str
    usage: str
    xml_sign: bool


CREDENTIAL_KINDS = {
    "xml_sign": CredentialKind("xml_sign", "XmlSign (0x87): signs DUIS XML", KeyUsage.DIGITAL_SIGNATURE, True),
    "ds": CredentialKind("ds", "Digital signing: signs GBCS commands", KeyUsage.DIGITAL_SIGNATURE, False),
    "ka": CredentialKind("ka", "Key agreement: MACs GBCS commands", KeyUsage.KEY_AGREEMENT, False),
}


def _require_enabled() -> None:
    if not settings.SMKI_TEST_CREDENTIALS_ENABLED:
        raise SmkiNotPermitted(
            "Project-issued test credentials are switched off here (SMKI_TEST_CREDENTIALS_ENABLED).",
            code="smki.test_credentials_disabled",
        )


def credential_roles(user_id_row: PartyUserRole) -> list[int]:
    """The Remote Party Role codes a DS/KA test credential may carry for this User ID (D-SMKI-02)."""
    allowed = ROLE_CODES_BY_USER_ROLE.get(user_id_row.role, frozenset()) - {RemotePartyRole.XML_SIGN}
    return sorted(allowed)


def credentials_issue(
    *, actor: User, user_id: str, kinds: list[str], role_code: int | None = None, common_name: str = ""
) -> list[IssuedCredential]:
    """Generate key pairs and issue the ``kinds`` (``xml_sign``, ``ds``, ``ka``) for ``user_id``.

    ``role_code`` is the OU of the DS and KA certificates (default: the User Role's first role code,
    e.g. 02 for a supplier). Raises ``SmkiNotPermitted`` (feature off, no permission) or
    ``CsrRejected`` from the choke point (not an approved ARO, User ID not the Party's, role not
    permitted...): then nothing is issued. Audit: ``smki.certificate.issued`` and
    ``smki.certificate.accepted`` per certificate, ``smki.test_credentials.issued`` for the set.
    """
    _require_enabled()
    if not can_manage_test_credentials(actor):
        raise SmkiNotPermitted("Only an approved ARO of the Party may have test credentials issued.")
    wanted = [kind for code, kind in CREDENTIAL_KINDS.items() if code in kinds]  # XmlSign, DS, KA
    if not wanted or len(wanted) != len(set(kinds)):
        raise SmkiNotPermitted(
            f"Choose one or more of {', '.join(CREDENTIAL_KINDS)}.", code="smki.test_credentials.kinds"
        )
    subscriber = Subscriber.objects.filter(party_id=actor.party_id).first()
    if subscriber is None:
        raise SmkiNotPermitted(f"{actor.party} is not an SMKI Subscriber.", code="smki.not_a_subscriber")
    row = PartyUserRole.objects.filter(party_id=actor.party_id, user_id=user_id).first()
    if role_code is None and row is not None:
        role_code = (credential_roles(row) or [RemotePartyRole.OTHER])[0]
    keys, csrs = [], []
    for kind in wanted:
        key = ec.generate_private_key(ec.SECP256R1())
        _, pem = organisation_csr(
            user_id=user_id,
            role_code=RemotePartyRole.XML_SIGN if kind.xml_sign else (role_code or 0),
            usage=kind.usage,
            common_name=common_name,
            key=key,
        )
        keys.append(key)
        csrs.append(pem)
    submission = Submission(
        subscriber=subscriber, submitter=actor, kind=CertificateKind.ORGANISATION, channel=RequestChannel.TEST
    )
    outcomes = csr_check(submission=submission, csrs=csrs)
    refused = next((o for o in outcomes if not o.is_accepted), None)
    if refused is not None:
        raise CsrRejected(refused.reason, f"{wanted[refused.index].label}: {refused.detail}")
    return _lodge(actor, subscriber, submission, [o.checked for o in outcomes], keys)


def _lodge(actor: User, subscriber, submission, checked, keys) -> list[IssuedCredential]:
    with transaction.atomic(durable=True):
        signed = certificates_sign(checked=checked, subscriber=subscriber, kind=CertificateKind.ORGANISATION)
        certificates, dropped = certificates_lodge(certificates=signed)
        if dropped:
            raise CsrRejected(dropped[0].reason, dropped[0].detail)
        credentials = []
        for item, certificate, key in zip(checked, certificates, keys, strict=True):
            request = _request_row(checked=item, submission=submission, status=RequestStatus.ISSUED)
            request.certificate = certificate
            request.save()
            audit.record(
                action="smki.certificate.issued",
                actor=actor,
                target=certificate,
                party=subscriber.party,
                after={
                    "serial": certificate.serial,
                    "usage": certificate.usage,
                    "request": request.pk,
                    "channel": "test",
                },
            )
            certificate_move(
                certificate=certificate,
                to=CertificateStatus.IN_USE,
                actor=actor,
                action="smki.certificate.accepted",
                updates={"accepted_at": timezone.now()},
            )
            credentials.append(
                IssuedCredential.objects.create(
                    certificate=certificate,
                    party=subscriber.party,
                    created_by=actor,
                    wrapped_private_key=wrap_private_key(key, serial=certificate.serial),
                )
            )
        audit.record(
            action="smki.test_credentials.issued",
            actor=actor,
            target_type="smki.issuedcredential",
            target_label=f"Test credentials for {certificates[0].user_id}",
            party=subscriber.party,
            after={"serials": [c.serial for c in certificates], "user_id": certificates[0].user_id},
        )
    return credentials


def _private_key_pem(credential: IssuedCredential) -> str:
    key = unwrap_private_key(bytes(credential.wrapped_private_key), serial=credential.certificate.serial)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _record_download(*, actor: User, credentials: list[IssuedCredential], form: str) -> None:
    with transaction.atomic(durable=True):
        IssuedCredential.objects.filter(pk__in=[c.pk for c in credentials]).update(
            download_count=F("download_count") + 1, last_downloaded_at=timezone.now()
        )
        audit.record(
            action="smki.test_credentials.downloaded",
            actor=actor,
            target_type="smki.issuedcredential",
            target_label=f"{len(credentials)} test credential{'s' if len(credentials) != 1 else ''} as {form}",
            party=actor.party,
            after={"serials": [c.certificate.serial for c in credentials], "format": form},
        )


def credential_name(certificate: Certificate) -> str:
    """The entry name in keystore.json, in the style of ZAZ1's (``xml-sign-90B3D51F30010000-ds``)."""
    eui = certificate.user_id.replace("-", "")
    if certificate.role_code == RemotePartyRole.XML_SIGN:
        return f"xml-sign-{eui}-ds"
    return f"replica-{eui}-{certificate.role_code:02X}-{certificate.usage}-{certificate.serial[:8].lower()}"


def credentials_keystore(*, actor: User, credentials: list[IssuedCredential]) -> dict:
    """The credentials (already scoped to the actor by the selector) as a keystore.json object.

    Raises ``SmkiNotPermitted`` when the feature is off or nothing is selected. Audit:
    ``smki.test_credentials.downloaded`` (the download count of each credential goes up).
    """
    _require_enabled()
    if not credentials:
        raise SmkiNotPermitted("No test credential to download.", code="smki.test_credentials.none")
    tree = keystore_build(
        Credential(
            eui=c.certificate.user_id,
            usage=c.certificate.usage,
            serial=int(c.certificate.serial, 16),
            certificate_pem=c.certificate.pem,
            private_key_pem=_private_key_pem(c),
            name=credential_name(c.certificate),
            role=c.certificate.role_code,
        )
        for c in credentials
    )
    _record_download(actor=actor, credentials=credentials, form="keystore.json")
    return tree


def credential_pem(*, actor: User, credential: IssuedCredential) -> str:
    """The certificate and its PKCS#8 private key, as PEM. Audit: ``smki.test_credentials.downloaded``."""
    _require_enabled()
    text = credential.certificate.pem + _private_key_pem(credential)
    _record_download(actor=actor, credentials=[credential], form="PEM")
    return text
