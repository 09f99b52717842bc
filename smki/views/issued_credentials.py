"""Project-issued test credentials for DCC's tools: issue, list, download (D-ZAZ-05)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from portal.exceptions import ApplicationError
from portal.identifiers import normalise_eui64
from portal.models import PartyUserRole

from .. import selectors
from ..forms import IssuedCredentialForm
from ..permissions import can_manage_test_credentials
from ..services.issued_credentials import credential_pem, credentials_issue, credentials_keystore


def _attachment(body: str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # private keys
    return response


@login_required
def credential_list(request):
    """The Party's test credentials, and the form to have new ones issued."""
    if not can_manage_test_credentials(request.user):
        raise Http404
    user_ids = list(PartyUserRole.objects.filter(party_id=request.user.party_id).order_by("user_id"))
    form = IssuedCredentialForm(request.POST or None, user_ids=user_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = credentials_issue(
                actor=request.user,
                user_id=data["user_id"],
                kinds=data["kinds"],
                role_code=data["role_code"],
                common_name=data["common_name"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"{len(issued)} certificate{'s' if len(issued) != 1 else ''} issued and In use for {data['user_id']}; "
                "download them below.",
            )
            return redirect("smki:credential_list")
    credentials = selectors.issued_credential_list(actor=request.user)
    context = {
        "form": form,
        "enabled": settings.SMKI_TEST_CREDENTIALS_ENABLED,
        "credentials": credentials,
        "user_ids": sorted({c.certificate.user_id for c in credentials}),
    }
    return render(request, "smki/issued_credentials.html", context, status=400 if form.errors else 200)


@login_required
def credential_keystore_download(request):
    """The Party's test credentials (``?user_id=`` narrows to one User ID) as DCC's keystore.json."""
    credentials = selectors.issued_credential_list(actor=request.user).exclude(certificate__status="revoked")
    user_id = request.GET.get("user_id", "")
    if user_id:
        try:
            user_id = normalise_eui64(user_id)
        except ValidationError as exc:
            raise Http404(exc.messages[0]) from exc
        credentials = credentials.filter(certificate__user_id=user_id)
    try:
        tree = credentials_keystore(actor=request.user, credentials=list(credentials))
    except ApplicationError as exc:
        raise Http404(exc.message) from exc
    name = f"keystore-{user_id.replace('-', '').lower() or request.user.party.code}.json"
    return _attachment(json.dumps(tree, indent=2), filename=name, content_type="application/json")


@login_required
def credential_pem_download(request, pk):
    """One test credential: certificate and private key, PEM."""
    credential = get_object_or_404(selectors.issued_credential_list(actor=request.user), pk=pk)
    try:
        text = credential_pem(actor=request.user, credential=credential)
    except ApplicationError as exc:
        raise Http404(exc.message) from exc
    return _attachment(text, filename=f"{credential.certificate.serial}.pem", content_type="application/x-pem-file")
