"""CSR submission (ad hoc), the requester's list, and the RA review screen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal.exceptions import ApplicationError
from portal.views.mixins import is_htmx_partial, paginate

from .. import selectors, services
from ..checks import Submission
from ..choices import CertificateKind, RequestChannel, RequestStatus
from ..csr import csr_parse
from ..exceptions import CsrRejected
from ..filters import CertificateRequestFilterSet
from ..forms import CsrSubmitForm, RequestRejectForm
from ..permissions import can_review_request, can_submit_csr, is_ra_officer
from .repository import actor_subscriber


@login_required
def request_list(request):
    filterset = CertificateRequestFilterSet(request.GET, queryset=selectors.request_list(actor=request.user))
    page = paginate(request, filterset.qs)
    template = "smki/partials/request_rows.html" if is_htmx_partial(request) else "smki/request_list.html"
    return render(request, template, {"filter": filterset, "page": page, "title": "Certificate requests"})


@login_required
def review_queue(request):
    if not is_ra_officer(request.user):
        raise Http404
    page = paginate(request, selectors.review_queue(actor=request.user))
    return render(
        request,
        "smki/request_list.html",
        {"page": page, "title": "Organisation CSRs awaiting review", "is_queue": True},
    )


@login_required
def request_new(request):
    subscriber = actor_subscriber(request.user)
    if subscriber is None or not can_submit_csr(request.user, subscriber):
        return render(request, "smki/not_an_aro.html", {"subscriber": subscriber}, status=403)
    form = CsrSubmitForm(request.POST or None, request.FILES or None, initial={"kind": CertificateKind.ORGANISATION})
    if request.method == "POST" and form.is_valid():
        submission = Submission(
            subscriber=subscriber, submitter=request.user, kind=form.cleaned_data["kind"], channel=RequestChannel.FORM
        )
        try:
            created = services.certificate_request_submit(submission=submission, csr=form.cleaned_data["csr"])
        except CsrRejected as exc:
            form.add_error(None, f"Rejected ({exc.reason}): {exc.message}")
        else:
            if created.status == RequestStatus.ISSUED:
                messages.success(request, "Device Certificate issued.")
                return redirect("smki:certificate_detail", serial=created.certificate.serial)
            messages.success(request, "CSR accepted; it now waits for registration authority review.")
            return redirect("smki:request_detail", pk=created.pk)
    return render(request, "smki/request_new.html", {"form": form, "subscriber": subscriber})


@login_required
def request_detail(request, pk):
    row = get_object_or_404(selectors.request_list(actor=request.user).defer(None), pk=pk)
    try:
        parsed = csr_parse(bytes(row.csr_der), kind=row.kind)
        parse_error = ""
    except CsrRejected as exc:  # e.g. the profile settings changed since submission
        parsed, parse_error = None, exc.message
    context = {
        "row": row,
        "parsed": parsed,
        "parse_error": parse_error,
        "can_review": can_review_request(request.user, row),
        "reject_form": RequestRejectForm(),
    }
    return render(request, "smki/request_detail.html", context)


@login_required
@require_POST
def request_review(request, pk, decision):
    row = get_object_or_404(selectors.request_list(actor=request.user).defer(None), pk=pk)
    try:
        if decision == "approve":
            services.certificate_request_approve(actor=request.user, request=row)
            messages.success(request, "Approved: the certificate is issued and lodged in the Repository.")
        elif decision == "reject":
            form = RequestRejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose a reason and say what must be corrected.")
                return redirect("smki:request_detail", pk=pk)
            services.certificate_request_reject(
                actor=request.user, request=row, reason=form.cleaned_data["reason"], detail=form.cleaned_data["detail"]
            )
            messages.success(request, "Rejected; the Subscriber may correct and re-submit.")
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("smki:request_detail", pk=pk)
