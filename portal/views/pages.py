"""Home dashboard, account, people, API tokens, endpoints, outbox, audit, jobs, notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from .. import registry, selectors
from ..exceptions import ApplicationError
from ..filters import AuditEventFilterSet, OutboxMessageFilterSet, PersonFilterSet
from ..forms import ApiTokenForm, PersonInviteForm, PersonRolesForm, PushEndpointForm
from ..permissions import Perm
from ..services import outbox as outbox_services
from ..services import people as people_services
from ..services import tokens as token_services
from .mixins import KeysetPage, csv_response, is_htmx_partial, paginate


@login_required
def home(request):
    cards = []
    for card in registry.dashboard_cards:
        context = card.context(request)
        if context is not None:
            cards.append({"template": card.template, "context": context})
    notes = selectors.notification_list(actor=request.user)[:5]
    return render(request, "portal/home.html", {"cards": cards, "notes": notes})


@login_required
def account(request):
    user = request.user
    backup = StaticDevice.objects.filter(user=user, name="Backup codes").first()
    context = {
        "party": selectors.party_list(actor=user).filter(pk=user.party_id).first(),
        "backup_left": backup.token_set.count() if backup else 0,
        "sessions": user.signed_in_sessions.order_by("-last_seen_at"),
    }
    return render(request, "portal/account.html", context)


# --- people ---------------------------------------------------------------------------------


@permission_required(Perm.MANAGE_PEOPLE, raise_exception=True)
def people(request):
    filterset = PersonFilterSet(request.GET, queryset=selectors.person_list(actor=request.user).order_by("full_name"))
    page = paginate(request, filterset.qs)
    template = "portal/partials/people_rows.html" if is_htmx_partial(request) else "portal/people.html"
    return render(request, template, {"filter": filterset, "page": page})


@permission_required(Perm.MANAGE_PEOPLE, raise_exception=True)
def person_invite(request):
    form = PersonInviteForm(request.POST or None, party=request.user.party)
    if request.method == "POST" and form.is_valid():
        try:
            person = people_services.person_invite(
                actor=request.user, base_url=request.build_absolute_uri("/")[:-1], **form.cleaned_data
            )
        except (ApplicationError, ValidationError) as exc:
            form.add_error(None, getattr(exc, "message", None) or "; ".join(exc.messages))
        else:
            messages.success(request, f"Invitation sent to {person.email}.")
            return redirect("portal:people")
    return render(request, "portal/person_invite.html", {"form": form})


@permission_required(Perm.MANAGE_PEOPLE, raise_exception=True)
def person_detail(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    form = PersonRolesForm(request.POST or None, party=person.party, initial={"roles": sorted(person.portal_roles())})
    if request.method == "POST" and form.is_valid():
        try:
            people_services.person_set_roles(actor=request.user, person=person, roles=form.cleaned_data["roles"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Roles of {person.full_name} saved.")
            return redirect("portal:person", pk=person.pk)
    audit = selectors.audit_event_list(actor=request.user).filter(target_type="portal.user", target_id=str(person.pk))
    return render(request, "portal/person_detail.html", {"person": person, "form": form, "audit": audit[:20]})


@permission_required(Perm.MANAGE_PEOPLE, raise_exception=True)
@require_http_methods(["POST"])
def person_deactivate(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    try:
        people_services.person_deactivate(actor=request.user, person=person)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{person.full_name} can no longer sign in.")
    return redirect("portal:person", pk=person.pk)


# --- API tokens -----------------------------------------------------------------------------


@login_required
def tokens(request):
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, plain = token_services.api_token_create(
                actor=request.user, is_verified=request.user.is_verified(), **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            created = {"token": token, "plain": plain}
            form = ApiTokenForm()
    rows = selectors.api_token_list(actor=request.user)
    return render(
        request, "portal/tokens.html", {"form": form, "tokens": rows, "created": created, "now": timezone.now()}
    )


@login_required
@require_http_methods(["POST"])
def token_revoke(request, pk):
    token = selectors.api_token_get(actor=request.user, pk=pk)
    try:
        token_services.api_token_revoke(actor=request.user, token=token)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Token {token.name} revoked.")
    return redirect("portal:tokens")


# --- push endpoints -------------------------------------------------------------------------


@permission_required(Perm.MANAGE_ENDPOINTS, raise_exception=True)
def endpoints(request):
    form = PushEndpointForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = outbox_services.endpoint_register(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("url", message)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            created = {"endpoint": endpoint, "secret": secret}
            form = PushEndpointForm()
    rows = selectors.endpoint_list(actor=request.user).order_by("-is_active", "-created_at")
    return render(request, "portal/endpoints.html", {"form": form, "endpoints": rows, "created": created})


@permission_required(Perm.MANAGE_ENDPOINTS, raise_exception=True)
@require_http_methods(["POST"])
def endpoint_deactivate(request, pk):
    endpoint = selectors.endpoint_get(actor=request.user, pk=pk)
    outbox_services.endpoint_deactivate(actor=request.user, endpoint=endpoint)
    messages.success(request, "Push stopped; messages stay available to pull.")
    return redirect("portal:endpoints")


# --- outbox ---------------------------------------------------------------------------------


@permission_required(Perm.VIEW_OUTBOX, raise_exception=True)
def outbox(request):
    filterset = OutboxMessageFilterSet(request.GET, queryset=selectors.outbox_list(actor=request.user))
    if "after_id" not in request.GET:
        filterset.form.fields.pop("after_id")
    page = KeysetPage(request, filterset.qs)
    return render(request, "portal/outbox.html", {"filter": filterset, "page": page})


@permission_required(Perm.MANAGE_OUTBOX, raise_exception=True)
@require_http_methods(["POST"])
def outbox_replay(request, pk):
    message = selectors.outbox_get(actor=request.user, pk=pk)
    try:
        outbox_services.outbox_replay(actor=request.user, message=message)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Message {message.pk} queued for delivery again.")
    return redirect("portal:outbox")


# --- audit ----------------------------------------------------------------------------------


@permission_required(Perm.VIEW_PARTY_AUDIT, raise_exception=True)
def audit_log(request):
    filterset = AuditEventFilterSet(request.GET, queryset=selectors.audit_event_list(actor=request.user))
    # The page offers the filters a person uses; ids stay available to the API and to links.
    for name in ("party_id", "actor_id", "target_type", "target_id"):
        if name not in request.GET:
            filterset.form.fields.pop(name)
    if request.GET.get("export") == "csv":
        rows = (
            (
                e.pk,
                e.occurred_at.isoformat(),
                e.actor_label,
                e.party.code if e.party else "",
                e.action,
                e.target_type,
                e.target_id,
                e.target_label,
                e.before,
                e.after,
                e.request_id,
                e.hash,
            )
            for e in filterset.qs.order_by("pk").iterator(chunk_size=2000)
        )
        header = [
            "id",
            "occurred_at_utc",
            "actor",
            "party",
            "action",
            "target_type",
            "target_id",
            "target",
            "before",
            "after",
            "request_id",
            "hash",
        ]
        return csv_response(filename="audit", header=header, rows=rows)
    page = KeysetPage(request, filterset.qs)
    template = "portal/partials/audit_rows.html" if is_htmx_partial(request) else "portal/audit.html"
    return render(request, template, {"filter": filterset, "page": page})


# --- jobs and notifications ------------------------------------------------------------------


@login_required
def job_detail(request, pk):
    job = selectors.job_get(actor=request.user, pk=pk)
    template = "portal/partials/job_progress.html" if is_htmx_partial(request) else "portal/job.html"
    return render(request, template, {"job": job})


@login_required
def jobs(request):
    page = paginate(request, selectors.job_list(actor=request.user))
    return render(request, "portal/jobs.html", {"page": page})


@login_required
def notifications(request):
    rows = selectors.notification_list(actor=request.user)
    if request.method == "POST":
        rows.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("portal:notifications")
    return render(request, "portal/notifications.html", {"page": paginate(request, rows)})


@login_required
def job_result(request, pk):
    """Download a job's result file; only people who may see the job get it."""
    from django.http import FileResponse

    job = selectors.job_get(actor=request.user, pk=pk)
    if not job.result_file:
        raise Http404("This job has no result file.")
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1]
    )
