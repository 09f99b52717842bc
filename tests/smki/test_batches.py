"""Batched Device CSRs: whole-batch limits, per-CSR report, pickup package, zip-bomb guard."""

import io
import zipfile

import pytest
from cryptography import x509

from portal.choices import JobStatus
from smki.choices import BatchStatus, KeyUsage
from smki.exceptions import BatchRejected, CsrRejected
from smki.models import Certificate, CsrBatch
from smki.services import csr_batch_submit, csrs_to_zip
from tests.factories.smki import device_csr, new_key, organisation_csr

pytestmark = pytest.mark.django_db


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _two() -> dict[str, bytes]:
    return {f"{i}.csr": device_csr(device_id=f"00-DB-02-00-00-00-00-0{i}") for i in (1, 2)}


def test_batch_issues_good_csrs_and_reports_every_csr(device_submission, settings, django_capture_on_commit_callbacks):
    settings.SMKI_BATCH_CHUNK_SIZE = 3
    key = new_key()
    members = {
        f"dev-{i}.csr": device_csr(
            device_id=f"00-DB-00-00-00-00-01-{i:02X}",
            usage=KeyUsage.KEY_AGREEMENT if i % 2 else KeyUsage.DIGITAL_SIGNATURE,
        )
        for i in range(1, 8)
    }
    members["dup-a.csr"] = device_csr(key=key, device_id="00-DB-00-00-00-00-02-01")
    members["dup-b.csr"] = device_csr(key=key, device_id="00-DB-00-00-00-00-02-02")
    members["garbage.csr"] = b"this is not a CSR"
    members["org.csr"] = organisation_csr()

    with django_capture_on_commit_callbacks(execute=True):
        batch = csr_batch_submit(submission=device_submission, data=_zip(members), name="mine.zip")

    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMPLETED
    assert (batch.csr_count, batch.issued_count, batch.rejected_count) == (11, 8, 3)
    assert batch.chunks_total == 4
    assert batch.chunks_done == 4
    assert batch.job.status == JobStatus.SUCCEEDED
    assert batch.job.progress_done == 11
    assert batch.is_available
    report = batch.report_file.read().decode().splitlines()
    assert len(report) == 12  # header + one line per CSR, in upload order
    by_file = {line.split("\t")[1]: line.split("\t") for line in report[1:]}
    assert by_file["dup-a.csr"][2] == "ISSUED"
    assert by_file["dup-b.csr"][2:4] == ["REJECTED", "duplicate_in_batch"]
    assert by_file["garbage.csr"][2:4] == ["REJECTED", "malformed"]
    assert by_file["org.csr"][2:4] == ["REJECTED", "subject_invalid"]
    with zipfile.ZipFile(batch.certificates_file.open("rb")) as archive:
        names = archive.namelist()
        assert len(names) == 8
        first = x509.load_pem_x509_certificate(archive.read(names[0]))
    assert Certificate.objects.filter(batch=batch).count() == 8
    assert first.serial_number in {int(s, 16) for s in Certificate.objects.values_list("serial", flat=True)}


def test_more_than_50000_csrs_rejects_the_whole_batch(device_submission):
    with pytest.raises(BatchRejected) as excinfo:
        csrs_to_zip([b"x"] * 50_001)
    assert excinfo.value.code == "smki.batch.too_many_csrs"
    # The same rule on an uploaded zip (tiny members: the count is what matters).
    data = _zip({f"{i}.csr": b"" for i in range(50_001)})
    with pytest.raises(BatchRejected) as excinfo:
        csr_batch_submit(submission=device_submission, data=data)
    assert excinfo.value.code == "smki.batch.too_many_csrs"
    assert CsrBatch.objects.count() == 0
    assert Certificate.objects.count() == 0


@pytest.mark.parametrize("count", [0, 1])
def test_a_batch_needs_more_than_one_csr(device_submission, count):
    """L8.2: a Batched CSR is more than one CSR; an empty or single-CSR batch stores nothing."""
    members = {f"{i}.csr": device_csr(device_id=f"00-DB-01-00-00-00-00-{i + 1:02X}") for i in range(count)}
    with pytest.raises(BatchRejected) as excinfo:
        csr_batch_submit(submission=device_submission, data=_zip(members))
    assert excinfo.value.code == ("smki.batch.empty", "smki.batch.single")[count]
    with pytest.raises(BatchRejected):
        csrs_to_zip(list(members.values()))
    assert CsrBatch.objects.count() == 0
    assert Certificate.objects.count() == 0


def test_zip_bomb_is_refused(device_submission):
    data = _zip({"bomb.csr": b"\0" * (5 * 1024 * 1024), "small.csr": b"\0"})
    assert len(data) < 20_000
    with pytest.raises(BatchRejected) as excinfo:
        csr_batch_submit(submission=device_submission, data=data)
    assert excinfo.value.code == "smki.batch.zip_bomb"
    assert CsrBatch.objects.count() == 0


@pytest.mark.parametrize("data", [b"not a zip", b""])
def test_unreadable_upload_is_refused(device_submission, data):
    with pytest.raises(BatchRejected):
        csr_batch_submit(submission=device_submission, data=data)
    assert CsrBatch.objects.count() == 0


def test_non_aro_cannot_submit_a_batch(subscriber, sro):
    from smki.checks import Submission
    from smki.choices import CertificateKind, RequestChannel

    submission = Submission(
        subscriber=subscriber, submitter=sro, kind=CertificateKind.DEVICE, channel=RequestChannel.FORM
    )
    with pytest.raises(CsrRejected):
        csr_batch_submit(submission=submission, data=_zip(_two()))
    assert CsrBatch.objects.count() == 0


def test_expired_pickup_files_are_purged_and_certificates_stay(device_submission, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    from smki.services.batches import csr_batches_purge_expired

    with django_capture_on_commit_callbacks(execute=True):
        batch = csr_batch_submit(submission=device_submission, data=_zip(_two()))
    CsrBatch.objects.filter(pk=batch.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert csr_batches_purge_expired() == 1
    batch.refresh_from_db()
    assert not batch.certificates_file
    assert not batch.report_file
    assert Certificate.objects.filter(batch=batch).count() == 2


@pytest.mark.parametrize(
    ("received_utc", "due_utc"),
    [
        ("2026-07-01T10:00:00+00:00", "2026-07-02T07:00:00+00:00"),  # 11:00 BST -> 08:00 BST next day
        ("2026-07-01T19:30:00+00:00", "2026-07-02T19:30:00+00:00"),  # 20:30 BST -> 24 hours
        ("2026-01-05T07:59:00+00:00", "2026-01-06T07:59:00+00:00"),  # 07:59 GMT -> 24 hours
        ("2026-01-05T08:00:00+00:00", "2026-01-06T08:00:00+00:00"),  # 08:00 GMT -> 08:00 next day
    ],
)
def test_batch_target_response_time(received_utc, due_utc):
    import datetime as dt

    batch = CsrBatch(created_at=dt.datetime.fromisoformat(received_utc))
    assert batch.target_due == dt.datetime.fromisoformat(due_utc)
