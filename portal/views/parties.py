"""Parties: the DCC's register of SEC Parties and their User Roles, and each Party's own policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .. import selectors
from ..exceptions import ApplicationError
from ..forms import PartyPolicyForm, PartyUserRoleForm
from ..permissions import Perm, can_manage_people
from ..services import parties as party_services
from .mixins import paginate


@login_required
def party_list(request):
    """DCC staff see every Party; anyone else is taken to their own."""
    qs = selectors.party_list(actor=request.user)
    if not request.user.party.is_dcc:
        return redirect("portal:party", pk=request.user.party_id)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(name__icontains=query) | qs.filter(user_roles__user_id__icontains=query.upper())
    return render(request, "portal/parties.html", {"page": paginate(request, qs.distinct()), "q": query})


@login_required
def party_detail(request, pk):
    party = get_object_or_404(selectors.party_list(actor=request.user), pk=pk)
    may_manage = can_manage_people(request.user, party)
    policy_form = PartyPolicyForm(
        initial={
            "require_two_factor": party.require_two_factor,
            "max_concurrent_sessions": party.max_concurrent_sessions,
        }
    )
    if request.method == "POST" and may_manage:
        policy_form = PartyPolicyForm(request.POST)
        if policy_form.is_valid():
            try:
                party_services.party_policy_update(actor=request.user, party=party, **policy_form.cleaned_data)
            except ApplicationError as exc:
                policy_form.add_error(None, exc.message)
            else:
                messages.success(request, "Policy saved.")
                return redirect("portal:party", pk=party.pk)
    context = {
        "party": party,
        "may_manage": may_manage,
        "policy_form": policy_form,
        "role_form": PartyUserRoleForm() if request.user.has_perm(Perm.MANAGE_PARTIES) else None,
    }
    return render(request, "portal/party_detail.html", context)


@permission_required(Perm.MANAGE_PARTIES, raise_exception=True)
@require_http_methods(["POST"])
def party_user_role_add(request, pk):
    party = get_object_or_404(selectors.party_list(actor=request.user), pk=pk)
    form = PartyUserRoleForm(request.POST)
    if form.is_valid():
        try:
            party_services.party_user_role_add(actor=request.user, party=party, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "User Role added.")
    else:
        messages.error(request, "Choose a User Role and give a User ID.")
    return redirect("portal:party", pk=party.pk)
