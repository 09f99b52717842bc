"""Incident list, raising (with matching and joining), logging on behalf, the incident page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.exceptions import ApplicationError
from portal.views.mixins import csv_response, is_htmx_partial

from .. import selectors
from ..choices import IncidentKind, LinkKind
from ..filters import IncidentFilterSet
from ..forms import GeneralQueryForm, IncidentForm, LogOnBehalfForm, files_to_inputs
from ..models import Incident, IncidentAttachment
from ..permissions import (
    can_log_on_behalf,
    can_raise_general_query,
    can_raise_incident,
    is_service_desk,
)
from ..services import IncidentInput, incident_join, incident_matches, incident_raise, incident_report_recurrence
from .common import QueuePage, apply_errors, success

CSV_HEADER = [
    "reference",
    "kind",
    "status",
    "category",
    "raising party",
    "summary",
    "device id",
    "mpxn",
    "channel",
    "logged at (UTC)",
    "assigned group",
    "resolution due (UTC)",
    "resolved at (UTC)",
]


def _csv_rows(qs):
    for i in qs.iterator(chunk_size=2000):
        yield [
            i.reference,
            i.kind,
            i.status,
            i.category or "",
            i.party.name,
            i.summary,
            i.device_id,
            i.mpxn,
            i.channel,
            i.created_at.isoformat(),
            i.assigned_group,
            i.resolution_due_at.isoformat() if i.resolution_due_at else "",
            i.resolved_at.isoformat() if i.resolved_at else "",
        ]


@login_required
def incident_list(request):
    qs = selectors.incident_list(actor=request.user)
    filterset = IncidentFilterSet(request.GET, queryset=qs)
    rows = filterset.qs.order_by("-pk")
    if request.GET.get("export") == "csv":
        return csv_response(filename="incidents", header=CSV_HEADER, rows=_csv_rows(rows))
    page = QueuePage(rows, request.GET.get("page"), 50)
    context = {
        "filter": filterset,
        "page": page,
        "can_raise": can_raise_incident(request.user),
        "can_query": can_raise_general_query(request.user),
        "can_log": can_log_on_behalf(request.user),
        "alerts": selectors.service_alerts_active()[:5],
    }
    if is_htmx_partial(request):
        return render(request, "incidents/partials/list_rows.html", context)
    return render(request, "incidents/list.html", context)


def _initial_contact(user) -> dict:
    return {
        "contact_name": user.full_name,
        "contact_organisation": user.party.name,
        "contact_details": ", ".join(x for x in (user.email, user.phone) if x),
        "occurred_at": timezone.localtime().replace(second=0, microsecond=0),
    }


@login_required
def incident_raise_view(request):
    """Raise an incident on the SSI. Matching open incidents and Service Alerts are offered first."""
    if not can_raise_incident(request.user):
        if can_raise_general_query(request.user):
            return redirect("incidents:query")
        raise PermissionDenied
    # A recurrence after closure is a new incident linked to the old one (App AG 2.14.1, 2.14.3).
    recurrence_of = None
    raw = request.POST.get("recurrence_of") or request.GET.get("recurrence_of") or ""
    if raw:
        recurrence_of = selectors.incident_get(actor=request.user, pk=int(raw) if raw.isdigit() else 0)
    initial = _initial_contact(request.user)
    if recurrence_of is not None:
        initial.update(
            summary=f"Recurrence of {recurrence_of.reference}: {recurrence_of.summary}"[:300],
            device_id=recurrence_of.device_id,
            mpxn=recurrence_of.mpxn,
        )
    form = IncidentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        files = files_to_inputs(form.cleaned_data["attachments"])
        try:
            if recurrence_of is not None:
                incident = incident_report_recurrence(
                    actor=request.user, incident=recurrence_of, data=form.to_input(), attachments=files
                )
            else:
                incident = incident_raise(actor=request.user, data=form.to_input(), attachments=files)
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            success(request, f"{incident.reference} logged. The Service Desk will categorise and assign it.")
            return redirect(incident)
    return render(
        request,
        "incidents/raise.html",
        {"form": form, "recurrence_of": recurrence_of},
        status=400 if form.errors else 200,
    )


@login_required
def incident_matches_view(request):
    """HTMX fragment: open incidents and Service Alerts like the one being typed (App AG 2.1.3)."""
    if not can_raise_incident(request.user) and not can_log_on_behalf(request.user):
        raise PermissionDenied
    data = IncidentInput(
        summary=request.GET.get("summary", ""),
        device_id=request.GET.get("device_id", ""),
        mpxn=request.GET.get("mpxn", ""),
        links=[(LinkKind.SERVICE_REQUEST, v) for v in request.GET.get("service_requests", "").split()],
    )
    incidents, alerts = incident_matches(data=data)
    own = request.user.party_id
    # A User joins another Party's incident; an agent logging a call opens it instead (the desk adds
    # the caller's Party as an Interested Party there: joining would make the DCC itself one).
    return render(
        request,
        "incidents/partials/matches.html",
        {
            "matches": incidents,
            "alerts": alerts,
            "own_party": own,
            "can_join": can_raise_incident(request.user) and not request.user.party.is_dcc,
        },
    )


@login_required
@require_POST
def incident_join_view(request, pk):
    incident = get_object_or_404(Incident.objects.filter(kind=IncidentKind.INCIDENT, is_security=False), pk=pk)
    try:
        incident_join(actor=request.user, incident=incident)
    except ApplicationError as exc:
        raise Http404(exc.message) from None
    success(
        request, f"Your organisation is now an Interested Party of {incident.reference}; you will be kept informed."
    )
    return redirect(incident)


@login_required
def general_query_view(request):
    if not can_raise_general_query(request.user):
        raise PermissionDenied
    form = GeneralQueryForm(request.POST or None, initial=_initial_contact(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            query = incident_raise(actor=request.user, data=form.to_input(), kind=IncidentKind.GENERAL_QUERY)
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            success(request, f"Query {query.reference} sent to the Service Desk.")
            return redirect(query)
    return render(
        request,
        "incidents/query.html",
        {"form": form, "is_user": request.user.party.is_user},
        status=400 if form.errors else 200,
    )


@login_required
def log_on_behalf_view(request):
    """An agent records an incident or query received by telephone or email."""
    if not can_log_on_behalf(request.user):
        raise PermissionDenied
    form = LogOnBehalfForm(
        request.POST or None,
        request.FILES or None,
        initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        raiser = d["party"].people.filter(email__iexact=d["contact_details"].split(",")[0].strip()).first()
        try:
            incident = incident_raise(
                actor=request.user,
                data=form.to_input(),
                party=d["party"],
                raised_by=raiser,
                channel=d["channel"],
                kind=d["kind"],
                attachments=files_to_inputs(d["attachments"]),
            )
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            success(request, f"{incident.reference} logged for {incident.party}.")
            return redirect(incident)
    return render(request, "incidents/log.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(IncidentAttachment, pk=pk)
    selectors.incident_get(actor=request.user, pk=attachment.incident_id)  # 404 unless the incident is visible
    if attachment.is_internal and not is_service_desk(request.user):
        raise Http404("No such attachment.")
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type or "application/octet-stream",
    )
