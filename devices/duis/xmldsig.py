"""The XMLDSig profile of DUIS, both ways: verify a User's request, sign the DCC's answers.

One profile only (spec §3), checked element by element rather than "whatever the signature says":
an enveloped signature over the whole document (``Reference URI=""``, the enveloped-signature
transform, SHA-256), ``SignedInfo`` in exclusive canonical form, ECDSA P-256 with SHA-256 whose
value is r||s (64 bytes, base64, line breaks allowed), and ``KeyInfo`` naming the certificate by
issuer and serial number only. After the enveloped-signature transform the reference is a node
set, which XMLDSig turns into octets with inclusive Canonical XML 1.0 unless another canonical
form follows it as a transform; DCC's signing tool adds none, so neither do we.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from lxml import etree

from .constants import DS, DS_NS, ECDSA_SHA256, ENVELOPED, EXC_C14N, INCLUSIVE_C14N, SHA256

# Transform lists we accept after the enveloped-signature transform, and how each canonicalises.
_TRANSFORMS = {
    (ENVELOPED,): False,
    (ENVELOPED, INCLUSIVE_C14N): False,
    (ENVELOPED, EXC_C14N): True,
}


class SignatureInvalid(Exception):
    """The signature does not follow the profile or does not verify; ``reason`` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class KeyName:
    """The certificate a signature names: its issuer (RFC 2253 text as written) and serial."""

    issuer: str
    serial: int


def _only(parent: etree._Element, tag: str, what: str) -> etree._Element:
    found = [child for child in parent if child.tag == f"{DS}{tag}"]
    if len(found) != 1:
        raise SignatureInvalid(f"The signature must have exactly one {what}.")
    return found[0]


def key_name(signature: etree._Element) -> KeyName:
    """The issuer and serial in ``KeyInfo/X509Data/X509IssuerSerial`` (nothing else is accepted)."""
    key_info = _only(signature, "KeyInfo", "KeyInfo")
    data = _only(key_info, "X509Data", "KeyInfo/X509Data")
    issuer_serial = _only(data, "X509IssuerSerial", "X509Data/X509IssuerSerial")
    issuer = (_only(issuer_serial, "X509IssuerName", "X509IssuerName").text or "").strip()
    serial_text = (_only(issuer_serial, "X509SerialNumber", "X509SerialNumber").text or "").strip()
    if not issuer or not serial_text.isdigit():
        raise SignatureInvalid("X509IssuerSerial must give an issuer name and a decimal serial number.")
    return KeyName(issuer=issuer, serial=int(serial_text))


def _algorithm(parent: etree._Element, tag: str, expected: str) -> None:
    element = _only(parent, tag, tag)
    if element.get("Algorithm") != expected:
        raise SignatureInvalid(f"{tag} must be {expected}, not {element.get('Algorithm')}.")


def _reference_transforms(reference: etree._Element) -> bool:
    """True when the reference is canonicalised exclusively; raises for any other transform list."""
    transforms = _only(reference, "Transforms", "Reference/Transforms")
    algorithms = tuple(t.get("Algorithm") for t in transforms if t.tag == f"{DS}Transform")
    if algorithms not in _TRANSFORMS or len(algorithms) != len([t for t in transforms if isinstance(t.tag, str)]):
        raise SignatureInvalid("The reference must use the enveloped-signature transform (then optionally c14n).")
    return _TRANSFORMS[algorithms]


def _document_digest(root: etree._Element, signature: etree._Element, *, exclusive: bool) -> bytes:
    """SHA-256 of the document without ``signature`` (the enveloped-signature transform).

    The element is detached for the canonicalisation and put back, keeping the text after it in
    place: the transform removes the element, not its neighbours.
    """
    parent = signature.getparent()
    index = parent.index(signature)
    tail, signature.tail = signature.tail, None
    previous = signature.getprevious()
    parent.remove(signature)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    try:
        octets = etree.tostring(root.getroottree(), method="c14n", exclusive=exclusive, with_comments=False)
    finally:
        if tail:
            if previous is not None:
                previous.tail = previous.tail[: len(previous.tail) - len(tail)] or None
            else:
                parent.text = parent.text[: len(parent.text) - len(tail)] or None
        parent.insert(index, signature)
        signature.tail = tail
    return hashlib.sha256(octets).digest()


def verify(root: etree._Element, signature: etree._Element, public_key: ec.EllipticCurvePublicKey) -> None:
    """Check ``signature`` (a child of ``root``) against ``public_key``; raises ``SignatureInvalid``."""
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or public_key.curve.name != "secp256r1":
        raise SignatureInvalid("The signing certificate does not hold a P-256 key.")
    signed_info = _only(signature, "SignedInfo", "SignedInfo")
    _algorithm(signed_info, "CanonicalizationMethod", EXC_C14N)
    _algorithm(signed_info, "SignatureMethod", ECDSA_SHA256)
    reference = _only(signed_info, "Reference", "Reference")
    if reference.get("URI") != "":
        raise SignatureInvalid('The signature must cover the whole document (Reference URI="").')
    exclusive = _reference_transforms(reference)
    _algorithm(reference, "DigestMethod", SHA256)
    try:
        expected = base64.b64decode(_only(reference, "DigestValue", "DigestValue").text or "", validate=False)
        value = base64.b64decode("".join((_only(signature, "SignatureValue", "SignatureValue").text or "").split()))
    except (binascii.Error, ValueError):
        raise SignatureInvalid("DigestValue or SignatureValue is not base64.") from None
    if len(value) != 64:
        raise SignatureInvalid("SignatureValue must be the 64-byte r||s of an ECDSA P-256 signature.")
    if _document_digest(root, signature, exclusive=exclusive) != expected:
        raise SignatureInvalid("The document does not match its signed digest (it was changed after signing).")
    octets = etree.tostring(signed_info, method="c14n", exclusive=True, with_comments=False)
    der = encode_dss_signature(int.from_bytes(value[:32], "big"), int.from_bytes(value[32:], "big"))
    try:
        public_key.verify(der, octets, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise SignatureInvalid("The signature does not verify against the signing certificate's key.") from None


def _ds(parent: etree._Element | None, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = (
        etree.Element(f"{DS}{tag}", nsmap={"ds": DS_NS}) if parent is None else etree.SubElement(parent, f"{DS}{tag}")
    )
    for name, value in attributes.items():
        element.set(name, value)
    if text is not None:
        element.text = text
    return element


def sign(root: etree._Element, *, private_key: ec.EllipticCurvePrivateKey, issuer: str, serial: int) -> None:
    """Append an enveloped ``ds:Signature`` in the DUIS profile to ``root`` (signed with ``private_key``)."""
    digest = hashlib.sha256(
        etree.tostring(root.getroottree(), method="c14n", exclusive=False, with_comments=False)
    ).digest()
    signature = _ds(None, "Signature")
    signed_info = _ds(signature, "SignedInfo")
    _ds(signed_info, "CanonicalizationMethod", Algorithm=EXC_C14N)
    _ds(signed_info, "SignatureMethod", Algorithm=ECDSA_SHA256)
    reference = _ds(signed_info, "Reference", URI="")
    _ds(_ds(reference, "Transforms"), "Transform", Algorithm=ENVELOPED)
    _ds(reference, "DigestMethod", Algorithm=SHA256)
    _ds(reference, "DigestValue", base64.b64encode(digest).decode())
    value = _ds(signature, "SignatureValue")
    issuer_serial = _ds(_ds(_ds(signature, "KeyInfo"), "X509Data"), "X509IssuerSerial")
    _ds(issuer_serial, "X509IssuerName", issuer)
    _ds(issuer_serial, "X509SerialNumber", str(serial))
    root.append(signature)
    octets = etree.tostring(signed_info, method="c14n", exclusive=True, with_comments=False)
    r, s = decode_dss_signature(private_key.sign(octets, ec.ECDSA(hashes.SHA256())))
    value.text = base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()
