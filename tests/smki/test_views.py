"""SMKI pages: who sees what, forms call the services, bad input changes nothing."""

import io
import zipfile

import pytest
from django.urls import reverse

from smki.choices import CertificateStatus, RequestStatus
from smki.models import Certificate, CertificateRequest, CsrBatch
from smki.services import certificate_request_approve, certificate_request_submit
from tests.factories.smki import device_csr, organisation_csr

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_request(org_submission):
    return certificate_request_submit(submission=org_submission, csr=organisation_csr())


def test_pages_need_sign_in(client, cas):
    for name in ("smki:home", "smki:certificate_list", "smki:request_list", "smki:pickup", "smki:request_new"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/" in response["Location"]


def test_public_ca_and_crl_downloads_need_no_sign_in(client, cas):
    assert client.get(reverse("smki:authority_download", args=[cas[0].pk, "pem"])).content.startswith(b"-----BEGIN")
    assert client.get(reverse("smki:revocation_list", args=["crl"])).status_code == 200


def test_home_and_repository_render(login, subscriber, aro, pending_request, ra_officer):
    certificate_request_approve(actor=ra_officer, request=pending_request)
    client = login(aro)
    assert client.get(reverse("smki:home")).status_code == 200
    page = client.get(reverse("smki:certificate_list"), {"q": "Northern", "status": "P"})
    assert page.status_code == 200
    pending_request.refresh_from_db()
    assert pending_request.certificate.serial[:12] in page.content.decode()
    csv = client.get(reverse("smki:certificate_list"), {"export": "csv"})
    assert b"".join(csv.streaming_content).count(b"\n") == 2


@pytest.mark.parametrize("who", ["other_aro", "no_role_user"])
def test_other_party_gets_404_on_requests_and_batches(request, login, pending_request, other_subscriber, who):
    client = login(request.getfixturevalue(who))
    assert client.get(reverse("smki:request_detail", args=[pending_request.pk])).status_code == 404
    response = client.post(reverse("smki:request_review", args=[pending_request.pk, "approve"]))
    assert response.status_code == 404
    pending_request.refresh_from_db()
    assert pending_request.status == RequestStatus.PENDING_REVIEW


def test_submit_form_permissions(login, subscriber, ssi_user, sro, aro):
    assert login(ssi_user).get(reverse("smki:request_new")).status_code == 403
    assert login(sro).get(reverse("smki:request_new")).status_code == 403  # an SRO is not an ARO
    assert login(aro).get(reverse("smki:request_new")).status_code == 200


def test_submit_form_rejects_bad_csr_and_changes_nothing(login, subscriber, aro):
    response = login(aro).post(reverse("smki:request_new"), {"kind": "organisation", "csr_text": "garbage"})
    assert response.status_code == 200
    assert "Rejected (malformed)" in response.content.decode()
    assert CertificateRequest.objects.count() == 0


def test_form_submission_then_ra_review(login, subscriber, aro, ra_officer):
    response = login(aro).post(
        reverse("smki:request_new"), {"kind": "organisation", "csr_text": organisation_csr().decode()}
    )
    row = CertificateRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/requests/{row.pk}/")
    ra = login(ra_officer)
    queue = ra.get(reverse("smki:review_queue")).content.decode()
    assert reverse("smki:request_detail", args=[row.pk]) in queue
    detail = ra.get(reverse("smki:request_detail", args=[row.pk])).content.decode()
    assert "x500UniqueIdentifier=90-B3-D5-1F-30-01-00-01" in detail
    assert "Approve and issue" in detail
    ra.post(reverse("smki:request_review", args=[row.pk, "approve"]))
    row.refresh_from_db()
    assert row.status == RequestStatus.ISSUED


def test_device_certificate_page_explains_why_it_cannot_be_revoked(login, device_submission, sro):
    certificate = certificate_request_submit(submission=device_submission, csr=device_csr()).certificate
    page = login(sro).get(reverse("smki:certificate_detail", args=[certificate.serial])).content.decode()
    assert "Device Certificates cannot be revoked" in page
    response = login(sro).post(
        reverse("smki:certificate_action", args=[certificate.serial, "revoke"]),
        {"reason": "key_compromise", "channel": "portal", "confirm": "on"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.PENDING


def test_aro_cannot_revoke_through_the_page(login, pending_request, ra_officer, aro):
    certificate_request_approve(actor=ra_officer, request=pending_request)
    pending_request.refresh_from_db()
    serial = pending_request.certificate.serial
    page = login(aro).get(reverse("smki:certificate_detail", args=[serial])).content.decode()
    assert "an ARO cannot" in page
    login(aro).post(
        reverse("smki:certificate_action", args=[serial, "revoke"]),
        {"reason": "key_compromise", "channel": "portal", "confirm": "on"},
    )
    assert Certificate.objects.get(serial=serial).status == CertificateStatus.PENDING


def test_batch_upload_page_and_pickup(
    login, subscriber, aro, other_aro, other_subscriber, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csr", device_csr())
        archive.writestr("b.csr", b"junk")
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "two.zip"
    with django_capture_on_commit_callbacks(execute=True):
        response = login(aro).post(reverse("smki:batch_new"), {"archive": upload})
    batch = CsrBatch.objects.get()
    assert response["Location"].endswith(f"/batches/{batch.pk}/")
    client = login(aro)
    assert "1 issued, 1 rejected" in client.get(reverse("smki:batch_detail", args=[batch.pk])).content.decode()
    assert (
        reverse("smki:batch_download", args=[batch.pk, "report"])
        in client.get(reverse("smki:pickup")).content.decode()
    )
    report = b"".join(client.get(reverse("smki:batch_download", args=[batch.pk, "report"])).streaming_content)
    assert b"\tREJECTED\tmalformed\t" in report
    other = login(other_aro)
    assert other.get(reverse("smki:batch_detail", args=[batch.pk])).status_code == 404
    assert other.get(reverse("smki:batch_download", args=[batch.pk, "certificates"])).status_code == 404


def test_demo_seeder_is_idempotent(db):
    from portal.demo import seed_platform
    from portal.roles import roles_sync
    from smki.demo import seed_smki

    roles_sync()
    seed_platform()
    seed_smki()
    first = (Certificate.objects.count(), CertificateRequest.objects.count())
    seed_smki()
    assert (Certificate.objects.count(), CertificateRequest.objects.count()) == first
    assert Certificate.objects.filter(status=CertificateStatus.IN_USE, user_id="90-B3-D5-1F-30-01-00-01").count() == 2
    assert CertificateRequest.objects.filter(status=RequestStatus.PENDING_REVIEW).count() == 1
    assert Certificate.objects.filter(kind="device").count() == 4


def test_repository_search_answers_htmx_with_the_rows_only(login, subscriber, aro, device_submission):
    certificate_request_submit(submission=device_submission, csr=device_csr(device_id="00-DB-00-00-00-00-05-01"))
    response = login(aro).get(reverse("smki:certificate_list"), {"q": "00db000000000501"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "00-DB-00-00-00-00-05-01" in body
    empty = login(aro).get(reverse("smki:certificate_list"), {"q": "nothing-like-this"}, HTTP_HX_REQUEST="true")
    assert "No certificate matches" in empty.content.decode()


def test_repository_filters_by_subscriber_chosen_by_name(login, subscriber, other_subscriber, aro, device_submission):
    certificate_request_submit(submission=device_submission, csr=device_csr(device_id="00-DB-00-00-00-00-06-01"))
    page = login(aro).get(reverse("smki:certificate_list"), {"subscriber_id": subscriber.pk})
    body = page.content.decode()
    assert f'<option value="{other_subscriber.pk}">{other_subscriber.party.name}</option>' in body
    assert "00-DB-00-00-00-00-06-01" in body
    theirs = login(aro).get(reverse("smki:certificate_list"), {"subscriber_id": other_subscriber.pk})
    assert "00-DB-00-00-00-00-06-01" not in theirs.content.decode()
    # A hand-edited value is not a choice: the filter is ignored, as the other filters do, not a 500.
    assert login(aro).get(reverse("smki:certificate_list"), {"subscriber_id": "x"}).status_code == 200


def test_dashboard_card_for_officers_only(login, subscriber, aro, ra_officer, ssi_user, pending_request):
    assert "1 of your Organisation CSRs awaiting review" in login(aro).get("/").content.decode()
    assert "1 Organisation CSRs awaiting review" in login(ra_officer).get("/").content.decode()
    assert "awaiting review" not in login(ssi_user).get("/").content.decode()


def test_ca_operation_pages_enforce_two_distinct_officers(login, cas, ra_officer, ra_officer2, aro):
    from smki.models import CaOperation, CertificateAuthority

    device_ca = cas[2]
    assert login(aro).get(reverse("smki:authority_operations")).status_code == 404
    first = login(ra_officer)
    first.post(
        reverse("smki:authority_operations"),
        {"kind": "disable", "authority": device_ca.pk, "reason": "Replaced after a key ceremony"},
    )
    operation = CaOperation.objects.get()
    page = first.get(reverse("smki:authority_operations")).content.decode()
    assert "Awaiting a second officer" in page
    first.post(reverse("smki:authority_operation_decide", args=[operation.pk, "approve"]))
    assert CertificateAuthority.objects.get(pk=device_ca.pk).status == "active"
    login(ra_officer2, the_client=None).post(
        reverse("smki:authority_operation_decide", args=[operation.pk, "approve"])
    )
    assert CertificateAuthority.objects.get(pk=device_ca.pk).status == "disabled"


def test_subscriber_onboarding_through_the_pages(login, cas, supplier_party, ssi_admin, make_person, ra_officer):
    from smki.models import Subscriber

    person = make_person(supplier_party, email="future-aro@northern.test")
    admin = login(ssi_admin)
    admin.post(reverse("smki:subscriber_apply"), {"for_device": "on"})
    subscriber = Subscriber.objects.get(party=supplier_party)
    admin.post(
        reverse("smki:subscriber_action", args=[subscriber.pk, "nominate"]), {"person": person.pk, "kind": "aro"}
    )
    officer = subscriber.officers.get()
    ra = login(ra_officer)
    ra.post(reverse("smki:officer_action", args=[officer.pk, "verify"]), {"text": "Met in person"})
    ra.post(reverse("smki:officer_action", args=[officer.pk, "approve"]))
    officer.refresh_from_db()
    assert officer.status == "approved"
    page = ra.get(reverse("smki:subscriber_detail", args=[subscriber.pk])).content.decode()
    assert "Met in person" in page
    # Without an SRO the RA cannot approve the Subscriber yet; the page says why.
    response = ra.post(reverse("smki:subscriber_action", args=[subscriber.pk, "approve"]), follow=True)
    assert "Approve the Subscriber&#x27;s SRO and at least one ARO first." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "applied"
    # Revocation takes one of the reasons of App D 8.3.1; without one nothing changes.
    revoke = reverse("smki:officer_action", args=[officer.pk, "revoke"])
    refused = ra.post(revoke, {"reason": "because", "details": "x"}, follow=True).content.decode()
    assert "Choose one of the reasons App D 8.3.1 permits." in refused
    assert '<option value="credentials_lost">(f) The credentials are lost' in refused
    officer.refresh_from_db()
    assert officer.status == "approved"
    page = ra.post(revoke, {"reason": "credentials_lost", "details": "Token stolen"}, follow=True).content.decode()
    officer.refresh_from_db()
    assert (officer.status, officer.revocation_code, officer.revocation_reason) == (
        "revoked",
        "credentials_lost",
        "Token stolen",
    )
    assert "(f) The credentials are lost, stolen, inoperative or destroyed: Token stolen" in page


def test_every_page_renders_in_varied_states(
    login,
    org_submission,
    device_submission,
    ra_officer,
    ra_officer2,
    aro,
    sro,
    subscriber,
    django_capture_on_commit_callbacks,
):
    from smki.choices import CaKind, CaOperationKind, RejectionReason, RevocationReason
    from smki.services import (
        ca_operation_propose,
        certificate_request_reject,
        certificate_revoke,
        csr_batch_submit,
        csrs_to_zip,
    )

    rejected = certificate_request_submit(submission=org_submission, csr=organisation_csr())
    certificate_request_reject(
        actor=ra_officer, request=rejected, reason=RejectionReason.CONTENT_REJECTED, detail="Wrong CN"
    )
    issued = certificate_request_submit(submission=org_submission, csr=organisation_csr())
    certificate_request_approve(actor=ra_officer, request=issued)
    issued.refresh_from_db()
    certificate_revoke(actor=sro, certificate=issued.certificate, reason=RevocationReason.SUPERSEDED)
    device = certificate_request_submit(submission=device_submission, csr=device_csr()).certificate
    with django_capture_on_commit_callbacks(execute=True):
        batch = csr_batch_submit(
            submission=device_submission,
            data=csrs_to_zip([device_csr(device_id=f"00-DB-01-00-00-00-00-0{i}") for i in (1, 2)]),
        )
    ra_officer.is_verified = lambda: True
    ca_operation_propose(
        actor=ra_officer,
        kind=CaOperationKind.CREATE,
        name="Spare OCA",
        ca_kind=CaKind.ISSUING_ORGANISATION,
        reason="Spare",
    )
    pages = [
        reverse("smki:home"),
        reverse("smki:certificate_list"),
        reverse("smki:request_list"),
        reverse("smki:review_queue"),
        reverse("smki:pickup"),
        reverse("smki:subscriber_list"),
        reverse("smki:subscriber_detail", args=[subscriber.pk]),
        reverse("smki:authority_operations"),
        reverse("smki:request_detail", args=[rejected.pk]),
        reverse("smki:request_detail", args=[issued.pk]),
        reverse("smki:certificate_detail", args=[issued.certificate.serial]),
        reverse("smki:certificate_detail", args=[device.serial]),
        reverse("smki:batch_detail", args=[batch.pk]),
    ]
    for person in (ra_officer2, aro, sro):
        client = login(person)
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 404), (person.email, url, response.status_code)
            if person == ra_officer2:
                assert response.status_code == 200, url
