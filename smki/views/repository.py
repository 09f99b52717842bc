"""SMKI home, the Repository (search, detail, PEM/DER download), CA certificates and CRL/ARL."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from portal.exceptions import ApplicationError
from portal.views.mixins import csv_response, is_htmx_partial, paginate

from .. import selectors, services
from ..choices import CertificateKind, RevocationListKind
from ..filters import CertificateFilterSet
from ..forms import RevokeForm, SubscriberRejectCertificateForm
from ..models import Certificate
from ..permissions import can_accept_certificate, can_operate_ca, can_review_subscriber, is_ra_officer
from ..services.revocation import revocation_refusal


def actor_subscriber(user):
    from ..models import Subscriber

    return Subscriber.objects.filter(party_id=user.party_id).first()


@login_required
def home(request):
    user = request.user
    context = {
        "subscriber": actor_subscriber(user),
        "authorities": selectors.authority_list(),
        "crl": selectors.current_revocation_list(kind=RevocationListKind.CRL),
        "arl": selectors.current_revocation_list(kind=RevocationListKind.ARL),
        "is_ra": is_ra_officer(user),
        "can_operate_ca": can_operate_ca(user),
        "can_review_subscriber": can_review_subscriber(user),
        "review_count": selectors.review_queue(actor=user).count() if is_ra_officer(user) else 0,
    }
    return render(request, "smki/home.html", context)


_FORMATS = ("pem", "der")


def _pem_response(pem: str, filename: str) -> HttpResponse:
    response = HttpResponse(pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pem"'
    return response


def _der_response(der: bytes, filename: str, content_type="application/pkix-cert", ext="cer") -> HttpResponse:
    response = HttpResponse(bytes(der), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    return response


@login_required
def certificate_list(request):
    filterset = CertificateFilterSet(request.GET, queryset=selectors.certificate_list(actor=request.user))
    if request.GET.get("export") == "csv":
        rows = (
            (
                c.serial,
                c.get_kind_display(),
                c.get_usage_display(),
                c.get_repository_status_display(),
                c.subject,
                c.user_id,
                c.role_code if c.role_code is not None else "",
                c.device_id,
                c.subscriber.party.name,
                c.not_before.isoformat(),
                c.not_after.isoformat(),
            )
            for c in filterset.qs.iterator(chunk_size=2000)
        )
        return csv_response(
            filename="smki-repository",
            rows=rows,
            header=[
                "serial",
                "kind",
                "usage",
                "status",
                "subject",
                "user_id",
                "role_code",
                "device_id",
                "subscriber",
                "not_before",
                "not_after",
            ],
        )
    page = paginate(request, filterset.qs)
    template = "smki/partials/certificate_rows.html" if is_htmx_partial(request) else "smki/certificate_list.html"
    return render(request, template, {"filter": filterset, "page": page})


def _certificate_or_404(request, serial) -> Certificate:
    try:
        return selectors.certificate_get(actor=request.user, serial=serial)
    except Certificate.DoesNotExist as exc:
        raise Http404("No such certificate in the repository.") from exc


@login_required
def certificate_detail(request, serial):
    certificate = _certificate_or_404(request, serial)
    user = request.user
    refusal = revocation_refusal(actor=user, certificate=certificate)
    context = {
        "certificate": certificate,
        "parsed": certificate.x509(),
        "can_accept": can_accept_certificate(user, certificate),
        "revocation_refusal": refusal,
        "revoke_form": RevokeForm(on_behalf_of_dcc=user.party.is_dcc) if not refusal else None,
        "reject_form": SubscriberRejectCertificateForm(),
    }
    return render(request, "smki/certificate_detail.html", context)


@login_required
def certificate_download(request, serial, fmt):
    if fmt not in _FORMATS:
        raise Http404("Certificates download as .pem or .der.")
    certificate = _certificate_or_404(request, serial)
    name = f"{certificate.kind}-{certificate.serial}"
    if fmt == "pem":
        return _pem_response(certificate.pem, name)
    return _der_response(certificate.der, name)


@login_required
@require_POST
def certificate_action(request, serial, action):
    certificate = _certificate_or_404(request, serial)
    try:
        if action == "accept":
            services.certificate_accept(actor=request.user, certificate=certificate)
            messages.success(request, "Certificate accepted: it is now In use.")
        elif action == "reject":
            form = SubscriberRejectCertificateForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Say what is inconsistent with your CSR.")
                return redirect("smki:certificate_detail", serial=certificate.serial)
            services.certificate_reject_by_subscriber(
                actor=request.user, certificate=certificate, detail=form.cleaned_data["detail"]
            )
            messages.success(
                request,
                "Rejection recorded."
                + (
                    " The certificate is revoked and on the CRL."
                    if certificate.kind == CertificateKind.ORGANISATION
                    else " The DCC will investigate (Device Certificates cannot be revoked)."
                ),
            )
        elif action == "revoke":
            form = RevokeForm(request.POST, on_behalf_of_dcc=request.user.party.is_dcc)
            if not form.is_valid():
                messages.error(request, "Choose a reason and confirm that revocation is permanent.")
                return redirect("smki:certificate_detail", serial=certificate.serial)
            services.certificate_revoke(
                actor=request.user,
                certificate=certificate,
                reason=form.cleaned_data["reason"],
                channel=form.cleaned_data["channel"],
            )
            messages.success(request, "Certificate revoked; the new CRL is published.")
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("smki:certificate_detail", serial=certificate.serial)


def authority_download(request, pk, fmt):
    """CA certificates are public repository documents (no sign-in needed by relying parties)."""
    authority = selectors.authority_list().filter(pk=pk).first()
    if authority is None or fmt not in _FORMATS or not authority.has_certificate:
        raise Http404  # an external test PKI's CA is known by name only
    name = authority.name.replace(" ", "-")
    return _pem_response(authority.pem, name) if fmt == "pem" else _der_response(authority.certificate_der, name)


def revocation_list_download(request, kind):
    """The current Organisation CRL or ARL (DER), public like the CA certificates."""
    current = selectors.current_revocation_list(kind=kind)
    if current is None:
        raise Http404("Nothing published yet.")
    return _der_response(current.der, f"smki-{kind}", content_type="application/pkix-crl", ext="crl")


def authority_revocation_list_download(request, pk):
    """The latest CRL or ARL of one CA (DER), public like the CA certificates."""
    current = selectors.authority_revocation_list(authority_id=pk)
    if current is None:
        raise Http404("This CA publishes no revocation list.")
    name = f"smki-{current.kind}-{current.authority_id}"
    return _der_response(current.der, name, content_type="application/pkix-crl", ext="crl")
