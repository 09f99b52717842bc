"""The service desk's triage queue: priority order, filters, search, bulk assign, keyboard use."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portal.views.mixins import csv_response, is_htmx_partial

from .. import selectors
from ..filters import IncidentFilterSet
from ..forms import BulkAssignForm
from ..permissions import is_service_desk
from ..services import incident_bulk_assign
from .common import QueuePage, success
from .pages import CSV_HEADER, _csv_rows


@login_required
def queue(request):
    """Open incidents by priority = category, then time left to the Target Resolution Time (App AG 2.4.3)."""
    if not is_service_desk(request.user):
        raise PermissionDenied
    filterset = IncidentFilterSet(request.GET, queryset=selectors.incident_queue(actor=request.user))
    rows = filterset.qs
    if request.GET.get("export") == "csv":
        return csv_response(filename="triage-queue", header=CSV_HEADER, rows=_csv_rows(rows))
    page = QueuePage(rows, request.GET.get("page"), settings.INCIDENTS_QUEUE_PAGE_SIZE)
    context = {
        "filter": filterset,
        "page": page,
        "bulk": BulkAssignForm(),
        "queries": selectors.general_query_queue(actor=request.user)[:10],
    }
    if is_htmx_partial(request):
        return render(request, "incidents/partials/queue_rows.html", context)
    return render(request, "incidents/queue.html", context)


@login_required
@require_POST
def queue_bulk_assign(request):
    if not is_service_desk(request.user):
        raise PermissionDenied
    form = BulkAssignForm(request.POST)
    ids = [int(x) for x in request.POST.getlist("selected") if x.isdigit()]
    visible = list(selectors.incident_queue(actor=request.user).filter(pk__in=ids).values_list("pk", flat=True))
    if not form.is_valid() or not visible:
        from django.contrib import messages

        messages.error(request, "Select at least one incident and a resolver group.")
        return redirect(_next(request))
    done, errors = incident_bulk_assign(
        actor=request.user,
        incident_ids=visible,
        group=form.cleaned_data["group"],
        assignee=form.cleaned_data["assignee"],
    )
    success(
        request,
        f"{len(done)} incident(s) assigned."
        + (
            f" {len(errors)} could not be: " + "; ".join(f"INC-{pk:06d}: {msg}" for pk, msg in errors.items())
            if errors
            else ""
        ),
    )
    return redirect(_next(request))


def _next(request) -> str:
    """Back to the queue with its filters; never an outside address."""
    target = request.POST.get("next") or ""
    return target if target.startswith("/incidents/queue") else "/incidents/queue/"
