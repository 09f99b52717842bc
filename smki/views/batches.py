"""Batched Device CSR upload, progress, and the 30-day certificate pickup page (§1.7)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from portal.exceptions import ApplicationError
from portal.views.mixins import is_htmx_partial

from .. import selectors, services
from ..checks import Submission
from ..choices import CertificateKind, RequestChannel
from ..forms import BatchUploadForm
from ..permissions import can_submit_csr
from .repository import actor_subscriber


@login_required
def batch_new(request):
    subscriber = actor_subscriber(request.user)
    if subscriber is None or not can_submit_csr(request.user, subscriber):
        return render(request, "smki/not_an_aro.html", {"subscriber": subscriber}, status=403)
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        if upload.size > settings.SMKI_BATCH_MAX_UPLOAD_BYTES:
            form.add_error("archive", "The zip is too large.")
        else:
            submission = Submission(
                subscriber=subscriber, submitter=request.user, kind=CertificateKind.DEVICE, channel=RequestChannel.FORM
            )
            try:
                batch = services.csr_batch_submit(submission=submission, data=upload.read(), name=upload.name)
            except ApplicationError as exc:
                form.add_error("archive", exc.message)
            else:
                messages.success(request, f"Batch accepted: {batch.csr_count} CSRs are being processed.")
                return redirect("smki:batch_detail", pk=batch.pk)
    return render(request, "smki/batch_new.html", {"form": form, "subscriber": subscriber})


@login_required
def batch_detail(request, pk):
    batch = get_object_or_404(selectors.batch_list(actor=request.user), pk=pk)
    template = "smki/partials/batch_status.html" if is_htmx_partial(request) else "smki/batch_detail.html"
    return render(request, template, {"batch": batch, "job": batch.job})


@login_required
def batch_download(request, pk, what):
    batch = get_object_or_404(selectors.pickup_batches(actor=request.user), pk=pk)
    field = {"certificates": batch.certificates_file, "report": batch.report_file}.get(what)
    if not field:
        raise Http404("This file is no longer available.")
    name = f"batch-{batch.pk}-{what}.{'zip' if what == 'certificates' else 'txt'}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@login_required
def pickup(request):
    context = {
        "batches": selectors.pickup_batches(actor=request.user)[:200],
        "certificates": selectors.pickup_certificates(actor=request.user).select_related("subscriber__party")[:200],
    }
    return render(request, "smki/pickup.html", context)
