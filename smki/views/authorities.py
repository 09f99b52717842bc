"""CA hierarchy and the two-person CA operations (issue 4 point 1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal.exceptions import ApplicationError

from .. import selectors, services
from ..choices import CaKind, CaOperationKind, CaOperationStatus
from ..forms import CaOperationForm, TextReasonForm
from ..permissions import can_operate_ca


@login_required
def authority_operations(request):
    if not can_operate_ca(request.user):
        raise Http404
    form = CaOperationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        authority = selectors.authority_list().filter(pk=data["authority"]).first() if data["authority"] else None
        try:
            services.ca_operation_propose(
                actor=request.user,
                kind=data["kind"],
                reason=data["reason"],
                authority=authority,
                name=data["name"],
                ca_kind=data["ca_kind"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Proposed. A second RA officer must approve it.")
            return redirect("smki:authority_operations")
    context = {
        "form": form,
        "authorities": selectors.authority_list()
        .exclude(kind=CaKind.EXTERNAL)
        .prefetch_related("earlier_certificates"),
        "operations": selectors.ca_operation_list(actor=request.user)[:100],
        "kinds": CaOperationKind,
        "proposed": CaOperationStatus.PROPOSED,
    }
    return render(request, "smki/authority_operations.html", context)


@login_required
@require_POST
def authority_operation_decide(request, pk, decision):
    operation = get_object_or_404(selectors.ca_operation_list(actor=request.user), pk=pk)
    try:
        if decision == "approve":
            services.ca_operation_approve(actor=request.user, operation=operation)
            messages.success(request, "Approved and executed.")
        elif decision == "decline":
            form = TextReasonForm(request.POST)
            reason = form.cleaned_data["text"] if form.is_valid() else "Declined"
            services.ca_operation_decline(actor=request.user, operation=operation, reason=reason)
            messages.success(request, "Declined.")
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("smki:authority_operations")
