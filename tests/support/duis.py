"""Helpers for DUIS gateway tests: XmlSign credentials from our SMKI, request XML, signing.

``sign`` uses our own XMLDSig code (fast, for the many behaviour tests); the DCC tool tests
(tests/devices/duis/test_dcc_tools.py) sign and validate with DCC's own signing tool instead, so
our signer and verifier are also checked against an independent implementation.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.utils import timezone
from lxml import etree

from devices.duis import xmldsig
from devices.duis.constants import SR_NS
from smki.checks import Submission, csr_check_one
from smki.choices import CertificateKind, CertificateStatus, KeyUsage, RequestChannel
from smki.csr import user_id_name_attribute
from smki.models import Certificate, Subscriber
from smki.profiles import key_usage_extension
from smki.services import authority_hierarchy_bootstrap
from smki.services.issuance import certificates_lodge, certificates_sign

XML_SIGN = 0x87


@dataclass
class Credential:
    """A private key and the SMKI certificate that certifies it."""

    key: ec.EllipticCurvePrivateKey
    certificate: Certificate

    @property
    def issuer(self) -> str:
        return self.certificate.x509().issuer.rfc4514_string()

    @property
    def serial(self) -> int:
        return self.certificate.x509().serial_number

    @property
    def certificate_pem(self) -> str:
        return self.certificate.pem

    @property
    def key_pem(self) -> str:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()


def issue_certificate(
    *, party, user_id: str, role_code: int = XML_SIGN, key=None, status=CertificateStatus.IN_USE
) -> Credential:
    """An Organisation Certificate from our SMKI (through the CSR choke point), In use by default."""
    from cryptography import x509

    from portal.choices import PortalRole
    from smki.choices import OfficerKind, OfficerStatus
    from tests.factories.portal import UserFactory

    authority_hierarchy_bootstrap()
    subscriber, _ = Subscriber.objects.get_or_create(
        party=party,
        defaults={"status": "approved", "for_organisation_certificates": True, "for_device_certificates": True},
    )
    aro = None
    if not party.is_dcc:
        officer = subscriber.officers.filter(kind=OfficerKind.ARO, status=OfficerStatus.APPROVED).first()
        if officer is None:
            person = UserFactory(party=party, roles=[PortalRole.SMKI_ARO], email=f"aro-{party.code}@duis.test")
            officer = subscriber.officers.create(person=person, kind=OfficerKind.ARO, status=OfficerStatus.APPROVED)
        aro = officer.person
    key = key or ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{role_code:02X}"),
                    user_id_name_attribute(user_id),
                ]
            )
        )
        .add_extension(key_usage_extension(KeyUsage.DIGITAL_SIGNATURE), critical=True)
        .sign(key, hashes.SHA256())
        .public_bytes(serialization.Encoding.DER)
    )
    submission = Submission(
        subscriber=subscriber,
        submitter=aro,
        kind=CertificateKind.ORGANISATION,
        channel=RequestChannel.API if aro else RequestChannel.SYSTEM,
    )
    checked = csr_check_one(submission=submission, csr=csr)
    (certificate,), _ = certificates_lodge(
        certificates=certificates_sign(checked=[checked], subscriber=subscriber, kind=CertificateKind.ORGANISATION)
    )
    Certificate.objects.filter(pk=certificate.pk).update(status=status, accepted_at=timezone.now())
    certificate.refresh_from_db()
    return Credential(key=key, certificate=certificate)


def request_xml(
    request_id: str,
    srv: str,
    body: str,
    *,
    command_variant: int = 1,
    preceding: str | None = None,
    schema_version: str = "5.1",
) -> bytes:
    """A DUIS request with ``body`` (the SRV's element, sr-prefixed) and no signature."""
    reference = srv if srv.count(".") <= 1 else srv.rsplit(".", 1)[0]
    preceding_xml = f"<sr:PrecedingServiceRequestID>{preceding}</sr:PrecedingServiceRequestID>" if preceding else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><sr:Request xmlns:sr="{SR_NS}" schemaVersion="{schema_version}">'
        f"<sr:Header><sr:RequestID>{request_id}</sr:RequestID>{preceding_xml}"
        f"<sr:CommandVariant>{command_variant}</sr:CommandVariant><sr:ServiceReference>{reference}</sr:ServiceReference>"
        f"<sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant></sr:Header>"
        f"<sr:Body>{body}</sr:Body></sr:Request>"
    ).encode()


def sign(xml: bytes, credential: Credential) -> bytes:
    """Sign a request in the DUIS profile (replacing any signature it has)."""
    root = etree.fromstring(xml)
    for old in root.findall("{http://www.w3.org/2000/09/xmldsig#}Signature"):
        root.remove(old)
    xmldsig.sign(root, private_key=credential.key, issuer=credential.issuer, serial=credential.serial)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def parse_answer(content: bytes) -> dict:
    """The facts of an ``sr:Response``: code, RequestID, and the ResponseMessage content element names."""
    root = etree.fromstring(content)
    ns = {"sr": SR_NS}
    message = root.find("sr:Body/sr:ResponseMessage", ns)
    return {
        "code": root.findtext("sr:Header/sr:ResponseCode", namespaces=ns),
        "request_id": root.findtext("sr:Header/sr:RequestID", namespaces=ns),
        "response_id": root.findtext("sr:Header/sr:ResponseID", namespaces=ns),
        "content": [etree.QName(e).localname for e in message][2:] if message is not None else [],
        "signed": root.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is not None,
        "root": root,
    }
