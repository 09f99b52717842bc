"""SMKI API: authorisation per endpoint, the repository read API, CSR intake, review, revocation, batches."""

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from smki.choices import CertificateStatus, RequestStatus
from smki.models import Certificate, CertificateRequest, CsrBatch
from tests.factories.smki import NORTHERN_USER_ID, device_csr, new_key, organisation_csr

pytestmark = pytest.mark.django_db

BASE = "/api/v1/smki"


def _pem_device_csr(**kwargs):
    from cryptography.hazmat.primitives import serialization

    return device_csr(encoding=serialization.Encoding.PEM, **kwargs).decode()


@pytest.fixture
def issued_org(subscriber, aro, ra_officer, api_client_for):
    api = api_client_for(aro)
    created = api.post(
        f"{BASE}/certificate-requests/", {"kind": "organisation", "csr": organisation_csr().decode()}, format="json"
    )
    assert created.status_code == 201, created.json()
    approved = api_client_for(ra_officer).post(f"{BASE}/certificate-requests/{created.json()['id']}/approve/")
    assert approved.status_code == 200, approved.json()
    return Certificate.objects.get(serial=approved.json()["certificate"]["serial"])


def test_submit_csr_authorisation(subscriber, other_subscriber, anon_api, api_client_for, ssi_user, aro, other_aro):
    body = {"kind": "organisation", "csr": organisation_csr().decode()}
    assert anon_api.post(f"{BASE}/certificate-requests/", body, format="json").status_code in (401, 403)
    assert api_client_for(ssi_user).post(f"{BASE}/certificate-requests/", body, format="json").status_code == 403
    # An ARO of another Party submitting Northern's User ID is refused by the choke point.
    refused = api_client_for(other_aro).post(f"{BASE}/certificate-requests/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "smki.csr.user_id_not_subscriber"
    assert CertificateRequest.objects.count() == 0
    created = api_client_for(aro).post(f"{BASE}/certificate-requests/", body, format="json")
    assert created.status_code == 201
    assert created.json()["status"] == RequestStatus.PENDING_REVIEW
    assert created.json()["subject"].endswith(f"x500UniqueIdentifier={NORTHERN_USER_ID}")


def test_bad_csr_answers_problem_details_and_changes_nothing(subscriber, aro, api_client_for):
    from cryptography.hazmat.primitives import serialization

    p384 = organisation_csr(key=new_key(ec.SECP384R1()), encoding=serialization.Encoding.PEM).decode()
    response = api_client_for(aro).post(
        f"{BASE}/certificate-requests/", {"kind": "organisation", "csr": p384}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "smki.csr.wrong_curve"
    assert "P-256" in response.json()["detail"]
    assert CertificateRequest.objects.count() == 0
    assert Certificate.objects.count() == 0


def test_device_csr_is_answered_with_the_certificate(subscriber, aro, api_client_for, device_submission):
    from smki.services import certificate_request_submit

    # App M 2.4.1.3(a): the web service renews; the device's first certificate came through the portal.
    first = api_client_for(aro).post(
        f"{BASE}/certificate-requests/",
        {"kind": "device", "csr": _pem_device_csr(device_id="00-DB-00-00-00-00-00-31")},
        format="json",
    )
    assert first.status_code == 400
    assert first.json()["code"] == "smki.csr.no_earlier_device_certificate"
    assert Certificate.objects.count() == 0
    certificate_request_submit(submission=device_submission, csr=device_csr(device_id="00-DB-00-00-00-00-00-31"))
    response = api_client_for(aro).post(
        f"{BASE}/certificate-requests/",
        {"kind": "device", "csr": _pem_device_csr(device_id="00-DB-00-00-00-00-00-31")},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "issued"
    pem = body["certificate"]["pem"]
    assert x509.load_pem_x509_certificate(pem.encode()).subject == x509.Name([])
    assert body["certificate"]["device_id"] == "00-DB-00-00-00-00-00-31"


def test_requests_of_another_party_answer_404(subscriber, other_subscriber, aro, other_aro, api_client_for):
    created = api_client_for(aro).post(
        f"{BASE}/certificate-requests/", {"kind": "organisation", "csr": organisation_csr().decode()}, format="json"
    )
    pk = created.json()["id"]
    assert api_client_for(other_aro).get(f"{BASE}/certificate-requests/{pk}/").status_code == 404
    assert api_client_for(aro).get(f"{BASE}/certificate-requests/{pk}/").status_code == 200
    assert api_client_for(other_aro).get(f"{BASE}/certificate-requests/").json()["count"] == 0


def test_only_ra_officers_approve(subscriber, aro, sro, api_client_for):
    created = api_client_for(aro).post(
        f"{BASE}/certificate-requests/", {"kind": "organisation", "csr": organisation_csr().decode()}, format="json"
    )
    pk = created.json()["id"]
    for person in (aro, sro):
        assert api_client_for(person).post(f"{BASE}/certificate-requests/{pk}/approve/").status_code == 403
    assert CertificateRequest.objects.get(pk=pk).status == RequestStatus.PENDING_REVIEW
    assert Certificate.objects.count() == 0


def test_repository_search_and_download(issued_org, other_user, anon_api, api_client_for):
    api = api_client_for(other_user)  # any Party reads the repository (L6.1)
    assert anon_api.get(f"{BASE}/certificates/").status_code in (401, 403)
    for query in (
        f"user_id={NORTHERN_USER_ID.replace('-', '')}",
        "status=P",
        "usage=ds",
        "role_code=2",
        f"serial={issued_org.serial.lower()}",
        "q=Northern",
    ):
        rows = api.get(f"{BASE}/certificates/?{query}").json()["results"]
        assert [r["serial"] for r in rows] == [issued_org.serial], query
    assert api.get(f"{BASE}/certificates/?status=R").json()["count"] == 0
    assert api.get(f"{BASE}/certificates/?device_id=00-00-00-00-00-00-00-01").json()["count"] == 0
    detail = api.get(f"{BASE}/certificates/{issued_org.serial}/").json()
    assert detail["repository_status"] == "P"
    assert detail["pem"].startswith("-----BEGIN CERTIFICATE-----")
    der = api.get(f"{BASE}/certificates/{issued_org.serial}/der/")
    assert x509.load_der_x509_certificate(der.content).serial_number == int(issued_org.serial, 16)
    assert api.get(f"{BASE}/certificates/ABCDEF/").status_code == 404


def test_public_ca_certificates_and_crl(cas, anon_api):
    authorities = anon_api.get(f"{BASE}/authorities/").json()
    assert {a["kind"] for a in authorities} == {"root", "issuing_organisation", "issuing_device"}
    crl = anon_api.get(f"{BASE}/revocation-lists/crl/")
    assert crl.status_code == 200
    assert len(x509.load_der_x509_crl(crl.content)) == 0
    assert anon_api.get(f"{BASE}/revocation-lists/arl/").status_code == 200
    assert anon_api.get(f"{BASE}/revocation-lists/device/").status_code == 404


def test_revocation_authorisation(issued_org, aro, sro, other_admin, api_client_for, ra_officer):
    url = f"{BASE}/certificates/{issued_org.serial}/revoke/"
    for person in (aro, other_admin):
        response = api_client_for(person).post(url, {"reason": "key_compromise"}, format="json")
        assert response.status_code == 403
        issued_org.refresh_from_db()
        assert issued_org.status == CertificateStatus.PENDING
    bad = api_client_for(sro).post(url, {"reason": "bored"}, format="json")
    assert bad.status_code == 400
    ok = api_client_for(sro).post(url, {"reason": "key_compromise", "channel": "portal"}, format="json")
    assert ok.status_code == 200
    assert ok.json()["repository_status"] == "R"
    crl = x509.load_der_x509_crl(api_client_for(ra_officer).get(f"{BASE}/revocation-lists/crl/").content)
    assert crl.get_revoked_certificate_by_serial_number(int(issued_org.serial, 16)) is not None


def test_batch_api(
    subscriber, other_subscriber, aro, other_aro, ssi_user, api_client_for, django_capture_on_commit_callbacks
):
    csrs = [_pem_device_csr(device_id=f"00-DB-00-00-00-00-03-{i:02X}") for i in range(5)]
    assert api_client_for(ssi_user).post(f"{BASE}/batches/", {"csrs": csrs}, format="json").status_code == 403
    assert CsrBatch.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(aro).post(f"{BASE}/batches/", {"csrs": csrs}, format="json")
    assert response.status_code == 202
    pk = response.json()["id"]
    body = api_client_for(aro).get(f"{BASE}/batches/{pk}/").json()
    assert (body["status"], body["issued_count"], body["rejected_count"]) == ("completed", 5, 0)
    report = api_client_for(aro).get(f"{BASE}/batches/{pk}/report/")
    assert report.status_code == 200
    assert b"".join(report.streaming_content).count(b"\tISSUED\t") == 5
    assert api_client_for(other_aro).get(f"{BASE}/batches/{pk}/").status_code == 404
    assert api_client_for(other_aro).get(f"{BASE}/batches/{pk}/report/").status_code == 404


def test_batch_api_refuses_a_single_csr(subscriber, aro, api_client_for):
    response = api_client_for(aro).post(
        f"{BASE}/batches/", {"csrs": [_pem_device_csr(device_id="00-DB-00-00-00-00-05-01")]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "smki.batch.single"
    assert CsrBatch.objects.count() == 0


def test_repository_list_query_count_does_not_grow_with_rows(
    subscriber, aro, ssi_user, api_client_for, django_assert_max_num_queries, device_submission
):
    from smki.services import certificate_request_submit

    for i in range(3):
        certificate_request_submit(
            submission=device_submission, csr=device_csr(device_id=f"00-DB-00-00-00-00-04-{i:02X}")
        )
    reader = api_client_for(ssi_user)
    with django_assert_max_num_queries(8):
        rows = reader.get(f"{BASE}/certificates/?ordering=-device_id").json()["results"]
    assert [r["device_id"] for r in rows] == [f"00-DB-00-00-00-00-04-{i:02X}" for i in (2, 1, 0)]
