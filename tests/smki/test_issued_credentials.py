"""Project-issued test credentials: issued through the CSR choke point, downloaded in DCC's keystore.json shape."""

import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ImproperlyConfigured

from portal.choices import PortalRole
from portal.models import AuditEvent
from smki.choices import CertificateStatus, KeyUsage, RequestChannel, RequestStatus, RevocationReason
from smki.exceptions import CsrRejected, SmkiNotPermitted
from smki.key_wrapping import unwrap_private_key
from smki.models import Certificate, CertificateRequest, IssuedCredential
from smki.services import certificate_revoke
from smki.services.issued_credentials import credentials_issue
from tests.factories.smki import NORTHERN_USER_ID, approved_subscriber
from tests.support.dcc_tools import dcc_package_with_dependencies, run_node

pytestmark = pytest.mark.django_db
BASE = "/api/v1/smki/test-credentials/"


@pytest.fixture
def issued(subscriber, aro):
    return credentials_issue(actor=aro, user_id=NORTHERN_USER_ID, kinds=["xml_sign", "ds", "ka"])


def _public_bytes(key) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_three_certificates_issued_in_use_through_the_choke_point(issued, subscriber, aro):
    certificates = [c.certificate for c in issued]
    assert [(c.role_code, c.usage) for c in certificates] == [
        (135, KeyUsage.DIGITAL_SIGNATURE),
        (2, KeyUsage.DIGITAL_SIGNATURE),
        (2, KeyUsage.KEY_AGREEMENT),
    ]
    assert {c.status for c in certificates} == {CertificateStatus.IN_USE}
    assert {c.user_id for c in certificates} == {NORTHERN_USER_ID}
    requests = CertificateRequest.objects.filter(certificate__in=certificates)
    assert {(r.channel, r.status, r.submitted_by_id) for r in requests} == {
        (RequestChannel.TEST, RequestStatus.ISSUED, aro.pk)
    }
    for credential in issued:
        key = unwrap_private_key(bytes(credential.wrapped_private_key), serial=credential.certificate.serial)
        assert _public_bytes(key.public_key()) == _public_bytes(credential.certificate.public_key())
        plain = key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        assert plain not in bytes(credential.wrapped_private_key)
        assert credential.party == subscriber.party
        assert credential.created_by == aro
    assert AuditEvent.objects.filter(action="smki.test_credentials.issued").count() == 1
    assert AuditEvent.objects.filter(action="smki.certificate.accepted").count() == 3


def test_a_wrapped_key_opens_only_for_its_serial_and_secret(issued, settings):
    credential = issued[0]
    blob = bytes(credential.wrapped_private_key)
    with pytest.raises(ImproperlyConfigured):
        unwrap_private_key(blob, serial=issued[1].certificate.serial)
    settings.SMKI_TEST_CREDENTIALS_SECRET = "another secret"
    with pytest.raises(ImproperlyConfigured, match="SMKI_TEST_CREDENTIALS_SECRET"):
        unwrap_private_key(blob, serial=credential.certificate.serial)


def test_they_sit_beside_the_partys_other_certificates(subscriber, aro):
    first = credentials_issue(actor=aro, user_id=NORTHERN_USER_ID, kinds=["xml_sign"])
    second = credentials_issue(actor=aro, user_id=NORTHERN_USER_ID, kinds=["xml_sign"])
    statuses = Certificate.objects.filter(pk__in=[first[0].certificate_id, second[0].certificate_id])
    assert set(statuses.values_list("status", flat=True)) == {CertificateStatus.IN_USE}


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"user_id": "90-B3-D5-1F-30-02-00-01", "kinds": ["xml_sign"]}, "smki.csr.user_id_not_subscriber"),
        ({"user_id": NORTHERN_USER_ID, "kinds": ["ds"], "role_code": 3}, "smki.csr.role_not_permitted"),
        ({"user_id": NORTHERN_USER_ID, "kinds": ["ds", "signing"]}, "smki.test_credentials.kinds"),
        ({"user_id": NORTHERN_USER_ID, "kinds": []}, "smki.test_credentials.kinds"),
    ],
)
def test_refused_requests_issue_nothing(subscriber, other_subscriber, aro, kwargs, code):
    with pytest.raises((CsrRejected, SmkiNotPermitted)) as excinfo:
        credentials_issue(actor=aro, **kwargs)
    assert excinfo.value.code == code
    assert Certificate.objects.count() == 0
    assert IssuedCredential.objects.count() == 0


def test_only_an_approved_aro_may_have_them_issued(subscriber, make_person, supplier_party, sro):
    unapproved = make_person(supplier_party, PortalRole.SMKI_ARO, email="new-aro@northern.test")
    with pytest.raises(CsrRejected) as excinfo:
        credentials_issue(actor=unapproved, user_id=NORTHERN_USER_ID, kinds=["xml_sign"])
    assert excinfo.value.code == "smki.csr.submitter_not_aro"
    with pytest.raises(SmkiNotPermitted):
        credentials_issue(actor=sro, user_id=NORTHERN_USER_ID, kinds=["xml_sign"])
    assert Certificate.objects.count() == 0


def test_switched_off_by_the_setting(subscriber, aro, settings):
    settings.SMKI_TEST_CREDENTIALS_ENABLED = False
    with pytest.raises(SmkiNotPermitted) as excinfo:
        credentials_issue(actor=aro, user_id=NORTHERN_USER_ID, kinds=["xml_sign"])
    assert excinfo.value.code == "smki.test_credentials_disabled"
    assert Certificate.objects.count() == 0


def test_page_issues_and_lists(login, subscriber, aro):
    page = login(aro)
    assert page.get("/smki/test-credentials/").status_code == 200
    response = page.post(
        "/smki/test-credentials/", {"user_id": NORTHERN_USER_ID, "kinds": ["xml_sign", "ka"], "role_code": ""}
    )
    assert response.status_code == 302
    assert IssuedCredential.objects.count() == 2
    listing = page.get("/smki/test-credentials/").content.decode()
    assert f"keystore.json for {NORTHERN_USER_ID}" in listing
    assert listing.count("Certificate and key") == 2


def test_page_shows_a_refusal_and_issues_nothing(login, subscriber, aro):
    response = login(aro).post(
        "/smki/test-credentials/", {"user_id": NORTHERN_USER_ID, "kinds": ["ds"], "role_code": "135"}
    )
    assert response.status_code == 400
    assert IssuedCredential.objects.count() == 0


def test_page_and_download_authorisation(client, login, issued, ssi_user, other_aro, ra_officer, other_subscriber):
    urls = [
        "/smki/test-credentials/",
        "/smki/test-credentials/keystore.json",
        f"/smki/test-credentials/{issued[0].pk}.pem",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to sign-in
    for person in (ssi_user, other_aro, ra_officer):  # no permission; another Party; the DCC
        signed_in = login(person)
        for url in urls[1:]:
            assert signed_in.get(url).status_code == 404
        client.logout()
    assert login(ssi_user).get(urls[0]).status_code == 404
    assert IssuedCredential.objects.filter(download_count__gt=0).count() == 0
    assert not AuditEvent.objects.filter(action="smki.test_credentials.downloaded").exists()


def test_pem_download_holds_the_certificate_and_its_key(login, issued, aro):
    response = login(aro).get(f"/smki/test-credentials/{issued[2].pk}.pem")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    certificate = x509.load_pem_x509_certificate(text.encode())
    key = serialization.load_pem_private_key(text[text.index("-----BEGIN PRIVATE KEY") :].encode(), None)
    assert _public_bytes(key.public_key()) == _public_bytes(certificate.public_key())
    assert f"{certificate.serial_number:X}" == issued[2].certificate.serial
    issued[2].refresh_from_db()
    assert issued[2].download_count == 1
    event = AuditEvent.objects.get(action="smki.test_credentials.downloaded")
    assert event.after == {"serials": [issued[2].certificate.serial], "format": "PEM"}


def _keystore(login, aro, **params) -> dict:
    response = login(aro).get("/smki/test-credentials/keystore.json", params)
    assert response.status_code == 200
    name = "90b3d51f30010001" if params else "northern"
    assert response["Content-Disposition"] == f'attachment; filename="keystore-{name}.json"'
    return json.loads(response.content)


def test_keystore_json_has_dccs_shape(login, issued, aro):
    tree = _keystore(login, aro, user_id="90b3d51f30010001")
    assert list(tree) == ["90b3d51f30010001"]
    assert sorted(tree["90b3d51f30010001"]) == ["digitalSignature", "keyAgreement"]
    signing = tree["90b3d51f30010001"]["digitalSignature"]
    by_role = {entry["role"]: (int(serial), entry) for serial, entry in signing.items()}
    assert sorted(by_role) == [2, 135]
    serial, xml_sign = by_role[135]
    assert xml_sign["name"] == "xml-sign-90B3D51F30010001-ds"
    assert sorted(xml_sign) == ["certificate", "name", "privateKey", "role"]
    certificate = x509.load_pem_x509_certificate(xml_sign["certificate"].encode())
    assert certificate.serial_number == serial
    key = serialization.load_pem_private_key(xml_sign["privateKey"].encode(), None)
    assert _public_bytes(key.public_key()) == _public_bytes(certificate.public_key())
    assert xml_sign["privateKey"].startswith("-----BEGIN PRIVATE KEY-----")  # PKCS#8, as DCC's tools read


def test_revoked_credentials_leave_the_keystore(login, issued, aro, sro):
    certificate_revoke(actor=sro, certificate=issued[0].certificate, reason=RevocationReason.SUPERSEDED)
    tree = _keystore(login, aro)
    assert sorted(tree["90b3d51f30010001"]["digitalSignature"]) == [str(int(issued[1].certificate.serial, 16))]


KEYSTORE_DRIVER = """
const path = require('path');
const { KeyStoreDB } = require(path.join(process.argv[2], 'dist', 'db.js'));
const { KeyUsage } = require(path.join(process.argv[2], 'dist', 'certificateMetadata.js'));
(async () => {
  const db = await KeyStoreDB.new(process.argv[3]);
  const eui = process.argv[4];
  const keys = await db.query({ eui, keyUsage: KeyUsage.digitalSignature, lookup: 'privateKey', role: 135 });
  const certs = await db.query({ eui, keyUsage: KeyUsage.keyAgreement, lookup: 'certificate' });
  const out = {
    xmlSign: keys.map((k) => ({ serial: k.serial.toString(16).toUpperCase(), role: k.role, name: k.name,
      publicKey: require('crypto').createPublicKey(k.privateKey).export({ type: 'spki', format: 'der' })
      .toString('hex') })),
    ka: certs.map((c) => ({ serial: c.serial.toString(16).toUpperCase(), subject: c.certificate.subject })),
  };
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def test_dccs_keystore_library_loads_the_download(login, issued, aro, tmp_path):
    package = dcc_package_with_dependencies("@smartdcc/dccboxed-keystore")
    path = tmp_path / "keystore.json"
    path.write_text(json.dumps(_keystore(login, aro, user_id=NORTHERN_USER_ID)))

    found = json.loads(run_node(KEYSTORE_DRIVER, str(package), str(path), "90-B3-D5-1F-30-01-00-01", cwd=tmp_path))

    xml_sign, _, ka = (c.certificate for c in issued)
    assert found["xmlSign"] == [
        {
            "serial": xml_sign.serial,
            "role": 135,
            "name": "xml-sign-90B3D51F30010001-ds",
            "publicKey": _public_bytes(xml_sign.public_key()).hex(),
        }
    ]
    assert [c["serial"] for c in found["ka"]] == [ka.serial]


def test_api_issue_list_and_download(api_client_for, subscriber, aro, anon_api, ssi_user, other_aro, other_subscriber):
    body = {"user_id": "90b3d51f30010001", "kinds": ["xml_sign", "ds"]}
    assert anon_api.post(BASE, body, format="json").status_code == 401
    assert api_client_for(ssi_user).post(BASE, body, format="json").status_code == 403  # no permission
    refused = api_client_for(other_aro).post(BASE, body, format="json")  # another Party's User ID
    assert refused.status_code == 400
    assert refused.json()["code"] == "smki.csr.user_id_not_subscriber"
    assert IssuedCredential.objects.count() == 0

    api = api_client_for(aro)
    created = api.post(BASE, body, format="json")
    assert created.status_code == 201
    assert [c["certificate"]["role_code"] for c in created.json()] == [135, 2]
    assert api.get(BASE).json()["count"] == 2
    first = created.json()[0]["id"]
    pem = api.get(f"{BASE}{first}/pem/")
    assert pem.status_code == 200
    assert b"BEGIN PRIVATE KEY" in pem.content
    keystore = api.get(f"{BASE}keystore/", {"user_id": NORTHERN_USER_ID})
    assert keystore.status_code == 200
    assert len(keystore.json()["90b3d51f30010001"]["digitalSignature"]) == 2
    assert api.get(f"{BASE}keystore/", {"user_id": "nonsense"}).status_code == 400
    # Another Party sees none of them, and cannot download them.
    other = api_client_for(other_aro)
    assert other.get(BASE).json()["count"] == 0
    assert other.get(f"{BASE}{first}/pem/").status_code == 404
    assert other.get(f"{BASE}keystore/").status_code == 403
    assert AuditEvent.objects.filter(action="smki.test_credentials.downloaded").count() == 2


def test_api_when_switched_off(api_client_for, subscriber, aro, settings):
    settings.SMKI_TEST_CREDENTIALS_ENABLED = False
    response = api_client_for(aro).post(BASE, {"user_id": NORTHERN_USER_ID, "kinds": ["ka"]}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "smki.test_credentials_disabled"
    assert Certificate.objects.count() == 0


def test_a_party_without_subscriber_record_is_told(api_client_for, make_person, other_party, cas):
    person = make_person(other_party, PortalRole.SMKI_ARO)
    response = api_client_for(person).post(
        BASE, {"user_id": "90-B3-D5-1F-30-02-00-01", "kinds": ["ka"]}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "smki.not_a_subscriber"
    approved_subscriber(party=other_party, aros=[person])
    assert (
        api_client_for(person)
        .post(BASE, {"user_id": "90-B3-D5-1F-30-02-00-01", "kinds": ["ka"]}, format="json")
        .status_code
        == 201
    )
