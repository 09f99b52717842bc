"""Building certificates and revocation lists from checked facts (the GB SMKI profiles).

Nothing here reads a CSR: the subject, SAN and key usage are rebuilt from ``CsrFacts`` (the
whitelisted fields), and every other extension comes from the profile (ANCHORS D3, D5).

The field-by-field shape follows DCC's ZAZ1 test PKI (spec duis-gateway.md §8, decision D-ZAZ-01):
issuer DN OU then CN, 16-octet serials, 8-octet key identifiers by RFC 5280 4.2.1.2 method (2) on every
certificate, the extension order and set per role, validity from 00:00:00 to 23:59:59 UTC, and Device
Certificates without a well-defined expiry (notAfter 99991231235959Z, RFC 5280 4.1.2.5).
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID
from django.conf import settings

from .choices import CertificateKind, KeyUsage, RemotePartyRole, RevocationReason
from .csr import CsrFacts, hardware_module_name, user_id_name_attribute

_CRL_REASONS = {
    RevocationReason.KEY_COMPROMISE: x509.ReasonFlags.key_compromise,
    RevocationReason.AFFILIATION_CHANGED: x509.ReasonFlags.affiliation_changed,
    RevocationReason.SUPERSEDED: x509.ReasonFlags.superseded,
    RevocationReason.CESSATION_OF_OPERATION: x509.ReasonFlags.cessation_of_operation,
    RevocationReason.PMA_DIRECTION: x509.ReasonFlags.privilege_withdrawn,
    # 'inconsistent' has no RFC 5280 reason; the entry carries no reason code (= unspecified).
}

# RFC 5280 4.1.2.5: "no well-defined expiration date" (GeneralizedTime 99991231235959Z), as GB
# Device Certificates carry (a device keeps its certificate for its whole life).
NO_WELL_DEFINED_EXPIRY = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
# XmlSign and DspXmlSign certificates sign DUIS XML, not GBCS; ZAZ1 gives them their own extension
# set and order (policies, SKI, keyUsage) and no authorityKeyIdentifier.
XML_SIGNING_ROLES = frozenset({RemotePartyRole.XML_SIGN, RemotePartyRole.DSP_XML_SIGN})
SERIAL_OCTETS = 16
KEY_IDENTIFIER_OCTETS = 8


def key_identifier(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """RFC 5280 4.2.1.2 method (2): the four bits 0100, then the low 60 bits of the SHA-1 of the key.

    The SHA-1 is of the subjectPublicKey BIT STRING's value (the uncompressed EC point); 8 octets.
    """
    point = public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    low = hashlib.sha1(point).digest()[-KEY_IDENTIFIER_OCTETS:]  # noqa: S324 (RFC 5280 names SHA-1 here)
    return bytes([0x40 | (low[0] & 0x0F)]) + low[1:]


def subject_key_identifier(public_key: ec.EllipticCurvePublicKey) -> x509.SubjectKeyIdentifier:
    return x509.SubjectKeyIdentifier(key_identifier(public_key))


def serial_number() -> int:
    """A random positive serial whose DER INTEGER has exactly 16 content octets (as ZAZ1's)."""
    while True:
        value = secrets.randbits(8 * SERIAL_OCTETS - 1)  # top bit clear: no leading zero octet needed
        if value >> (8 * (SERIAL_OCTETS - 1)):  # first octet non-zero: not shorter than 16 octets
            return value


def validity(
    *, start: dt.datetime, days: int | None, cap: dt.datetime | None = None
) -> tuple[dt.datetime, dt.datetime]:
    """From 00:00:00 UTC on ``start``'s day to 23:59:59 UTC ``days`` days later (the day before the
    anniversary); ``days`` None (or 0) means no well-defined expiry. Never past ``cap`` (the issuer's)."""
    not_before = start.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    not_after = not_before + dt.timedelta(days=days) - dt.timedelta(seconds=1) if days else NO_WELL_DEFINED_EXPIRY
    if cap is not None:
        not_after = min(not_after, cap)
    return not_before, not_after


@dataclass(frozen=True)
class Issuer:
    """The issuing CA as the signer sees it: its certificate and signing key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    authority_key_identifier: x509.AuthorityKeyIdentifier = field(init=False, repr=False)

    def __post_init__(self):
        # The issuer's own SKI (8 octets on CAs made since D-ZAZ-01, 20 on older ones): RFC 5280 4.2.1.1.
        try:
            identifier = self.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
        except x509.ExtensionNotFound:
            identifier = key_identifier(self.certificate.public_key())
        object.__setattr__(self, "authority_key_identifier", _aki(identifier))


def _aki(identifier: bytes) -> x509.AuthorityKeyIdentifier:
    return x509.AuthorityKeyIdentifier(identifier, None, None)


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


def _organisation_subject(facts: CsrFacts) -> x509.Name:
    # CN (optional), OU = role code as two hex digits (UTF8String), x500UniqueIdentifier = User ID.
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, facts.common_name)] if facts.common_name else []
    attributes += [
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{facts.role_code:02X}"),
        user_id_name_attribute(facts.user_id),
    ]
    return x509.Name(attributes)


def end_entity_certificate(
    *, facts: CsrFacts, issuer: Issuer, serial: int, not_before: dt.datetime, not_after: dt.datetime
) -> x509.Certificate:
    """Sign an Organisation or Device Certificate for ``facts`` (already checked by the choke point).

    Extensions, in ZAZ1's order: Organisation DS/KA keyUsage(c), SKI, certificatePolicies(c), AKI;
    XmlSign/DspXmlSign certificatePolicies(c), SKI, keyUsage(c); Device keyUsage(c), SKI,
    subjectAltName(c), certificatePolicies(c), AKI.
    """
    builder = (
        x509.CertificateBuilder()
        .issuer_name(issuer.certificate.subject)
        .public_key(facts.public_key)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )
    usage = key_usage_extension(facts.usage)
    ski = subject_key_identifier(facts.public_key)
    if facts.kind == CertificateKind.DEVICE:
        # Device Certificates: empty subject, so the SAN is critical (RFC 5280 4.2.1.6).
        extensions = [
            (usage, True),
            (ski, False),
            (x509.SubjectAlternativeName([hardware_module_name(facts.device_id)]), True),
            (_policy(settings.SMKI_DEVICE_POLICY_OID), True),
            (issuer.authority_key_identifier, False),
        ]
        builder = builder.subject_name(x509.Name([]))
    elif facts.role_code in XML_SIGNING_ROLES:
        extensions = [(_policy(settings.SMKI_ORGANISATION_POLICY_OID), True), (ski, False), (usage, True)]
        builder = builder.subject_name(_organisation_subject(facts))
    else:
        extensions = [
            (usage, True),
            (ski, False),
            (_policy(settings.SMKI_ORGANISATION_POLICY_OID), True),
            (issuer.authority_key_identifier, False),
        ]
        builder = builder.subject_name(_organisation_subject(facts))
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(issuer.key, hashes.SHA256())


def _ca_name_attribute(oid: x509.ObjectIdentifier, value: str) -> x509.NameAttribute:
    # ZAZ1's issuing CAs name themselves in PrintableString where the characters allow it.
    printable = all(c.isascii() and (c.isalnum() or c in " '()+,-./:=?") for c in value)
    return x509.NameAttribute(oid, value, _ASN1Type.PrintableString if printable else _ASN1Type.UTF8String)


def ca_subject(*, common_name: str, role_code: int | None) -> x509.Name:
    """A CA's name: OU (role code, two hex digits) then CN, as ZAZ1's Issuing OCA ``OU=07, CN=Z1``;
    ``role_code`` None gives CN alone, as ZAZ1's Issuing DCA (``CN=E357``)."""
    attributes = [_ca_name_attribute(NameOID.COMMON_NAME, common_name)]
    if role_code is not None:
        attributes.insert(0, _ca_name_attribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{role_code:02X}"))
    return x509.Name(attributes)


def ca_certificate(
    *,
    subject: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    issuer: Issuer | None,
    issuer_key: ec.EllipticCurvePrivateKey,
    serial: int,
    not_before: dt.datetime,
    not_after: dt.datetime,
    path_length: int | None,
) -> x509.Certificate:
    """A root (``issuer`` None: self-signed) or issuing CA certificate."""
    ski = subject_key_identifier(public_key)
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
    aki = issuer.authority_key_identifier if issuer else _aki(ski.digest)
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
