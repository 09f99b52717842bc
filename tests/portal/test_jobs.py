from django.core.files.base import ContentFile
from django.urls import reverse

from portal.choices import JobStatus
from portal.services.jobs import job_create, job_fail, job_progress, job_start, job_succeed


def test_job_lifecycle_and_idempotent_start(ssi_user):
    job = job_create(actor=ssi_user, kind="test.import", title="Import 10 rows")
    assert job_start(job=job, total=10) is True
    assert job_start(job=job) is False  # a duplicated task message does nothing
    job_progress(job=job, add=4)
    job_progress(job=job, add=3)
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.percent) == (JobStatus.RUNNING, 7, 70)
    job_succeed(job=job, result={"rows": 10}, result_file=ContentFile(b"ok\n", name="report.csv"))
    job.refresh_from_db()
    assert (job.status, job.percent, job.progress_done) == (JobStatus.SUCCEEDED, 100, 10)


def test_failed_job_keeps_its_error(ssi_user):
    job = job_create(actor=ssi_user, kind="test.import", title="Broken")
    job_start(job=job, total=1)
    job_fail(job=job, error="Row 3: bad header")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Row 3: bad header"


def test_job_page_and_result_are_scoped(login, ssi_user, other_user):
    job = job_create(actor=ssi_user, kind="test.import", title="Mine")
    job_start(job=job, total=1)
    job_succeed(job=job, result_file=ContentFile(b"a,b\n", name="result.csv"))
    mine = login(ssi_user)
    assert mine.get(reverse("portal:job", args=[job.pk])).status_code == 200
    download = mine.get(reverse("portal:job-result", args=[job.pk]))
    assert b"".join(download.streaming_content) == b"a,b\n"
    from django.test import Client

    theirs = login(other_user, Client())
    assert theirs.get(reverse("portal:job", args=[job.pk])).status_code == 404
    assert theirs.get(reverse("portal:job-result", args=[job.pk])).status_code == 404


def test_job_progress_partial_for_htmx(login, ssi_user):
    job = job_create(actor=ssi_user, kind="test.import", title="Mine")
    response = login(ssi_user).get(reverse("portal:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'data-testid="job-progress"' in body
    assert "<html" not in body
    assert 'hx-trigger="every 1s"' in body


def test_jobs_api_is_scoped(api_client_for, anon_api, ssi_user, other_user, make_person, supplier_party):
    job = job_create(actor=ssi_user, kind="test.import", title="Mine")
    colleague = make_person(supplier_party)  # same Party, no portal role: may still follow the Party's jobs
    assert anon_api.get(f"/api/v1/portal/jobs/{job.pk}/").status_code == 401
    assert api_client_for(other_user).get(f"/api/v1/portal/jobs/{job.pk}/").status_code == 404
    assert api_client_for(colleague).get(f"/api/v1/portal/jobs/{job.pk}/").json()["title"] == "Mine"
    body = api_client_for(ssi_user).get(f"/api/v1/portal/jobs/{job.pk}/").json()
    assert (body["status"], body["percent"]) == ("queued", 0)
