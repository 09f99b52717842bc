"""Our certificates against DCC's ZAZ1 test PKI, field by field (issue 12 item 9, spec duis-gateway.md §8).

The references are DCC's own certificates, read at test time and never committed: the keystore
package's ``keystore.json`` (Organisation, XmlSign) and ``../shared/gbcs-rtds/keystore`` (Device).
Each comparison is made three ways: ``cryptography`` (extension order, criticality, lengths, name
attribute order and types), the DER itself (serial octets, time encodings) and ``openssl x509 -text``;
then the keystore package's own metadata parser reads ours as it reads DCC's.
"""

import hashlib
import json
import re
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtensionOID, NameOID, SignatureAlgorithmOID

from smki.choices import KeyUsage, RemotePartyRole
from smki.profiles import key_identifier
from smki.services import certificate_request_approve, certificate_request_submit
from tests.factories.smki import NORTHERN_USER_ID, device_csr, organisation_csr
from tests.support.dcc_tools import dcc_package, dcc_package_with_dependencies, run_node, shared_path
from tests.support.der import serial_octets, validity_encoding

pytestmark = pytest.mark.django_db

KEYSTORE = "@smartdcc/dccboxed-keystore"


def _zaz1(name: str) -> x509.Certificate:
    """A named certificate of DCC's keystore.json (e.g. ``Z1-supplier-ds``)."""
    tree = json.loads((dcc_package(KEYSTORE) / "keystore.json").read_text())
    for usages in tree.values():
        for serials in usages.values():
            for entry in serials.values():
                if entry.get("name") == name:
                    return x509.load_pem_x509_certificate(entry["certificate"].encode())
    raise AssertionError(f"{name} is not in keystore.json")


def _rtds_device(usage: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(
        shared_path("gbcs-rtds", "keystore", f"00db123456789001-{usage}.pem").read_bytes()
    )


def _organisation(
    org_submission, ra_officer, *, usage=KeyUsage.DIGITAL_SIGNATURE, role=RemotePartyRole.SUPPLIER, cn=True
):
    csr = organisation_csr(usage=usage, role_code=role, common_name="Northern Lights Energy" if cn else "")
    request = certificate_request_submit(submission=org_submission, csr=csr)
    certificate_request_approve(actor=ra_officer, request=request)
    request.refresh_from_db()
    return request.certificate


def _device(device_submission, usage):
    return certificate_request_submit(submission=device_submission, csr=device_csr(usage=usage)).certificate


@pytest.fixture
def ours(org_submission, device_submission, ra_officer):
    """Our certificate for each ZAZ1 reference, keyed by the reference."""
    return {
        "Z1-supplier-ds": _organisation(org_submission, ra_officer).x509(),
        "Z1-supplier-ka": _organisation(org_submission, ra_officer, usage=KeyUsage.KEY_AGREEMENT, cn=False).x509(),
        "xml-sign-90B3D51F30010000-ds": _organisation(
            org_submission, ra_officer, role=RemotePartyRole.XML_SIGN, cn=False
        ).x509(),
        "device-ds": _device(device_submission, KeyUsage.DIGITAL_SIGNATURE).x509(),
        "device-ka": _device(device_submission, KeyUsage.KEY_AGREEMENT).x509(),
    }


def _reference(name: str) -> x509.Certificate:
    return _rtds_device(name.removeprefix("device-")) if name.startswith("device-") else _zaz1(name)


def _extension_shape(certificate: x509.Certificate) -> list[tuple[str, bool]]:
    return [(extension.oid.dotted_string, extension.critical) for extension in certificate.extensions]


def _name_shape(name: x509.Name) -> list[tuple[str, str]]:
    return [(attribute.oid.dotted_string, attribute._type.name) for attribute in name]


ALL = ["Z1-supplier-ds", "Z1-supplier-ka", "xml-sign-90B3D51F30010000-ds", "device-ds", "device-ka"]


@pytest.mark.parametrize("name", ALL)
def test_extensions_in_zaz1_order_with_zaz1_criticality(ours, name):
    assert _extension_shape(ours[name]) == _extension_shape(_reference(name))


@pytest.mark.parametrize("name", ALL)
def test_key_identifiers_are_eight_octets_by_method_2(ours, name, cas):
    mine, theirs = ours[name], _reference(name)
    ski = mine.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    assert len(ski) == len(theirs.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest) == 8
    assert ski == key_identifier(mine.public_key())
    # The same rule reproduces DCC's own identifiers, so ours are computed as theirs are.
    theirs_ski = theirs.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    assert theirs_ski == key_identifier(theirs.public_key())
    point = mine.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    assert ski[0] >> 4 == 0b0100
    assert int.from_bytes(ski, "big") & ((1 << 60) - 1) == int.from_bytes(hashlib.sha1(point).digest()[-8:], "big") & (  # noqa: S324
        (1 << 60) - 1
    )
    has_aki = any(e.oid == ExtensionOID.AUTHORITY_KEY_IDENTIFIER for e in theirs.extensions)
    if has_aki:
        aki = mine.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
        issuing = cas[2] if name.startswith("device-") else cas[1]
        issuer_ski = issuing.x509().extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
        assert aki.key_identifier == issuer_ski
        assert len(aki.key_identifier) == 8
        assert aki.authority_cert_issuer is None
        assert aki.authority_cert_serial_number is None


@pytest.mark.parametrize("name", ALL)
def test_serial_is_sixteen_octets(ours, name):
    assert (
        serial_octets(ours[name].tbs_certificate_bytes) == serial_octets(_reference(name).tbs_certificate_bytes) == 16
    )


@pytest.mark.parametrize("name", ALL)
def test_subject_and_issuer_attribute_order_and_types(ours, name):
    mine, theirs = ours[name], _reference(name)
    if name == "Z1-supplier-ds":
        assert _name_shape(mine.subject) == _name_shape(theirs.subject)  # CN, OU, x500UniqueIdentifier
    else:
        assert _name_shape(mine.subject) == _name_shape(theirs.subject)  # OU, x500UniqueIdentifier; or empty
    # Issuer: OU then CN for Organisation Certificates, CN alone for Device Certificates. ZAZ1 writes
    # its DS/KA and device issuers as PrintableString (so do we); its two XmlSign certificates, made
    # later, use UTF8String, so for XmlSign only the attribute order is compared.
    if name.startswith("xml-sign"):
        assert [oid for oid, _ in _name_shape(mine.issuer)] == [oid for oid, _ in _name_shape(theirs.issuer)]
    else:
        assert _name_shape(mine.issuer) == _name_shape(theirs.issuer)
    assert mine.signature_algorithm_oid == theirs.signature_algorithm_oid == SignatureAlgorithmOID.ECDSA_WITH_SHA256


def test_subject_values_are_encoded_as_zaz1(ours):
    mine, theirs = ours["Z1-supplier-ds"], _zaz1("Z1-supplier-ds")
    assert mine.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == "02"
    user_id = mine.subject.get_attributes_for_oid(NameOID.X500_UNIQUE_IDENTIFIER)[0].value
    assert user_id == b"\x00" + bytes.fromhex(NORTHERN_USER_ID.replace("-", ""))
    assert len(user_id) == len(theirs.subject.get_attributes_for_oid(NameOID.X500_UNIQUE_IDENTIFIER)[0].value) == 9


@pytest.mark.parametrize("name", ["Z1-supplier-ds", "Z1-supplier-ka", "device-ds", "device-ka"])
def test_validity_from_midnight_to_235959_in_the_same_encodings(ours, name):
    mine = validity_encoding(ours[name].tbs_certificate_bytes)
    theirs = validity_encoding(_reference(name).tbs_certificate_bytes)
    assert [kind for kind, _ in mine] == [kind for kind, _ in theirs]
    assert mine[0][1].endswith("000000Z")
    assert mine[1][1].endswith("235959Z")
    if name.startswith("device-"):
        # No well-defined expiry (RFC 5280 4.1.2.5), exactly as DCC's Device Certificates.
        assert mine[1] == theirs[1] == ("GeneralizedTime", "99991231235959Z")


@pytest.mark.parametrize("name", ALL)
def test_policy_and_key_usage_values_are_zaz1s(ours, name):
    mine, theirs = ours[name], _reference(name)
    for extension_class in (x509.CertificatePolicies, x509.KeyUsage):
        assert (
            mine.extensions.get_extension_for_class(extension_class).value.public_bytes()
            == theirs.extensions.get_extension_for_class(extension_class).value.public_bytes()
        )


@pytest.mark.parametrize("usage", ["ds", "ka"])
def test_device_san_is_zaz1s_hardware_module_name(ours, usage):
    mine = ours[f"device-{usage}"].extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    theirs = _rtds_device(usage).extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    # Same DER apart from the 8-octet hwSerialNum (the Device ID) at the end.
    assert len(mine.public_bytes()) == len(theirs.public_bytes())
    assert mine.public_bytes()[:-8] == theirs.public_bytes()[:-8]
    assert mine.public_bytes()[-8:] == bytes.fromhex("00DB123456789ABC")


def test_ca_certificates_follow_the_profile(cas):
    root, organisation, device = (ca.x509() for ca in cas)
    assert _name_shape(organisation.subject) == _name_shape(_zaz1("Z1-supplier-ds").issuer)  # OU, CN
    assert _name_shape(device.subject) == _name_shape(_rtds_device("ds").issuer)  # CN
    assert [a.oid for a in root.subject] == [NameOID.ORGANIZATIONAL_UNIT_NAME, NameOID.COMMON_NAME]
    for certificate in (root, organisation, device):
        assert serial_octets(certificate.tbs_certificate_bytes) == 16
        ski = certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
        assert ski == key_identifier(certificate.public_key())
        times = validity_encoding(certificate.tbs_certificate_bytes)
        assert times[0][1].endswith("000000Z")
        assert times[1][1].endswith("235959Z")


def _openssl_text(certificate: x509.Certificate, tmp_path) -> str:
    path = tmp_path / "certificate.pem"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return subprocess.run(
        ["openssl", "x509", "-noout", "-text", "-in", str(path)], capture_output=True, text=True, check=True
    ).stdout


def _openssl_shape(text: str) -> dict:
    return {
        "extensions": re.findall(r"^\s*(X509v3 [^:]+:(?: critical)?)\s*$", text, re.M),
        "issuer_fields": [f.split("=")[0].strip() for f in re.search(r"Issuer: (.*)", text).group(1).split(",")],
        "policy": re.findall(r"Policy: (\S+)", text),
        "signature": sorted(set(re.findall(r"Signature Algorithm: (\S+)", text))),
        "curve": re.findall(r"ASN1 OID: (\S+)", text),
        "not_after_time": re.search(r"Not After : \w+\s+\d+ (\d\d:\d\d:\d\d)", text).group(1),
    }


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
@pytest.mark.parametrize("name", ALL)
def test_openssl_reads_ours_as_it_reads_zaz1s(ours, name, tmp_path):
    mine = _openssl_shape(_openssl_text(ours[name], tmp_path))
    theirs = _openssl_shape(_openssl_text(_reference(name), tmp_path))
    if name.startswith("xml-sign"):
        # ZAZ1's XmlSign certificates end at 00:00:00 (a 100-year span); ours end at 23:59:59 like the rest.
        mine.pop("not_after_time"), theirs.pop("not_after_time")
    assert mine == theirs


METADATA_DRIVER = """
const path = require('path');
const fs = require('fs');
const { X509Certificate } = require('crypto');
const meta = require(path.join(process.argv[2], 'dist', 'certificateMetadata.js'));
const out = [];
for (const file of process.argv.slice(3)) {
  const certificate = new X509Certificate(fs.readFileSync(file));
  const device = file.includes('device');
  const m = device ? meta.buildDeviceCertificateMetadata(certificate) : meta.buildOrgCertificateMetadata(certificate);
  out.push({ file: path.basename(file), eui: m.eui.toString(), serial: m.serial.toString(), role: m.role ?? null,
             keyUsage: m.keyUsage });
}
console.log(JSON.stringify(out));
"""


def test_the_keystore_packages_own_parser_reads_our_certificates(ours, tmp_path):
    package = dcc_package_with_dependencies(KEYSTORE)
    files = []
    for name, certificate in ours.items():
        path = tmp_path / f"{name}.pem"
        path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        files.append(str(path))
    parsed = {
        row["file"].removesuffix(".pem"): row
        for row in json.loads(run_node(METADATA_DRIVER, str(package), *files, cwd=tmp_path))
    }
    northern = NORTHERN_USER_ID.replace("-", "").lower()
    assert parsed["Z1-supplier-ds"] == {
        "file": "Z1-supplier-ds.pem",
        "eui": northern,
        "serial": str(ours["Z1-supplier-ds"].serial_number),
        "role": 2,
        "keyUsage": [0],
    }
    assert parsed["Z1-supplier-ka"]["keyUsage"] == [4]
    assert parsed["xml-sign-90B3D51F30010000-ds"]["role"] == 135
    assert parsed["xml-sign-90B3D51F30010000-ds"]["eui"] == northern
    assert parsed["device-ds"] == {
        "file": "device-ds.pem",
        "eui": "00db123456789abc",
        "serial": str(ours["device-ds"].serial_number),
        "role": None,
        "keyUsage": [0],
    }
    assert parsed["device-ka"]["keyUsage"] == [4]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_openssl_verifies_every_certificate_against_our_chain(ours, cas, tmp_path):
    root, organisation, device = cas
    (tmp_path / "root.pem").write_text(root.pem)
    for name, certificate in ours.items():
        issuing = device if name.startswith("device-") else organisation
        (tmp_path / "issuing.pem").write_text(issuing.pem)
        (tmp_path / "leaf.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        # XmlSign certificates carry no authorityKeyIdentifier, as ZAZ1's: RFC 5280 wants one, so
        # OpenSSL's -x509_strict refuses them (and DCC's); the chain itself verifies.
        strict = [] if name.startswith("xml-sign") else ["-x509_strict"]
        chain = ["-CAfile", str(tmp_path / "root.pem"), "-untrusted", str(tmp_path / "issuing.pem")]
        result = subprocess.run(
            ["openssl", "verify", *strict, *chain, str(tmp_path / "leaf.pem")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, (name, result.stdout, result.stderr)
