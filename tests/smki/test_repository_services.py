"""The SMKI Repository web services at DCC Boxed's paths (issue 12 item 8), and DCC's own client against them."""

import base64
import json

import pytest
from cryptography import x509
from lxml import etree

from portal.models import AuditEvent
from smki.choices import CertificateStatus, KeyUsage
from smki.models import Certificate
from smki.services import device_certificates_record_in_use, device_credentials_issue
from tests.support.dcc_tools import dcc_package_with_dependencies, run_node

pytestmark = pytest.mark.django_db

DEVICE = "00-DB-12-34-56-78-90-A1"
SEARCH = "/services/certificatesearch"
RETRIEVE = "/services/retrievecertificate"


@pytest.fixture
def device_certificates(cas):
    """DS and KA Device Certificates of one device, In use (as after 6.15.2), an older DS Not in use and a
    newer KA still Pending."""
    device_credentials_issue(device_ids=[DEVICE])
    first = list(Certificate.objects.filter(device_id=DEVICE).order_by("pk"))
    device_certificates_record_in_use(device_id=DEVICE, serials=[c.serial for c in first])
    device_credentials_issue(device_ids=[DEVICE])
    newer_ds = Certificate.objects.filter(device_id=DEVICE, usage=KeyUsage.DIGITAL_SIGNATURE).latest("pk")
    device_certificates_record_in_use(device_id=DEVICE, serials=[newer_ds.serial])
    ds = Certificate.objects.get(device_id=DEVICE, usage=KeyUsage.DIGITAL_SIGNATURE, status=CertificateStatus.IN_USE)
    ka = Certificate.objects.get(device_id=DEVICE, usage=KeyUsage.KEY_AGREEMENT, status=CertificateStatus.IN_USE)
    old = Certificate.objects.get(
        device_id=DEVICE, usage=KeyUsage.DIGITAL_SIGNATURE, status=CertificateStatus.NOT_IN_USE
    )
    pending = Certificate.objects.get(device_id=DEVICE, status=CertificateStatus.PENDING)
    return {"ds": ds, "ka": ka, "old": old, "pending": pending}


@pytest.fixture
def issued_org(org_submission, ra_officer):
    """A Pending Organisation DS Certificate of Northern Lights Energy (role 02)."""
    from smki.services import certificate_request_approve, certificate_request_submit
    from tests.factories.smki import organisation_csr

    request = certificate_request_submit(submission=org_submission, csr=organisation_csr())
    certificate_request_approve(actor=ra_officer, request=request)
    request.refresh_from_db()
    return request.certificate


def _post(client, path, body: str, content_type="application/xml", **extra):
    return client.generic("POST", path + "?apikey=u3bg9gt38htd0j2", body.encode(), content_type=content_type, **extra)


def _search(client, **fields) -> object:
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
    return _post(
        client,
        SEARCH,
        f'<?xml version="1.0" encoding="utf-8"?><CertificateSearchRequest>{inner}</CertificateSearchRequest>',
    )


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xml"
    root = etree.fromstring(response.content)
    assert root.tag == "CertificateSearchResponse"
    return [{child.tag: child.text for child in result} for result in root.findall("Result")]


def test_search_by_device_id_lists_every_certificate_of_the_device(client, device_certificates):
    results = _results(_search(client, CertificateSubjectAltName="00-db-12-34-56-78-90-a1"))
    assert {r["CertificateSerial"]: (r["CertificateUsage"], r["CertificateStatus"]) for r in results} == {
        device_certificates["ds"].serial: ("DS", "I"),
        device_certificates["ka"].serial: ("KA", "I"),
        device_certificates["old"].serial: ("DS", "N"),
        device_certificates["pending"].serial: ("KA", "P"),
    }
    assert {r["CertificateSubjectAltName"] for r in results} == {DEVICE}
    assert all("CertificateRole" not in r for r in results)


def test_search_narrows_by_usage_status_role_and_serial(client, device_certificates, issued_org):
    (only,) = _results(_search(client, CertificateSubjectAltName=DEVICE, CertificateUsage="DS", CertificateStatus="I"))
    assert only["CertificateSerial"] == device_certificates["ds"].serial
    (org,) = _results(_search(client, CertificateSubjectName=issued_org.user_id, CertificateRole="2"))
    assert org == {
        "CertificateSerial": issued_org.serial,
        "CertificateSubjectName": issued_org.user_id,
        "CertificateRole": "2",
        "CertificateUsage": "DS",
        "CertificateStatus": "P",
    }
    (by_serial,) = _results(_search(client, CertificateSerial=device_certificates["ka"].serial.lower()))
    assert by_serial["CertificateUsage"] == "KA"


@pytest.mark.parametrize(
    "fields",
    [
        {"CertificateSubjectAltName": "00-DB-00-00-00-00-00-99"},
        {"CertificateSubjectAltName": DEVICE, "CertificateStatus": "R"},
        {"CertificateSubjectName": "90-B3-D5-1F-30-01-00-01", "CertificateRole": "135"},
        {"CertificateSerial": "ABCDEF"},
    ],
)
def test_nothing_found_is_402(client, device_certificates, issued_org, fields):
    response = _search(client, **fields)
    assert response.status_code == 402


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<CertificateSearchRequest/>", "Give CertificateSubjectName"),
        (
            "<CertificateSearchRequest><CertificateSubjectName>90-B3-D5-1F-30-01-00-01</CertificateSubjectName>"
            f"<CertificateSubjectAltName>{DEVICE}</CertificateSubjectAltName></CertificateSearchRequest>",
            "not both",
        ),
        (
            f"<CertificateSearchRequest><DeviceId>{DEVICE}</DeviceId></CertificateSearchRequest>",
            "Unknown parameter DeviceId",
        ),
        (
            "<CertificateSearchRequest><CertificateSubjectAltName>00-DB</CertificateSubjectAltName></CertificateSearchRequest>",
            "is not an EUI-64",
        ),
        (
            f"<CertificateSearchRequest><CertificateSubjectAltName>{DEVICE}</CertificateSubjectAltName><CertificateRole>0x02</CertificateRole></CertificateSearchRequest>",
            "CertificateRole",
        ),
        (
            f"<CertificateSearchRequest><CertificateSubjectAltName>{DEVICE}</CertificateSubjectAltName><CertificateUsage>XX</CertificateUsage></CertificateSearchRequest>",
            "DS or KA",
        ),
        (
            f"<CertificateSearchRequest><CertificateSubjectAltName>{DEVICE}</CertificateSubjectAltName><CertificateStatus>Q</CertificateStatus></CertificateSearchRequest>",
            "P, I, N, E or R",
        ),
        ("<CertificateSearchRequest><CertificateSerial>XYZ</CertificateSerial></CertificateSearchRequest>", "in hex"),
        (
            f"<CertificateSearchRequest><CertificateSubjectAltName>{DEVICE}</CertificateSubjectAltName><CertificateSubjectAltName>{DEVICE}</CertificateSubjectAltName></CertificateSearchRequest>",
            "given twice",
        ),
        (
            f"<CertificateSearchRequest><CertificateSubjectAltName><x>{DEVICE}</x></CertificateSubjectAltName></CertificateSearchRequest>",
            "simple elements",
        ),
        (f"<Search><CertificateSubjectAltName>{DEVICE}</CertificateSubjectAltName></Search>", "root element must be"),
        ("<CertificateSearchRequest><unclosed></CertificateSearchRequest>", "not well-formed"),
        ("not xml at all", "not well-formed"),
    ],
)
def test_bad_parameters_are_401_with_the_reason(client, device_certificates, body, reason):
    response = _post(client, SEARCH, body)
    assert response.status_code == 401
    assert reason in response.content.decode()
    assert response["Content-Type"].startswith("text/plain")


ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CertificateSearchRequest><CertificateSubjectAltName>&lol3;</CertificateSubjectAltName></CertificateSearchRequest>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
<CertificateSearchRequest><CertificateSubjectAltName>&xxe;</CertificateSubjectAltName></CertificateSearchRequest>"""


@pytest.mark.parametrize("body", [ENTITY_BOMB, EXTERNAL_ENTITY])
def test_entities_and_dtds_are_refused_unexpanded(client, device_certificates, body):
    response = _post(client, SEARCH, body)
    assert response.status_code == 401
    assert response.content.decode() == "Document type declarations are not accepted.\n"


def test_a_namespaced_request_is_read_by_local_names(client, device_certificates):
    body = (
        '<s:CertificateSearchRequest xmlns:s="urn:example:smki">'
        f"<s:CertificateSubjectAltName>{DEVICE}</s:CertificateSubjectAltName></s:CertificateSearchRequest>"
    )
    assert len(_results(_post(client, SEARCH, body))) == 4


def _retrieve(client, serial: str):
    return _post(
        client,
        RETRIEVE,
        f"<CertificateDataRequest><CertificateSerial>{serial}</CertificateSerial></CertificateDataRequest>",
    )


def test_retrieve_answers_the_der_and_the_subject(client, device_certificates, issued_org):
    ka = device_certificates["ka"]
    response = _retrieve(client, ka.serial.lower())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    answer = etree.fromstring(response.content).find("CertificateResponse")
    assert answer.findtext("CertificateSerial") == ka.serial
    assert answer.findtext("CertificateSubjectAltName") == DEVICE
    assert answer.find("CertificateSubjectName") is None
    assert base64.b64decode(answer.findtext("CertificateBody")) == bytes(ka.der)
    assert all(len(line) <= 64 for line in answer.findtext("CertificateBody").splitlines())

    org = etree.fromstring(_retrieve(client, issued_org.serial).content).find("CertificateResponse")
    assert org.findtext("CertificateSubjectName") == issued_org.user_id
    assert org.findtext("CertificateRole") == "2"
    assert x509.load_der_x509_certificate(base64.b64decode(org.findtext("CertificateBody"))).serial_number == int(
        issued_org.serial, 16
    )


def test_retrieve_unknown_or_malformed(client, device_certificates):
    assert _retrieve(client, "ABCDEF0123").status_code == 402
    assert _retrieve(client, "not-hex").status_code == 401
    both = (
        "<CertificateDataRequest><CertificateSerial>01</CertificateSerial>"
        f"<CertificateSubjectAltName>{DEVICE}</CertificateSubjectAltName></CertificateDataRequest>"
    )
    assert _post(client, RETRIEVE, both).status_code == 401


DEVICE_QUERY = (
    "<CertificateSearchRequest>"
    f"<CertificateSubjectAltName>{DEVICE}</CertificateSubjectAltName>"
    "</CertificateSearchRequest>"
)


def test_transport_limits(client, device_certificates, settings):
    assert client.get(SEARCH).status_code == 405
    body = DEVICE_QUERY
    assert _post(client, SEARCH, body, content_type="text/plain").status_code == 415
    assert _post(client, SEARCH, body, content_type="text/xml").status_code == 200
    padded = body.replace("<CertificateSearchRequest>", "<CertificateSearchRequest>" + " " * 5000)
    assert _post(client, SEARCH, padded).status_code == 413
    settings.SMKI_REPOSITORY_SERVICES_RATE_PER_MINUTE = 2
    from django.core.cache import cache

    cache.clear()
    codes = [_post(client, SEARCH, body).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    cache.clear()


def test_access_modes(client, device_certificates, settings, api_client_for, other_user, ssi_user):
    body = DEVICE_QUERY
    settings.SMKI_REPOSITORY_SERVICES_ACCESS = "parties"
    refused = _post(client, SEARCH, body)
    assert refused.status_code == 403
    assert "API token" in refused.content.decode()
    assert _post(client, SEARCH, body, HTTP_AUTHORIZATION="Token ssi_bogus_secret").status_code == 403
    # Any Party's person may read the Repository (L6.1); the devices belong to the DCC's estate.
    for person in (other_user, ssi_user):
        token = api_client_for(person)._credentials["HTTP_AUTHORIZATION"]
        assert _post(client, SEARCH, body, HTTP_AUTHORIZATION=token).status_code == 200
    settings.SMKI_REPOSITORY_SERVICES_ACCESS = "off"
    assert _post(client, SEARCH, body).status_code == 404
    assert _retrieve(client, device_certificates["ds"].serial).status_code == 404


def test_reading_writes_nothing(client, device_certificates):
    before = (Certificate.objects.count(), AuditEvent.objects.count())
    _search(client, CertificateSubjectAltName=DEVICE)
    _retrieve(client, device_certificates["ds"].serial)
    _post(client, SEARCH, ENTITY_BOMB)
    assert (Certificate.objects.count(), AuditEvent.objects.count()) == before


CLIENT_DRIVER = """
const path = require('path');
const pkg = process.argv[2], url = process.argv[3], device = process.argv[4], serial = process.argv[5];
const { BoxedKeyStore, KeyUsage } = require(path.join(pkg, 'dist', 'index.js'));
const { search } = require(path.join(pkg, 'dist', 'certificateSearch.js'));
const row = (r) => ({ eui: r.eui.toString(), serial: r.serial.toString(16).toUpperCase(), keyUsage: r.keyUsage,
                      role: r.role ?? null, fingerprint: r.certificate.fingerprint256 });
(async () => {
  const store = await BoxedKeyStore.new(url);
  try {
    const ds = await store.query({ eui: device, keyUsage: KeyUsage.digitalSignature, lookup: 'certificate' });
    const ka = await store.query({ eui: device, keyUsage: KeyUsage.keyAgreement, lookup: 'certificate' });
    const bySerial = await store.query({ serial: BigInt('0x' + serial), lookup: 'certificate' });
    const org = await search({ q: { CertificateSubjectName: '90-b3-d5-1f-30-01-00-01' }, CertificateRole: '2',
                               CertificateUsage: 'DS', CertificateStatus: 'P' }, url);
    const none = await search({ q: { CertificateSubjectAltName: '00-db-00-00-00-00-00-99' },
                                CertificateUsage: 'DS', CertificateStatus: 'I' }, url);
    console.log(JSON.stringify({ ds: ds.map(row), ka: ka.map(row), bySerial: row(bySerial),
      org: org.map((r) => ({ eui: r.meta.eui.toString(), role: r.meta.role,
                             serial: r.meta.serial.toString(16).toUpperCase() })),
      none: none.length }));
  } finally {
    await store.cleanup();
  }
})().catch((e) => { console.error(e); process.exit(1); });
"""


def _fingerprint(certificate: Certificate) -> str:
    from cryptography.hazmat.primitives import hashes

    return certificate.x509().fingerprint(hashes.SHA256()).hex(":").upper()


@pytest.mark.django_db(transaction=True)
def test_dccs_keystore_client_finds_our_device_certificates(
    live_server, device_certificates, issued_org, tmp_path, subscriber
):
    package = dcc_package_with_dependencies("@smartdcc/dccboxed-keystore")
    url = live_server.url.replace("localhost", "127.0.0.1")
    ds, ka = device_certificates["ds"], device_certificates["ka"]

    found = json.loads(run_node(CLIENT_DRIVER, str(package), url, DEVICE, ka.serial, cwd=tmp_path))

    # BoxedKeyStore searches (CertificateSubjectAltName), keeps In use ones of the usage, then retrieves each.
    assert found["ds"] == [
        {
            "eui": "00db1234567890a1",
            "serial": ds.serial,
            "keyUsage": [0],
            "role": None,
            "fingerprint": _fingerprint(ds),
        }
    ]
    assert found["ka"] == [
        {
            "eui": "00db1234567890a1",
            "serial": ka.serial,
            "keyUsage": [4],
            "role": None,
            "fingerprint": _fingerprint(ka),
        }
    ]
    assert found["bySerial"]["fingerprint"] == _fingerprint(ka)
    assert found["org"] == [{"eui": "90b3d51f30010001", "role": 2, "serial": issued_org.serial}]
    assert found["none"] == 0
