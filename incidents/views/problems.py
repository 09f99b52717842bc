"""Problems and Known Errors, the open-problems report, Major Incident reports, Service Alerts."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from portal.exceptions import ApplicationError
from portal.views.mixins import csv_response, paginate

from .. import selectors, services
from ..choices import ProblemSource, ProblemStatus
from ..filters import ProblemFilterSet
from ..forms import KnownErrorForm, ProblemCloseForm, ProblemForm, ProblemRaiseForm, major_report_form
from ..models import MajorIncident
from ..permissions import can_declare_major, can_manage_problem
from ..services.problems import EDITABLE_FIELDS
from ..services.validation import parse_incident_reference
from .common import apply_errors, success

REPORT_HEADER = [
    "reference",
    "title",
    "date opened",
    "classification",
    "status",
    "target closure date",
    "anticipated costs",
    "anticipated timescales",
    "business impact: workaround vs permanent fix",
    "reason for target date change",
    "linked incidents",
]


def _report_rows(qs):
    for pr in qs:
        yield [
            pr.reference,
            pr.title,
            f"{timezone.localtime(pr.opened_at):%Y-%m-%d}",
            pr.classification,
            pr.get_status_display(),
            pr.target_closure_date or "",
            pr.anticipated_costs,
            pr.anticipated_timescales,
            pr.impact_of_closure,
            pr.target_change_reason,
            " ".join(i.reference for i in pr.incidents.all()),
        ]


@login_required
def problem_list(request):
    filterset = ProblemFilterSet(request.GET, queryset=selectors.problem_list(actor=request.user))
    return render(
        request,
        "incidents/problem_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs.prefetch_related("incidents")),
            "can_manage": can_manage_problem(request.user),
        },
    )


@login_required
def problem_report(request):
    """The periodic open-Problems report (App AG 3): every field the Panel and Incident Parties receive."""
    qs = selectors.problem_list(actor=request.user).exclude(status=ProblemStatus.CLOSED).order_by("opened_at")
    qs = qs.prefetch_related("incidents")
    if request.GET.get("export") == "csv":
        return csv_response(filename="open-problems", header=REPORT_HEADER, rows=_report_rows(qs))
    return render(request, "incidents/problem_report.html", {"problems": qs})


@login_required
def problem_raise_view(request):
    if not can_manage_problem(request.user):
        raise PermissionDenied
    form = ProblemRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refs = set(parse_incident_reference(x) for x in form.cleaned_data["incidents"].replace(",", " ").split())
        # Only incidents this person may see (a Major Security Incident stays need-to-know).
        incidents = list(selectors.incident_list(actor=request.user).filter(pk__in=[r for r in refs if r]))
        try:
            if len(incidents) != len(refs):
                raise ValidationError({"incidents": ["One or more references do not exist."]})
            problem = services.problem_raise(
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                source=ProblemSource.RECURRING,
                incidents=incidents,
            )
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            success(request, f"{problem.reference} raised.")
            return redirect(problem)
    return render(request, "incidents/problem_raise.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def problem_detail(request, pk):
    problem = selectors.problem_get(actor=request.user, pk=pk)
    manage = can_manage_problem(request.user) and problem.status != ProblemStatus.CLOSED
    initial = {n: getattr(problem, n) for n in (*EDITABLE_FIELDS, "target_closure_date")}
    forms = {
        "edit": ProblemForm(initial=initial, prefix="edit"),
        "known": KnownErrorForm(prefix="known"),
        "close": ProblemCloseForm(prefix="close"),
    }
    status = 200
    if request.method == "POST" and not manage:
        # Refused page actions answer 403 and change nothing (a User, or a closed Problem).
        raise PermissionDenied("Only DCC problem managers change an open Problem.")
    if request.method == "POST":
        action = request.POST.get("action")
        if action in forms:
            form = (
                type(forms[action])(request.POST, prefix=action)
                if action != "edit"
                else ProblemForm(request.POST, prefix="edit")
            )
            forms[action] = form
            if form.is_valid():
                d = form.cleaned_data
                try:
                    if action == "edit":
                        services.problem_update(
                            actor=request.user,
                            problem=problem,
                            values=d,
                            target_closure_date=d["target_closure_date"],
                            target_change_reason=d["target_change_reason"],
                        )
                    elif action == "known":
                        services.problem_mark_known_error(
                            actor=request.user, problem=problem, root_cause=d["root_cause"]
                        )
                    else:
                        services.problem_close(
                            actor=request.user, problem=problem, closure_reason=d["closure_reason"], note=d["note"]
                        )
                except (ValidationError, ApplicationError) as exc:
                    apply_errors(form, exc)
                else:
                    success(request, "Problem updated.")
                    return redirect(problem)
            status = 400
    incidents = selectors.incident_list(actor=request.user).filter(problem=problem)
    return render(
        request,
        "incidents/problem_detail.html",
        {"problem": problem, "incidents": incidents, "manage": manage, "forms": forms},
        status=status,
    )


@login_required
def major_report(request, pk, part):
    """Edit and submit a Major Incident's summary (H9.13) or review (H9.14) report."""
    incident = selectors.incident_get(actor=request.user, pk=pk)
    major = get_object_or_404(MajorIncident, incident=incident)
    if not (can_declare_major(request.user) or request.user == major.manager) or part not in ("summary", "review"):
        raise PermissionDenied
    form_class = major_report_form(part)
    names = [n for n in form_class.base_fields if n != "submit"]
    form = form_class(request.POST or None, initial={n: getattr(major, n) for n in names})
    if request.method == "POST" and form.is_valid():
        try:
            services.major_incident_report_save(
                actor=request.user,
                major=major,
                part=part,
                values=form.cleaned_data,
                submit=form.cleaned_data["submit"],
            )
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
        else:
            success(request, f"{part.capitalize()} report saved.")
            return redirect(incident)
    return render(
        request,
        "incidents/major_report.html",
        {
            "incident": incident,
            "major": major,
            "part": part,
            "form": form,
            "submitted": getattr(major, f"{part}_submitted_at"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def service_alerts(request):
    return render(
        request,
        "incidents/alerts.html",
        {"alerts": selectors.service_alerts_active(), "can_end": can_declare_major(request.user)},
    )


@login_required
def service_alert_end(request, pk):
    from ..models import ServiceAlert

    if request.method != "POST" or not can_declare_major(request.user):
        raise PermissionDenied
    services.service_alert_end(actor=request.user, alert=get_object_or_404(ServiceAlert, pk=pk))
    success(request, "Service Alert ended.")
    return redirect("incidents:alerts")
