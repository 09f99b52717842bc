"""Building certificates and revocation lists from checked facts (the GB SMKI profiles).

Nothing here reads a CSR: the subject, SAN and key usage are rebuilt from ``CsrFacts`` (the
whitelisted fields), and every other extension comes from the profile (ANCHORS D3, D5).
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

from .choices import CertificateKind, KeyUsage, RevocationReason
from .csr import CsrFacts, hardware_module_name, user_id_name_attribute

_CRL_REASONS = {
    RevocationReason.KEY_COMPROMISE: x509.ReasonFlags.key_compromise,
    RevocationReason.AFFILIATION_CHANGED: x509.ReasonFlags.affiliation_changed,
    RevocationReason.SUPERSEDED: x509.ReasonFlags.superseded,
    RevocationReason.CESSATION_OF_OPERATION: x509.ReasonFlags.cessation_of_operation,
    RevocationReason.PMA_DIRECTION: x509.ReasonFlags.privilege_withdrawn,
    # 'inconsistent' has no RFC 5280 reason; the entry carries no reason code (= unspecified).
}


@dataclass(frozen=True)
class Issuer:
    """The issuing CA as the signer sees it: its certificate and signing key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    authority_key_identifier: x509.AuthorityKeyIdentifier = field(init=False, repr=False)

    def __post_init__(self):
        ski = self.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        object.__setattr__(
            self, "authority_key_identifier", x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)
        )


@lru_cache(maxsize=4)
def key_usage_extension(usage: str) -> x509.KeyUsage:
    """Exactly one of digitalSignature / keyAgreement (issue 4 point 2)."""
    return x509.KeyUsage(
        digital_signature=usage == KeyUsage.DIGITAL_SIGNATURE,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=usage == KeyUsage.KEY_AGREEMENT,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


@lru_cache(maxsize=8)
def _policy(dotted: str) -> x509.CertificatePolicies:
    return x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier(dotted), None)])


def end_entity_certificate(
    *, facts: CsrFacts, issuer: Issuer, serial: int, not_before: dt.datetime, not_after: dt.datetime
) -> x509.Certificate:
    """Sign an Organisation or Device Certificate for ``facts`` (already checked by the choke point)."""
    builder = (
        x509.CertificateBuilder()
        .issuer_name(issuer.certificate.subject)
        .public_key(facts.public_key)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(key_usage_extension(facts.usage), critical=True)
        .add_extension(issuer.authority_key_identifier, critical=False)
    )
    if facts.kind == CertificateKind.ORGANISATION:
        attributes = [x509.NameAttribute(NameOID.COMMON_NAME, facts.common_name)] if facts.common_name else []
        attributes += [
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{facts.role_code:02X}"),
            user_id_name_attribute(facts.user_id),
        ]
        builder = (
            builder.subject_name(x509.Name(attributes))
            .add_extension(_policy(settings.SMKI_ORGANISATION_POLICY_OID), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(facts.public_key), critical=False)
        )
    else:
        # Device Certificates: empty subject, so the SAN is critical (RFC 5280 4.2.1.6).
        builder = (
            builder.subject_name(x509.Name([]))
            .add_extension(x509.SubjectAlternativeName([hardware_module_name(facts.device_id)]), critical=True)
            .add_extension(_policy(settings.SMKI_DEVICE_POLICY_OID), critical=True)
        )
    return builder.sign(issuer.key, hashes.SHA256())


def ca_certificate(
    *,
    common_name: str,
    role_code: int,
    public_key: ec.EllipticCurvePublicKey,
    issuer: Issuer | None,
    issuer_key: ec.EllipticCurvePrivateKey,
    serial: int,
    not_before: dt.datetime,
    not_after: dt.datetime,
    path_length: int | None,
) -> x509.Certificate:
    """A root (``issuer`` None: self-signed) or issuing CA certificate."""
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{role_code:02X}"),
        ]
    )
    ski = x509.SubjectKeyIdentifier.from_public_key(public_key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
    )
    aki = (
        issuer.authority_key_identifier
        if issuer
        else x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski)
    )
    builder = builder.add_extension(aki, critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass(frozen=True)
class RevokedEntry:
    serial: str
    revoked_at: dt.datetime
    reason: str


def revocation_list(
    *,
    issuer: Issuer,
    number: int,
    entries: list[RevokedEntry],
    this_update: dt.datetime,
    next_update: dt.datetime,
) -> x509.CertificateRevocationList:
    """A CRL (revoked Organisation Certificates) or ARL (revoked CA certificates), signed by ``issuer``."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.certificate.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(issuer.authority_key_identifier, critical=False)
    )
    for entry in entries:
        revoked = (
            x509.RevokedCertificateBuilder().serial_number(int(entry.serial, 16)).revocation_date(entry.revoked_at)
        )
        if entry.reason in _CRL_REASONS:
            revoked = revoked.add_extension(x509.CRLReason(_CRL_REASONS[entry.reason]), critical=False)
        builder = builder.add_revoked_certificate(revoked.build())
    return builder.sign(issuer.key, hashes.SHA256())
