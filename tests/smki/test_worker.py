"""Integration: a Device CSR batch is processed by a real Celery worker process."""

import io
import zipfile

import pytest

from smki.checks import Submission
from smki.choices import BatchStatus, CertificateKind, RequestChannel
from smki.models import Certificate, CsrBatch
from smki.services import authority_hierarchy_bootstrap, csr_batch_submit
from tests.conftest import wait_for
from tests.factories.smki import approved_subscriber, device_csr

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_issues_a_batch(celery_worker_process, dcc_party, supplier_party, make_person):
    from portal.choices import PortalRole

    authority_hierarchy_bootstrap(prefix="Worker")
    aro = make_person(supplier_party, PortalRole.SMKI_ARO)
    subscriber = approved_subscriber(party=supplier_party, aros=[aro])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(10):
            archive.writestr(f"{i}.csr", device_csr(device_id=f"00-DB-00-00-00-00-09-{i:02X}"))
    submission = Submission(
        subscriber=subscriber, submitter=aro, kind=CertificateKind.DEVICE, channel=RequestChannel.API
    )

    batch = csr_batch_submit(submission=submission, data=buffer.getvalue())

    done = wait_for(lambda: CsrBatch.objects.filter(pk=batch.pk, status=BatchStatus.COMPLETED).first(), timeout=90)
    assert (done.issued_count, done.rejected_count) == (10, 0)
    assert Certificate.objects.filter(batch=done).count() == 10
    assert done.chunks.filter(is_done=True).count() == done.chunks_total == done.chunks_done
    assert done.job.status == "succeeded"
    assert done.is_available
