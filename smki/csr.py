"""Parsing a CSR against the GB SMKI profiles: everything that needs only the CSR itself.

``csr_parse`` turns untrusted bytes into ``CsrFacts`` or raises ``CsrRejected`` naming the first
problem. Only the fields listed here are ever read; anything else in the CSR is *rejected*, not
dropped (issue 4 point 2; ANCHORS D3: the CSR is untrusted input). The stateful checks (Subscriber,
ARO, key reuse, the 100-per-device cap) are in ``smki.checks``, the one choke point.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import ExtensionOID, NameOID, ObjectIdentifier, SignatureAlgorithmOID
from django.conf import settings
from django.core.exceptions import ValidationError

from portal.identifiers import normalise_eui64

from .choices import CertificateKind, KeyUsage, RejectionReason
from .constants import EUI64_BYTES, HARDWARE_MODULE_NAME_OID
from .exceptions import CsrRejected

MAX_CSR_BYTES = 16 * 1024
EXTENSION_REQUEST_OID = ObjectIdentifier("1.2.840.113549.1.9.14")  # PKCS#9 extensionRequest
_PEM_MARKERS = (b"-----BEGIN CERTIFICATE REQUEST-----", b"-----BEGIN NEW CERTIFICATE REQUEST-----")
_KEY_USAGE_FLAGS = (
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_cert_sign",
    "crl_sign",
)
_ALLOWED_EXTENSIONS = {
    CertificateKind.ORGANISATION: {ExtensionOID.KEY_USAGE},
    CertificateKind.DEVICE: {ExtensionOID.KEY_USAGE, ExtensionOID.SUBJECT_ALTERNATIVE_NAME},
}


@dataclass(frozen=True)
class CsrFacts:
    """What a well-formed CSR asks for; the only data that may reach a certificate."""

    kind: str
    der: bytes
    csr_sha256: str
    public_key: ec.EllipticCurvePublicKey
    public_key_sha256: str
    usage: str
    user_id: str = ""
    role_code: int | None = None
    common_name: str = ""
    device_id: str = ""

    @property
    def subject_text(self) -> str:
        if self.kind == CertificateKind.DEVICE:
            return ""
        parts = [f"CN={self.common_name}"] if self.common_name else []
        return ", ".join([*parts, f"OU={self.role_code:02X}", f"x500UniqueIdentifier={self.user_id}"])


def reject(reason: RejectionReason, detail: str) -> CsrRejected:
    return CsrRejected(reason, detail)


def csr_load(data: bytes | str) -> x509.CertificateSigningRequest:
    """PEM or DER bytes to a CSR object, or ``malformed``."""
    raw = data.encode() if isinstance(data, str) else bytes(data)
    if raw.lstrip().startswith(b"-----"):
        raw = raw.strip()  # only PEM may be trimmed: DER can legitimately end in a whitespace byte
    if not raw:
        raise reject(RejectionReason.MALFORMED, "The CSR is empty.")
    if len(raw) > MAX_CSR_BYTES:
        raise reject(RejectionReason.MALFORMED, f"The CSR is larger than {MAX_CSR_BYTES} bytes.")
    try:
        if raw.startswith(b"-----"):
            if not raw.startswith(_PEM_MARKERS):
                raise ValueError("PEM block is not a CERTIFICATE REQUEST")
            return x509.load_pem_x509_csr(raw.replace(b"NEW CERTIFICATE REQUEST", b"CERTIFICATE REQUEST"))
        return x509.load_der_x509_csr(raw)
    except ValueError as exc:
        raise reject(RejectionReason.MALFORMED, f"The data is not a PKCS#10 CSR in PEM or DER ({exc}).") from exc


def public_key_fingerprint(public_key: ec.EllipticCurvePublicKey) -> str:
    point = public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return hashlib.sha256(point).hexdigest()


def csr_parse(data: bytes | str, *, kind: str) -> CsrFacts:
    """Check a CSR against the ``kind`` profile and return what it asks for. Raises ``CsrRejected``."""
    csr = csr_load(data)
    der = csr.public_bytes(serialization.Encoding.DER)
    public_key = _check_key_and_signature(csr)
    extensions = _extensions(csr, kind)
    usage = _usage(extensions)
    facts = {
        "kind": kind,
        "der": der,
        "csr_sha256": hashlib.sha256(der).hexdigest(),
        "public_key": public_key,
        "public_key_sha256": public_key_fingerprint(public_key),
        "usage": usage,
    }
    if kind == CertificateKind.ORGANISATION:
        facts.update(_organisation_subject(csr.subject))
    else:
        if len(csr.subject):
            raise reject(RejectionReason.SUBJECT_INVALID, "A Device CSR must have an empty subject.")
        facts["device_id"] = _device_id(extensions)
    return CsrFacts(**facts)


def _check_key_and_signature(csr: x509.CertificateSigningRequest) -> ec.EllipticCurvePublicKey:
    try:
        public_key = csr.public_key()
    except (ValueError, TypeError) as exc:
        raise reject(RejectionReason.WRONG_KEY_TYPE, "The CSR's public key cannot be read.") from exc
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise reject(RejectionReason.WRONG_KEY_TYPE, f"The key is {type(public_key).__name__}, not EC P-256.")
    # GB SMKI profiles: EC P-256 with ECDSA-SHA256 only (issue 4 point 2).
    if not isinstance(public_key.curve, ec.SECP256R1):
        raise reject(RejectionReason.WRONG_CURVE, f"The key is on {public_key.curve.name}, not P-256 (secp256r1).")
    if csr.signature_algorithm_oid != SignatureAlgorithmOID.ECDSA_WITH_SHA256:
        raise reject(
            RejectionReason.WRONG_SIGNATURE_ALGORITHM,
            f"The CSR is signed with {csr.signature_algorithm_oid.dotted_string}, not ECDSA-SHA256.",
        )
    # Proof of possession: the CSR is signed by the private key of the key it certifies (§1.6 step 2).
    if not csr.is_signature_valid:
        raise reject(RejectionReason.BAD_SIGNATURE, "The CSR signature does not verify with its own public key.")
    for attribute in csr.attributes:
        if attribute.oid != EXTENSION_REQUEST_OID:
            raise reject(
                RejectionReason.UNEXPECTED_ATTRIBUTE,
                f"The CSR carries attribute {attribute.oid.dotted_string}, which the profile does not allow.",
            )
    return public_key


def _extensions(csr: x509.CertificateSigningRequest, kind: str) -> x509.Extensions:
    try:
        extensions = csr.extensions
    except (ValueError, x509.DuplicateExtension) as exc:
        raise reject(RejectionReason.MALFORMED, f"The CSR's extension request cannot be read ({exc}).") from exc
    allowed = _ALLOWED_EXTENSIONS[kind]
    for extension in extensions:
        if extension.oid not in allowed:
            name = getattr(extension.oid, "_name", "") or extension.oid.dotted_string
            raise reject(
                RejectionReason.UNEXPECTED_EXTENSION,
                f"The CSR requests the {name} extension, which a {kind} certificate may not carry.",
            )
    return extensions


def _usage(extensions: x509.Extensions) -> str:
    try:
        key_usage = extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound as exc:
        raise reject(RejectionReason.KEY_USAGE_MISSING, "The CSR must request keyUsage.") from exc
    others = [flag for flag in _KEY_USAGE_FLAGS if getattr(key_usage, flag)]
    # encipher_only/decipher_only are only defined when keyAgreement is set.
    if key_usage.key_agreement and (key_usage.encipher_only or key_usage.decipher_only):
        others.append("encipher_only/decipher_only")
    requested = [
        u
        for u, on in (
            (KeyUsage.DIGITAL_SIGNATURE, key_usage.digital_signature),
            (KeyUsage.KEY_AGREEMENT, key_usage.key_agreement),
        )
        if on
    ]
    # Exactly digitalSignature or exactly keyAgreement, never both (issue 4 point 2).
    if others or len(requested) != 1:
        raise reject(
            RejectionReason.KEY_USAGE_INVALID,
            "keyUsage must be exactly digitalSignature or exactly keyAgreement; "
            f"the CSR asks for {', '.join([*map(str, requested), *others]) or 'nothing'}.",
        )
    return requested[0]


def _organisation_subject(subject: x509.Name) -> dict:
    found: dict = {}
    for rdn in subject.rdns:
        if len(rdn) != 1:
            raise reject(RejectionReason.SUBJECT_INVALID, "Multi-valued subject RDNs are not allowed.")
        (attribute,) = rdn
        if attribute.oid in found:
            raise reject(RejectionReason.SUBJECT_INVALID, f"The subject repeats {attribute.oid._name}.")
        found[attribute.oid] = attribute
    unexpected = set(found) - {NameOID.COMMON_NAME, NameOID.ORGANIZATIONAL_UNIT_NAME, NameOID.X500_UNIQUE_IDENTIFIER}
    if unexpected:
        names = ", ".join(sorted(oid._name for oid in unexpected))
        raise reject(
            RejectionReason.SUBJECT_INVALID, f"The subject carries {names}, which the profile does not allow."
        )
    return {
        "role_code": _role_code(found.get(NameOID.ORGANIZATIONAL_UNIT_NAME)),
        "user_id": _user_id(found.get(NameOID.X500_UNIQUE_IDENTIFIER)),
        "common_name": _common_name(found.get(NameOID.COMMON_NAME)),
    }


def _role_code(attribute) -> int:
    # ANCHORS A8: OU is the remote party role code written as two hex digits.
    value = attribute.value if attribute is not None else ""
    if not (isinstance(value, str) and len(value) == 2 and all(c in "0123456789ABCDEFabcdef" for c in value)):
        raise reject(
            RejectionReason.SUBJECT_INVALID,
            "The subject OU must be the remote party role code as two hex digits, e.g. 02.",
        )
    return int(value, 16)


_USER_ID_TEXT = re.compile(
    r"[0-9A-F]{16}|[0-9A-F]{2}(?:-[0-9A-F]{2}){7}|[0-9A-F]{2}(?::[0-9A-F]{2}){7}", re.IGNORECASE
)


def _user_id(attribute) -> str:
    # x500UniqueIdentifier (2.5.4.45) is a BIT STRING: one unused-bits octet (0) then the 8-octet EUI-64.
    # OpenSSL's `req` can only write it as a string, so 16 hex digits (optionally separated by - or :)
    # in a string type are read as the same User ID; the certificate always carries the BIT STRING
    # (profiles.end_entity_certificate rebuilds the subject from the parsed facts).
    value = attribute.value if attribute is not None else b""
    if attribute is not None and isinstance(value, str) and _USER_ID_TEXT.fullmatch(value.strip()):
        return _eui64_from_bytes(bytes.fromhex(re.sub(r"[-:]", "", value.strip())), RejectionReason.SUBJECT_INVALID)
    if attribute is None or attribute._type != _ASN1Type.BitString or len(value) != EUI64_BYTES + 1 or value[0]:
        raise reject(
            RejectionReason.SUBJECT_INVALID,
            "The subject must carry the EUI-64 User ID as x500UniqueIdentifier: a 64-bit BIT STRING, "
            "or 16 hex digits such as 90B3D51F30010001.",
        )
    return _eui64_from_bytes(value[1:], RejectionReason.SUBJECT_INVALID)


def _common_name(attribute) -> str:
    if attribute is None:
        return ""
    value = attribute.value
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        raise reject(RejectionReason.SUBJECT_INVALID, "The subject CN must be 1 to 64 characters.")
    return value


def _device_id(extensions: x509.Extensions) -> str:
    try:
        names = list(extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
    except x509.ExtensionNotFound as exc:
        raise reject(
            RejectionReason.SAN_INVALID, "A Device CSR must carry subjectAltName hardwareModuleName."
        ) from exc
    if len(names) != 1 or not isinstance(names[0], x509.OtherName) or names[0].type_id != HARDWARE_MODULE_NAME_OID:
        raise reject(
            RejectionReason.SAN_INVALID, "subjectAltName must hold exactly one otherName of type hardwareModuleName."
        )
    prefix = hardware_module_name_prefix()
    value = names[0].value
    if not value.startswith(prefix) or len(value) != len(prefix) + EUI64_BYTES:
        raise reject(
            RejectionReason.SAN_INVALID,
            "hardwareModuleName must be hwType "
            f"{settings.SMKI_DEVICE_HW_TYPE_OID} with an 8-octet hwSerialNum (the Device ID).",
        )
    return _eui64_from_bytes(value[len(prefix) :], RejectionReason.SAN_INVALID)


def _eui64_from_bytes(octets: bytes, reason: RejectionReason) -> str:
    try:
        return normalise_eui64(octets.hex("-").upper())
    except ValidationError as exc:
        raise reject(reason, exc.messages[0]) from exc


def _der_oid(dotted: str) -> bytes:
    arcs = [int(part) for part in dotted.split(".")]
    body = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body.extend(reversed(chunk))
    return bytes([0x06, len(body)]) + bytes(body)


def hardware_module_name_prefix() -> bytes:
    """DER of HardwareModuleName up to the hwSerialNum octets (RFC 4108: SEQUENCE {hwType, hwSerialNum})."""
    return _hardware_module_name_prefix(settings.SMKI_DEVICE_HW_TYPE_OID)


@lru_cache(maxsize=4)
def _hardware_module_name_prefix(hw_type_oid: str) -> bytes:
    oid = _der_oid(hw_type_oid)
    return bytes([0x30, len(oid) + 2 + EUI64_BYTES]) + oid + bytes([0x04, EUI64_BYTES])


def hardware_module_name(device_id: str) -> x509.OtherName:
    """The SAN entry that carries a Device ID in a Device CSR or certificate."""
    return x509.OtherName(
        HARDWARE_MODULE_NAME_OID, hardware_module_name_prefix() + bytes.fromhex(device_id.replace("-", ""))
    )


def user_id_name_attribute(user_id: str) -> x509.NameAttribute:
    """x500UniqueIdentifier carrying an EUI-64 User ID as a BIT STRING."""
    return x509.NameAttribute(
        NameOID.X500_UNIQUE_IDENTIFIER, b"\x00" + bytes.fromhex(user_id.replace("-", "")), _ASN1Type.BitString
    )


def profile_facts(*, subject: x509.Name, extensions: x509.Extensions) -> dict:
    """The GB profile facts of an issued certificate's subject and extensions (e.g. one imported from
    another PKI): ``kind``, ``usage``, then ``user_id``, ``role_code`` and ``common_name`` for an
    Organisation Certificate or ``device_id`` for a Device Certificate (empty subject). Raises
    ``CsrRejected`` naming the first field that does not match the profile."""
    usage = _usage(extensions)
    if len(subject):
        return {"kind": CertificateKind.ORGANISATION, "usage": usage, **_organisation_subject(subject)}
    return {"kind": CertificateKind.DEVICE, "usage": usage, "device_id": _device_id(extensions)}
