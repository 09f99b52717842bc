from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from ..choices import JOB_FINISHED_STATUSES, JobStatus
from .base import TimeStampedModel


class Job(TimeStampedModel):
    """A long operation (bulk import, CSR batch, report) with progress and a result page.

    Any app creates one with ``portal.services.jobs.job_create`` and reports progress from its
    task; the job page polls it. ``kind`` names the operation, e.g. ``inventory.prenotify_csv``.
    """

    kind = models.CharField(max_length=80, db_index=True)
    title = models.CharField(max_length=200)
    party = models.ForeignKey("portal.Party", on_delete=models.PROTECT, related_name="jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    result = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    error = models.TextField(blank=True)
    input_file = models.FileField(upload_to="jobs/input/%Y/%m/", blank=True)
    result_file = models.FileField(upload_to="jobs/result/%Y/%m/", blank=True)
    result_url = models.CharField(max_length=300, blank=True, help_text="Where the finished result is shown.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in JOB_FINISHED_STATUSES

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))
