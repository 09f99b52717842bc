"""Importing DCC's ZAZ1 test PKI (keystore.json, fetched at test time) into SMKI (issue 12 item 7)."""

import json
import shutil
from io import StringIO

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from portal.choices import PortalRole, UserRole
from portal.models import AuditEvent, Job
from smki.choices import (
    CaKind,
    CaOperationKind,
    CertificateKind,
    CertificateStatus,
    ExternalImportOutcome,
    KeyUsage,
    RevocationReason,
    SubscriberStatus,
)
from smki.exceptions import KeystoreInvalid, SmkiNotPermitted
from smki.keystore import keystore_parse
from smki.models import Certificate, CertificateAuthority, RevocationList, Subscriber
from smki.selectors import organisation_certificate_for_user_id
from smki.services import ca_operation_propose, certificate_revoke, subscriber_apply
from smki.services.external_pki import external_pki_import, external_pki_import_start
from tests.factories.portal import PartyFactory, PartyUserRoleFactory
from tests.support.dcc_tools import dcc_package

pytestmark = pytest.mark.django_db
Outcome = ExternalImportOutcome

SUPPLIER = "90-B3-D5-1F-30-01-00-00"
NETWORK_OPERATOR = "90-B3-D5-1F-30-02-00-00"


@pytest.fixture
def keystore_bytes() -> bytes:
    return (dcc_package("@smartdcc/dccboxed-keystore") / "keystore.json").read_bytes()


@pytest.fixture
def zaz1_entries(keystore_bytes):
    return keystore_parse(keystore_bytes, max_entries=100)


@pytest.fixture
def rtds_parties(dcc_party):
    """The Parties holding the RTDS supplier and network operator User IDs (the templates' originators)."""
    supplier = PartyFactory(name="RTDS Supplier", code="rtds-supplier")
    PartyUserRoleFactory(party=supplier, role=UserRole.IMPORT_SUPPLIER, user_id=SUPPLIER)
    network = PartyFactory(name="RTDS Network Operator", code="rtds-no")
    PartyUserRoleFactory(party=network, role=UserRole.ELECTRICITY_DISTRIBUTOR, user_id=NETWORK_OPERATOR)
    return supplier, network


def _by_name(lines):
    return {line.name: line for line in lines}


def test_zaz1_is_imported_with_a_line_per_entry(zaz1_entries, rtds_parties, dcc_party):
    supplier, network = rtds_parties
    lines = external_pki_import(entries=zaz1_entries, source="ZAZ1")

    assert len(lines) == 33
    counts = {o: sum(line.outcome == o for line in lines) for o in Outcome.values}
    assert counts == {
        "imported": 23,
        "unchanged": 0,
        "not_held": 8,
        "unparseable": 2,
        "inconsistent": 0,
        "conflict": 0,
    }
    by_name = _by_name(lines)
    # cryptography refuses DCC's two mdr-* certificates (a NULL parameter in their signature algorithm).
    assert {n for n, line in by_name.items() if line.outcome == Outcome.UNPARSEABLE} == {"mdr-ds", "mdr-ka"}
    assert "cryptography cannot parse" in by_name["mdr-ds"].detail
    # User IDs no Party holds: the other user, the load controller and the second supplier.
    assert {line.identifier for line in lines if line.outcome == Outcome.NOT_HELD} == {
        "00-DB-12-34-56-78-00-04",
        "90-B3-D5-1F-30-01-00-08",
        "90-B3-D5-1F-30-03-00-00",
    }
    # The DCC's own certificates go to the DCC though it lists none of those User IDs.
    assert by_name["dsp-xml-sign-90B3D51F30000002-ds"].party == dcc_party.name
    assert by_name["Z1-recovery-ds"].party == dcc_party.name
    assert by_name["Z1-supplier-ds"].party == supplier.name
    assert by_name["xml-sign-90B3D51F30020000-ds"].party == network.name
    # Every Z1/Z1b certificate has expired; the XmlSign ones run to 2118.
    assert sum(line.expired for line in lines) == 20
    assert by_name["Z1-supplier-ds"].expired
    assert "SMKI_ACCEPT_EXPIRED_TEST_PKI" in by_name["Z1-supplier-ds"].detail
    assert not by_name["xml-sign-90B3D51F30010000-ds"].expired

    assert Certificate.objects.count() == 23
    assert Certificate.objects.filter(subscriber__party=supplier).count() == 7
    assert Certificate.objects.filter(subscriber__party=network).count() == 5
    assert Certificate.objects.filter(subscriber__party=dcc_party).count() == 11
    assert AuditEvent.objects.filter(action="smki.certificate.imported").count() == 23
    summary = AuditEvent.objects.get(action="smki.external_pki.imported")
    assert summary.after["imported"] == 23
    assert summary.after["not_held"] == 8


def test_an_imported_certificate_is_an_ordinary_repository_row(zaz1_entries, rtds_parties):
    supplier, _ = rtds_parties
    external_pki_import(entries=zaz1_entries, source="ZAZ1")
    entry = next(e for e in zaz1_entries if e.name == "xml-sign-90B3D51F30010000-ds")
    parsed = x509.load_pem_x509_certificate(entry.certificate_pem.encode())

    row = Certificate.objects.select_related("authority", "subscriber__party").get(serial=f"{entry.serial:X}")

    assert row.kind == CertificateKind.ORGANISATION
    assert row.usage == KeyUsage.DIGITAL_SIGNATURE
    assert row.status == CertificateStatus.IN_USE
    assert row.role_code == 135
    assert row.user_id == SUPPLIER
    assert row.subject == f"OU=87, x500UniqueIdentifier={SUPPLIER}"
    assert row.not_before == parsed.not_valid_before_utc
    assert row.not_after == parsed.not_valid_after_utc
    assert bytes(row.der) == parsed.public_bytes(serialization.Encoding.DER)
    assert row.subscriber.party == supplier
    assert row.subscriber.status == SubscriberStatus.EXTERNAL
    assert not row.subscriber.is_authorised
    assert row.repository_status == "I"
    # The issuer is an external CA row: no key, no certificate of its own, never an issuing CA here.
    authority = row.authority
    assert authority.kind == CaKind.EXTERNAL
    assert authority.source == "ZAZ1"
    assert authority.subject == "CN=Z1,OU=07"
    assert authority.name == "ZAZ1: OU=07, CN=Z1"
    assert authority.key_backend == ""
    assert authority.key_handle == ""
    assert authority.serial is None
    assert not authority.has_certificate
    assert authority.pem == ""
    # One external CA per issuer: Z1 issued all 23 imported certificates.
    assert CertificateAuthority.objects.filter(kind=CaKind.EXTERNAL).count() == 1
    z1_supplier = Certificate.objects.get(
        serial=f"{next(e for e in zaz1_entries if e.name == 'Z1-supplier-ds').serial:X}"
    )
    aki = z1_supplier.x509().extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
    assert authority.key_identifier == aki.hex().upper()


def test_found_by_serial_and_issuer_as_the_duis_gateway_looks_it_up(zaz1_entries, rtds_parties):
    external_pki_import(entries=zaz1_entries, source="ZAZ1")
    entry = next(e for e in zaz1_entries if e.name == "xml-sign-90B3D51F30020000-ds")
    # A DUIS signature names its certificate as X509IssuerSerial: RFC 2253 issuer, decimal serial.
    issuer, serial = "CN=Z1,OU=07", entry.serial

    row = Certificate.objects.get(serial=f"{serial:X}")

    assert row.x509().issuer == x509.Name.from_rfc4514_string(issuer)
    assert x509.Name.from_rfc4514_string(row.authority.subject) == x509.Name.from_rfc4514_string(issuer)
    assert row.user_id == NETWORK_OPERATOR
    assert row.role_code == 135
    assert row.status == CertificateStatus.IN_USE


def test_reimport_is_idempotent(zaz1_entries, rtds_parties):
    external_pki_import(entries=zaz1_entries, source="ZAZ1")
    lines = external_pki_import(entries=zaz1_entries, source="ZAZ1")

    assert sum(line.outcome == Outcome.UNCHANGED for line in lines) == 23
    assert sum(line.outcome == Outcome.IMPORTED for line in lines) == 0
    assert Certificate.objects.count() == 23
    assert CertificateAuthority.objects.filter(kind=CaKind.EXTERNAL).count() == 1
    assert AuditEvent.objects.filter(action="smki.certificate.imported").count() == 23


def test_a_user_id_given_to_a_party_later_is_picked_up_on_reimport(zaz1_entries, rtds_parties):
    external_pki_import(entries=zaz1_entries, source="ZAZ1")
    second = PartyFactory(name="Second Supplier", code="second")
    PartyUserRoleFactory(party=second, role=UserRole.GAS_SUPPLIER, user_id="90-B3-D5-1F-30-03-00-00")

    lines = external_pki_import(entries=zaz1_entries, source="ZAZ1")

    imported = [line for line in lines if line.outcome == Outcome.IMPORTED]
    assert {line.name for line in imported} == {"Z1-supplier2-ds", "Z1-supplier2-ka", "Z1-supplier2PP-ka"}
    assert {line.party for line in imported} == {"Second Supplier"}


def test_expired_test_pki_certificates_count_for_signatures_only_with_the_setting(
    zaz1_entries, rtds_parties, settings, subscriber, org_submission, ra_officer
):
    external_pki_import(entries=zaz1_entries, source="ZAZ1")
    settings.SMKI_ACCEPT_EXPIRED_TEST_PKI = False
    assert (
        organisation_certificate_for_user_id(user_id=SUPPLIER, usage=KeyUsage.DIGITAL_SIGNATURE, role_code=2) is None
    )
    xml_sign = organisation_certificate_for_user_id(user_id=SUPPLIER, usage=KeyUsage.DIGITAL_SIGNATURE, role_code=135)
    assert xml_sign is not None  # valid until 2118

    settings.SMKI_ACCEPT_EXPIRED_TEST_PKI = True
    found = organisation_certificate_for_user_id(user_id=SUPPLIER, usage=KeyUsage.DIGITAL_SIGNATURE, role_code=2)
    z1b = next(e for e in zaz1_entries if e.name == "Z1b-supplier-ds")  # the newer of Z1 and Z1b
    assert found.serial == f"{z1b.serial:X}"
    assert found.is_usable_for_signatures
    assert found.repository_status == "E"  # still shown as Expired

    # Our own certificates never benefit: an expired one of ours stays unusable.
    from smki.services import certificate_accept, certificate_request_approve, certificate_request_submit
    from tests.factories.smki import organisation_csr

    request = certificate_request_submit(submission=org_submission, csr=organisation_csr())
    certificate_request_approve(actor=ra_officer, request=request)
    request.refresh_from_db()
    ours = certificate_accept(actor=org_submission.submitter, certificate=request.certificate)
    Certificate.objects.filter(pk=ours.pk).update(not_after=found.not_after)
    ours.refresh_from_db()
    assert not ours.is_usable_for_signatures
    assert not Certificate.objects.usable_for_signatures().filter(pk=ours.pk).exists()


def _keystore(tree: dict) -> list:
    return keystore_parse(json.dumps(tree).encode(), max_entries=100)


def _zaz1_tree(keystore_bytes) -> dict:
    return json.loads(keystore_bytes)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda e: {"90b3d51f30020000": {"digitalSignature": {e[0]: e[1]}}}, "is for 90-B3-D5-1F-30-01-00-00"),
        (lambda e: {"90b3d51f30010000": {"keyAgreement": {e[0]: e[1]}}}, "keyUsage is ds"),
        (lambda e: {"90b3d51f30010000": {"digitalSignature": {"12345": e[1]}}}, "serial 12345"),
        (lambda e: {"90b3d51f30010000": {"digitalSignature": {e[0]: {**e[1], "role": 2}}}}, "says role 2"),
    ],
)
def test_an_entry_that_misstates_its_certificate_is_not_imported(keystore_bytes, rtds_parties, mutate, expected):
    tree = _zaz1_tree(keystore_bytes)
    serial, entry = next(
        (s, e) for s, e in tree["90b3d51f30010000"]["digitalSignature"].items() if e["name"].startswith("xml-sign")
    )
    (line,) = external_pki_import(entries=_keystore(mutate((serial, entry))), source="ZAZ1")
    assert line.outcome == Outcome.INCONSISTENT
    assert expected in line.detail
    assert Certificate.objects.count() == 0
    assert CertificateAuthority.objects.count() == 0


def test_a_serial_taken_by_another_certificate_is_a_conflict(keystore_bytes, rtds_parties, subscriber, org_submission):
    from smki.services import certificate_request_submit
    from tests.factories.smki import device_csr

    ours = certificate_request_submit(
        submission=type(org_submission)(
            subscriber=subscriber, submitter=org_submission.submitter, kind=CertificateKind.DEVICE, channel="form"
        ),
        csr=device_csr(),
    ).certificate
    tree = _zaz1_tree(keystore_bytes)
    serial, entry = next(iter(tree["90b3d51f30010000"]["digitalSignature"].items()))
    Certificate.objects.filter(pk=ours.pk).update(serial=f"{int(serial):X}")

    (line,) = external_pki_import(
        entries=_keystore({"90b3d51f30010000": {"digitalSignature": {serial: entry}}}), source="ZAZ1"
    )

    assert line.outcome == Outcome.CONFLICT
    assert "belongs to another certificate" in line.detail
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json", "not JSON"),
        (b"[]", "JSON object keyed by EUI-64"),
        (b'{"zz": {}}', "not an EUI-64"),
        (b'{"90b3d51f30010000": {"signing": {}}}', "not digitalSignature or keyAgreement"),
        (b'{"90b3d51f30010000": {"digitalSignature": {"0x12": {"certificate": "x"}}}}', "decimal digits"),
        (b'{"90b3d51f30010000": {"digitalSignature": {"12": {"name": "no certificate"}}}}', "has no certificate"),
        (b'{"90b3d51f30010000": {"digitalSignature": {"12": {"certificate": "x", "role": "02"}}}}', "role must be"),
    ],
)
def test_a_malformed_keystore_is_refused_whole(data, message, dcc_admin):
    with pytest.raises(KeystoreInvalid) as excinfo:
        external_pki_import_start(actor=dcc_admin, data=data, filename="keystore.json")
    assert message in excinfo.value.message
    assert Job.objects.count() == 0
    assert Certificate.objects.count() == 0


def test_too_large_or_too_many_is_refused(keystore_bytes, dcc_admin, settings):
    settings.SMKI_KEYSTORE_MAX_ENTRIES = 10
    with pytest.raises(KeystoreInvalid, match="more than 10 certificates"):
        external_pki_import_start(actor=dcc_admin, data=keystore_bytes, filename="keystore.json")
    settings.SMKI_KEYSTORE_MAX_BYTES = 1000
    with pytest.raises(KeystoreInvalid, match="larger than 1000 bytes"):
        external_pki_import_start(actor=dcc_admin, data=keystore_bytes, filename="keystore.json")
    with pytest.raises(KeystoreInvalid, match="Name the PKI"):
        external_pki_import_start(actor=dcc_admin, data=b"{}", filename="k.json", source="<script>")
    assert Job.objects.count() == 0


def test_the_job_stores_no_private_key_and_reports_every_entry(
    keystore_bytes, rtds_parties, dcc_admin, django_capture_on_commit_callbacks
):
    assert b"PRIVATE KEY" in keystore_bytes
    with django_capture_on_commit_callbacks(execute=True):
        job = external_pki_import_start(actor=dcc_admin, data=keystore_bytes, filename="keystore.json")
    job.refresh_from_db()

    assert job.status == "succeeded"
    assert b"PRIVATE KEY" not in job.input_file.open("rb").read()
    assert job.params == {"source": "ZAZ1", "filename": "keystore.json", "entries": 33, "private_keys_dropped": 33}
    assert job.result["counts"]["imported"] == 23
    assert len(job.result["lines"]) == 33
    assert job.result_url == f"/smki/external-pki/imports/{job.pk}/"
    report = job.result_file.open("rb").read().decode()
    assert report.splitlines()[0].startswith("name,user_or_device_id,usage,serial,role,outcome")
    assert len(report.splitlines()) == 34
    assert all(b"PRIVATE KEY" not in bytes(der) for der in Certificate.objects.values_list("der", flat=True))


def test_only_dcc_staff_with_the_permission_may_import(keystore_bytes, ssi_admin, agent, ra_officer, dcc_admin):
    for person in (ssi_admin, agent):
        with pytest.raises(SmkiNotPermitted):
            external_pki_import_start(actor=person, data=keystore_bytes, filename="keystore.json")
    assert Job.objects.count() == 0
    for person in (ra_officer, dcc_admin):
        assert external_pki_import_start(actor=person, data=keystore_bytes, filename="keystore.json").pk


def test_page_authorisation_and_upload(
    login, client, keystore_bytes, rtds_parties, ssi_admin, agent, dcc_admin, django_capture_on_commit_callbacks
):
    assert client.get("/smki/external-pki/").status_code == 302  # anonymous: to sign-in
    for person in (ssi_admin, agent):  # another organisation; DCC staff without the permission
        assert login(person).get("/smki/external-pki/").status_code == 404
        upload = SimpleUploadedFile("keystore.json", keystore_bytes, content_type="application/json")
        assert client.post("/smki/external-pki/", {"keystore": upload, "source": "ZAZ1"}).status_code == 404
        client.logout()
    assert Job.objects.count() == 0

    page = login(dcc_admin)
    assert page.get("/smki/external-pki/").status_code == 200
    upload = SimpleUploadedFile("keystore.json", keystore_bytes, content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post("/smki/external-pki/", {"keystore": upload, "source": "ZAZ1"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/smki/external-pki/imports/{job.pk}/"
    report = page.get(response["Location"]).content.decode()
    assert "23 imported (20 of them expired), 0 already imported, 10 not imported." in report
    assert report.count('data-outcome="unparseable"') == 2
    assert report.count('data-outcome="not_held"') == 8
    listing = page.get("/smki/external-pki/").content.decode()
    assert "ZAZ1: OU=07, CN=Z1" in listing


def test_page_shows_a_bad_file_and_changes_nothing(login, dcc_admin):
    page = login(dcc_admin)
    upload = SimpleUploadedFile("keystore.json", b"{broken", content_type="application/json")
    response = page.post("/smki/external-pki/", {"keystore": upload, "source": "ZAZ1"})
    assert response.status_code == 400
    assert "The file is not JSON text" in response.content.decode()
    assert Job.objects.count() == 0


def test_other_staff_cannot_see_an_import_report(login, keystore_bytes, dcc_admin, agent, ssi_admin):
    job = external_pki_import_start(actor=dcc_admin, data=keystore_bytes, filename="keystore.json")
    for person in (agent, ssi_admin):
        assert login(person).get(f"/smki/external-pki/imports/{job.pk}/").status_code == 404


def test_api_authorisation_and_import(
    anon_api,
    api_client_for,
    keystore_bytes,
    rtds_parties,
    ssi_admin,
    agent,
    dcc_admin,
    django_capture_on_commit_callbacks,
):
    def post(api):
        upload = SimpleUploadedFile("keystore.json", keystore_bytes, content_type="application/json")
        return api.post("/api/v1/smki/external-pki-imports/", {"keystore": upload}, format="multipart")

    assert post(anon_api).status_code == 401
    assert post(api_client_for(ssi_admin)).status_code == 403  # another organisation
    assert post(api_client_for(agent)).status_code == 403  # DCC staff without the permission
    assert Job.objects.count() == 0

    api = api_client_for(dcc_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api)
    assert response.status_code == 202
    body = response.json()
    assert body["entries"] == 33
    assert body["private_keys_dropped"] == 33
    assert body["job_url"].endswith(f"/api/v1/jobs/{body['job']}/")
    detail = api.get(f"/api/v1/smki/external-pki-imports/{body['job']}/").json()
    assert detail["status"] == "succeeded"
    assert detail["result"]["counts"]["imported"] == 23
    assert api_client_for(agent).get(f"/api/v1/smki/external-pki-imports/{body['job']}/").status_code == 404


def test_api_refuses_a_bad_file_with_a_problem(api_client_for, dcc_admin):
    upload = SimpleUploadedFile("keystore.json", b'{"x": 1}', content_type="application/json")
    response = api_client_for(dcc_admin).post(
        "/api/v1/smki/external-pki-imports/", {"keystore": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "smki.keystore_invalid"
    assert Job.objects.count() == 0


def test_management_command_from_a_file(keystore_bytes, rtds_parties, tmp_path):
    path = tmp_path / "keystore.json"
    path.write_bytes(keystore_bytes)
    out = StringIO()
    call_command("smki_import_keystore", "--file", str(path), stdout=out)
    text = out.getvalue()
    assert "33 certificates in" in text
    assert "23 imported (20 of them expired), 0 already imported, 10 not imported." in text
    assert text.count("unparseable") == 2
    assert Certificate.objects.count() == 23


def test_management_command_from_the_npm_cache_without_network(keystore_bytes, rtds_parties, tmp_path, settings):
    # --npm reads the tarball npm pack left in the cache; here the cache holds DCC's real tarball.
    tarball = next(dcc_package("@smartdcc/dccboxed-keystore").parent.glob("*.tgz"))
    folder = tmp_path / "smartdcc+dccboxed-keystore@0.4.2"
    folder.mkdir()
    shutil.copy(tarball, folder)
    settings.SMKI_KEYSTORE_NPM_CACHE = str(tmp_path)
    out = StringIO()
    call_command("smki_import_keystore", "--npm", stdout=out)
    assert "package/keystore.json" in out.getvalue()
    assert Certificate.objects.count() == 23


def test_management_command_reports_a_bad_file(tmp_path):
    path = tmp_path / "keystore.json"
    path.write_text("[1, 2]")
    with pytest.raises(CommandError, match="JSON object keyed by EUI-64"):
        call_command("smki_import_keystore", "--file", str(path), stdout=StringIO())


def test_an_imported_certificate_can_be_revoked_without_a_crl(zaz1_entries, rtds_parties, ra_officer, cas):
    external_pki_import(entries=zaz1_entries, source="ZAZ1")
    row = Certificate.objects.get(
        serial=f"{next(e for e in zaz1_entries if e.name.startswith('xml-sign-90B3D51F3001')).serial:X}"
    )
    lists_before = RevocationList.objects.count()

    certificate_revoke(actor=ra_officer, certificate=row, reason=RevocationReason.KEY_COMPROMISE)

    row.refresh_from_db()
    assert row.status == CertificateStatus.REVOKED
    assert row.repository_status == "R"
    assert RevocationList.objects.count() == lists_before  # Z1's CRL is DCC's, not ours to sign
    assert organisation_certificate_for_user_id(user_id=SUPPLIER, usage="ds", role_code=135) is None


def test_external_cas_take_no_ca_operations_and_never_issue(zaz1_entries, rtds_parties, ra_officer, cas):
    from tests.factories.portal import give_totp

    external_pki_import(entries=zaz1_entries, source="ZAZ1")
    external = CertificateAuthority.objects.get(kind=CaKind.EXTERNAL)
    give_totp(ra_officer)
    ra_officer.is_verified = lambda: True
    with pytest.raises(SmkiNotPermitted, match="external test PKI"):
        ca_operation_propose(actor=ra_officer, kind=CaOperationKind.DISABLE, reason="test", authority=external)
    assert not external.is_active
    from smki.services.issuance import issuing_authority

    assert issuing_authority(CertificateKind.ORGANISATION).kind == CaKind.ISSUING_ORGANISATION


def test_a_party_with_only_imported_certificates_can_apply(zaz1_entries, rtds_parties, make_person):
    supplier, _ = rtds_parties
    external_pki_import(entries=zaz1_entries, source="ZAZ1")
    admin = make_person(supplier, PortalRole.SSI_ADMINISTRATOR)

    subscriber = subscriber_apply(actor=admin, party=supplier, for_organisation=True, for_device=False)

    assert subscriber.status == SubscriberStatus.APPLIED
    assert Subscriber.objects.filter(party=supplier).count() == 1
    assert subscriber.certificates.count() == 7
