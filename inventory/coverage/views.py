"""Browser pages of WAN coverage: look-up, recorded checks and proof, dataset import."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from portal.exceptions import ApplicationError
from portal.views.mixins import csv_response, is_htmx_partial, paginate

from . import selectors, services
from .filters import CoverageCheckFilterSet
from .forms import DatasetImportForm, LookupForm, ProofForm
from .permissions import Perm, can_manage_coverage


@permission_required(Perm.CHECK, raise_exception=True)
def lookup(request):
    form = LookupForm(request.GET or None)
    answer, error = None, None
    if request.GET and form.is_valid():
        try:
            answer, _ = services.coverage_check(actor=request.user, **form.cleaned_data)
        except (selectors.CoverageQueryError, LookupError) as exc:
            error = str(exc)
    context = {"form": form, "answer": answer, "error": error, "dataset": selectors.dataset_active()}
    template = "coverage/partials/answer.html" if is_htmx_partial(request) else "coverage/lookup.html"
    return render(request, template, context)


@permission_required(Perm.CHECK, raise_exception=True)
def check_list(request):
    filterset = CoverageCheckFilterSet(request.GET, queryset=selectors.check_list(actor=request.user))
    if request.GET.get("export") == "csv":
        rows = (
            (
                c.reference,
                c.checked_at.isoformat(),
                c.get_kind_display(),
                c.query,
                c.dataset.version,
                c.person.email if c.person else "",
                c.channel,
            )
            for c in filterset.qs.iterator()
        )
        return csv_response(
            filename="coverage-checks",
            header=["reference", "checked_at", "kind", "query", "dataset", "person", "channel"],
            rows=rows,
        )
    return render(request, "coverage/checks.html", {"filter": filterset, "page": paginate(request, filterset.qs)})


@permission_required(Perm.CHECK, raise_exception=True)
def check_detail(request, reference):
    check = selectors.check_get(actor=request.user, reference=reference)
    answer = selectors.coverage_answer(kind=check.kind, value=check.query, dataset=check.dataset)
    return render(request, "coverage/check_detail.html", {"check": check, "answer": answer})


@permission_required(Perm.CHECK, raise_exception=True)
def proof(request):
    form = ProofForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        result = selectors.coverage_check_proof(actor=request.user, **form.cleaned_data)
    return render(request, "coverage/proof.html", {"form": form, "result": result})


@permission_required(Perm.CHECK, raise_exception=True)
def dataset_list(request):
    form = None
    if can_manage_coverage(request.user):
        form = DatasetImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                job = services.coverage_dataset_import_start(
                    actor=request.user,
                    version=data["version"],
                    effective_date=data["effective_date"],
                    horizon_date=data["horizon_date"],
                    file=data["file"],
                )
            except (ApplicationError, ValidationError) as exc:
                form.add_error(None, getattr(exc, "message", None) or "; ".join(exc.messages))
            else:
                messages.success(request, "Import started; the whole file is checked before anything changes.")
                return redirect("portal:job", pk=job.pk)
    return render(request, "coverage/datasets.html", {"datasets": selectors.dataset_list(), "form": form})
