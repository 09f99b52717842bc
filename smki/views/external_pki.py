"""Importing an external test PKI (DCC's ZAZ1 keystore.json) for DCC staff (issue 12 item 7)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from portal.exceptions import ApplicationError
from portal.views.mixins import is_htmx_partial

from .. import selectors
from ..choices import ExternalImportOutcome
from ..forms import ExternalPkiImportForm
from ..permissions import can_import_external_pki
from ..services.external_pki import external_pki_import_start


@login_required
def external_pki(request):
    """Upload a keystore.json; lists earlier imports and the external CAs with their certificates."""
    if not can_import_external_pki(request.user):
        raise Http404
    form = ExternalPkiImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["keystore"]
        try:
            job = external_pki_import_start(
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                source=form.cleaned_data["source"],
            )
        except ApplicationError as exc:
            form.add_error("keystore", exc.message)
        else:
            messages.success(request, f"{job.params['entries']} certificates are being imported.")
            return redirect("smki:external_pki_import", pk=job.pk)
    context = {
        "form": form,
        "imports": selectors.external_pki_import_list(actor=request.user)[:20],
        "authorities": selectors.external_authority_list(),
    }
    return render(request, "smki/external_pki.html", context, status=400 if form.errors else 200)


@login_required
def external_pki_import(request, pk):
    """Progress, then the per-entry report of one import (HTMX polls while it runs)."""
    job = get_object_or_404(selectors.external_pki_import_list(actor=request.user), pk=pk)
    context = {"job": job, "outcomes": ExternalImportOutcome}
    if is_htmx_partial(request):
        return render(request, "smki/partials/external_pki_import_status.html", context)
    return render(request, "smki/external_pki_import.html", context)
