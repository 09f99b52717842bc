"""Authorised Subscribers and their officers (§1.5): application, nomination, RA verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal.exceptions import ApplicationError
from portal.views.mixins import paginate

from .. import selectors, services
from ..forms import EvidenceForm, OfficerNominateForm, OfficerRevokeForm, SubscriberApplyForm, TextReasonForm
from ..models import SubscriberOfficer
from ..permissions import can_review_subscriber


@login_required
def subscriber_list(request):
    page = paginate(request, selectors.subscriber_list(actor=request.user))
    return render(
        request, "smki/subscriber_list.html", {"page": page, "can_review": can_review_subscriber(request.user)}
    )


@login_required
def subscriber_detail(request, pk):
    subscriber = get_object_or_404(selectors.subscriber_list(actor=request.user), pk=pk)
    officers = subscriber.officers.select_related("person").order_by("kind", "person__full_name")
    context = {
        "subscriber": subscriber,
        "officers": officers,
        "can_review": can_review_subscriber(request.user),
        "nominate_form": OfficerNominateForm(party=subscriber.party),
        "revoke_reasons": OfficerRevokeForm.base_fields["reason"].choices,
    }
    return render(request, "smki/subscriber_detail.html", context)


@login_required
def subscriber_apply(request):
    form = SubscriberApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscriber = services.subscriber_apply(
                actor=request.user,
                party=request.user.party,
                for_organisation=form.cleaned_data["for_organisation"],
                for_device=form.cleaned_data["for_device"],
                notes=form.cleaned_data["notes"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Application filed. Nominate your SRO and at least one ARO next.")
            return redirect("smki:subscriber_detail", pk=subscriber.pk)
    return render(request, "smki/subscriber_apply.html", {"form": form})


@login_required
@require_POST
def subscriber_action(request, pk, action):
    subscriber = get_object_or_404(selectors.subscriber_list(actor=request.user), pk=pk)
    try:
        if action == "approve":
            services.subscriber_approve(actor=request.user, subscriber=subscriber)
            messages.success(request, f"{subscriber} is now an Authorised Subscriber.")
        elif action == "withdraw":
            form = TextReasonForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Give a reason.")
            else:
                services.subscriber_withdraw(
                    actor=request.user, subscriber=subscriber, reason=form.cleaned_data["text"]
                )
                messages.success(request, "Authorised Subscriber status withdrawn.")
        elif action == "nominate":
            form = OfficerNominateForm(request.POST, party=subscriber.party)
            if not form.is_valid():
                messages.error(request, "Choose a person and an office.")
            else:
                services.officer_nominate(actor=request.user, subscriber=subscriber, **form.cleaned_data)
                messages.success(request, "Nomination filed; the RA will verify the person's identity.")
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("smki:subscriber_detail", pk=subscriber.pk)


@login_required
@require_POST
def officer_action(request, pk, action):
    scoped = SubscriberOfficer.objects.filter(subscriber__in=selectors.subscriber_list(actor=request.user))
    officer = get_object_or_404(scoped, pk=pk)
    try:
        if action == "verify":
            form = EvidenceForm(request.POST)
            if not form.is_valid():
                raise ApplicationError("Describe how the identity was confirmed.")
            services.officer_verify_identity(actor=request.user, officer=officer, evidence=form.cleaned_data["text"])
        elif action == "approve":
            services.officer_approve(actor=request.user, officer=officer)
        elif action == "revoke":
            form = OfficerRevokeForm(request.POST)
            if not form.is_valid():
                raise ApplicationError("Choose one of the reasons App D 8.3.1 permits.")
            services.officer_revoke(
                actor=request.user,
                officer=officer,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        else:
            raise Http404
        messages.success(request, f"{officer.person.full_name}: {officer.get_kind_display()} updated.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("smki:subscriber_detail", pk=officer.subscriber_id)
