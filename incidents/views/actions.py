"""The incident page's actions as a table: each a form, who may use it, and the one service it calls.

The POST endpoint that runs them is ``views.detail.incident_action``.
"""

from dataclasses import dataclass
from typing import Any

from .. import forms as f
from .. import permissions as p
from .. import services
from ..choices import IncidentKind, ProblemStatus, ResolutionType
from ..choices import IncidentStatus as S


@dataclass(frozen=True)
class Action:
    label: str
    form: Any
    allowed: Any  # (user, incident) -> bool
    run: Any  # (user, incident, cleaned_data) -> str (success message)
    danger: bool = False
    initial: Any = None  # (incident) -> dict: the form's starting values


def _desk_open(user, i) -> bool:
    return p.can_triage_incident(user, i) and i.is_open


def _incident_only(pred):
    return lambda user, i: i.kind == IncidentKind.INCIDENT and pred(user, i)


def _assign(user, i, d):
    services.incident_assign(
        actor=user,
        incident=i,
        group=d.get("group") or "",
        party=d.get("party"),
        assignee=d.get("assignee"),
        reason=d.get("reason", ""),
    )
    return f"{i.reference} assigned."


def _comment(user, i, d):
    services.incident_comment(
        actor=user,
        incident=i,
        text=d["text"],
        internal=d.get("internal", False),
        attachments=f.files_to_inputs(d.get("attachments")),
    )
    return "Update added."


def _declare(user, i, d):
    services.major_incident_declare(
        actor=user,
        incident=i,
        manager=d["manager"],
        kind=d["kind"],
        affected_parties=d["affected_parties"],
        need_to_know=d["need_to_know"],
        alert_title=d["alert_title"],
        alert_body=d["alert_body"],
        reason=d["reason"],
    )
    return f"{i.reference} declared a Major Incident."


def _reopen_offered(user, i) -> bool:
    """Offer Re-open only when it can succeed: the desk (closed in error, H9.7), or the raiser of an
    incident closed with a workaround whose Problem is still open (App AG 2.13.1-2.13.2)."""
    if not p.can_reopen_incident(user, i):
        return False
    if p.can_triage_incident(user, i):
        return True
    return i.resolution_type == ResolutionType.WORKAROUND and not (
        i.problem_id and i.problem.status == ProblemStatus.CLOSED
    )


ACTIONS: dict[str, Action] = {
    "categorise": Action(
        "Categorise",
        f.CategoriseForm,
        _incident_only(_desk_open),
        lambda u, i, d: (
            services.incident_categorise(actor=u, incident=i, category=d["category"], reason=d["reason"])
            and "Category set."
        ),
        # Start from the category in force, so confirming it is one click and a change is deliberate.
        initial=lambda i: {"category": i.category},
    ),
    "assign": Action("Assign", f.AssignForm, _desk_open, _assign),
    "interested": Action(
        "Add an Interested Party",
        f.InterestedPartyForm,
        _incident_only(_desk_open),
        lambda u, i, d: (
            services.incident_add_interested_party(actor=u, incident=i, party=d["party"]) and "Interested Party added."
        ),
    ),
    "not-incident": Action(
        "Not an incident: close with guidance",
        f.GuidanceForm,
        lambda u, i: _desk_open(u, i) and i.status in (S.LOGGED, S.ASSIGNED),
        lambda u, i, d: (
            services.incident_close_not_incident(actor=u, incident=i, guidance=d["guidance"])
            and "Closed with guidance."
        ),
        danger=True,
    ),
    "resolve": Action(
        "Resolve",
        f.ResolveForm,
        lambda u, i: p.can_triage_incident(u, i) and i.status in (S.ASSIGNED, S.PENDING, S.REOPENED),
        lambda u, i, d: (
            services.incident_resolve(actor=u, incident=i, resolution_type=d["resolution_type"], summary=d["summary"])
            and "Resolved."
        ),
    ),
    "close": Action(
        "Close (resolution confirmed)",
        f.ReasonForm,
        lambda u, i: p.can_triage_incident(u, i) and i.status == S.RESOLVED,
        lambda u, i, d: services.incident_close(actor=u, incident=i, note=d["reason"]) and "Closed.",
    ),
    "extend": Action(
        "Move the automatic closure",
        f.ExtendForm,
        lambda u, i: p.can_triage_incident(u, i) and i.status == S.RESOLVED,
        lambda u, i, d: (
            services.incident_extend_confirmation(
                actor=u, incident=i, working_days_more=d["working_days_more"], reason=d["reason"]
            )
            and "Closure date moved."
        ),
    ),
    "respond": Action(
        "Answer and hand back to the DCC",
        f.RespondForm,
        p.can_respond_incident,
        lambda u, i, d: (
            services.incident_respond(actor=u, incident=i, text=d["text"], wrong_assignment=d["wrong_assignment"])
            and "Thank you: the incident is back with the DCC."
        ),
    ),
    "dispute": Action(
        "Disagree with the resolution",
        f.ReasonForm,
        p.can_dispute_resolution,
        lambda u, i, d: (
            services.incident_dispute(actor=u, incident=i, reason=d["reason"])
            and "Your disagreement is recorded; the incident is back under investigation."
        ),
    ),
    "reopen": Action(
        "Re-open",
        f.ReasonForm,
        _reopen_offered,
        lambda u, i, d: services.incident_reopen(actor=u, incident=i, reason=d["reason"]) and "Re-opened.",
    ),
    "comment": Action("Add an update", f.InternalNoteForm, p.can_comment_incident, _comment),
    "link": Action(
        "Link a device, MPxN, Service Request or incident",
        f.LinkForm,
        lambda u, i: p.can_comment_incident(u, i) and i.status != S.CLOSED,
        lambda u, i, d: (
            services.incident_link_add(actor=u, incident=i, kind=d["kind"], value=d["value"]) and "Link added."
        ),
    ),
    "declare-major": Action(
        "Declare a Major Incident",
        f.DeclareMajorForm,
        lambda u, i: p.can_declare_major(u) and i.is_open and i.kind == IncidentKind.INCIDENT and not i.is_major,
        _declare,
        danger=True,
    ),
}


def action_forms(request, incident, *, bound: dict) -> list[dict]:
    out = []
    for name, action in ACTIONS.items():
        if action.allowed(request.user, incident):
            form = bound.get(name) or action.form(
                prefix=name, initial=action.initial(incident) if action.initial else None
            )
            out.append(
                {"name": name, "label": action.label, "form": form, "danger": action.danger, "open": name in bound}
            )
    return out
