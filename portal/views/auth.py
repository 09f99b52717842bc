"""Sign-in, sign-out, two-factor verification and enrolment, invitation acceptance."""

import time

import django_otp
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device

from ..exceptions import ApplicationError
from ..forms import OTPForm, SignInForm
from ..middleware import SessionRegistryMiddleware
from ..services import audit
from ..services import sessions as session_services
from ..two_factor import backup_codes_issue, needs_two_factor, qr_svg, totp_pending_device, totp_secret_base32


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        try:
            session_services.session_register(
                user=user,
                session_key=self.request.session.session_key,
                ip_address=self.request.META.get("REMOTE_ADDR"),
                user_agent=self.request.headers.get("User-Agent", ""),
            )
        except ApplicationError as exc:
            logout(self.request)
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        self.request.session[SessionRegistryMiddleware.SEEN_KEY] = time.time()
        audit.record(action="person.signed_in", actor=user, target=user)
        if needs_two_factor(user):
            target = "portal:otp-verify" if user_has_device(user, confirmed=True) else "portal:otp-enrol"
            return redirect(f"{reverse(target)}?next={self.get_success_url()}")
        return response


@require_http_methods(["POST"])
def sign_out(request):
    if request.user.is_authenticated:
        audit.record(action="person.signed_out", actor=request.user, target=request.user)
        if request.session.session_key:
            session_services.session_end(session_key=request.session.session_key)
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("portal:login")


@login_required
def otp_verify(request):
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect("portal:otp-enrol")
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        devices = _devices_for_token(user, token)
        wait = _throttle_wait_seconds(devices)
        if wait:
            form.add_error("token", f"Too many wrong codes. Wait {wait} seconds, then try the newest code.")
            return render(request, "otp/verify.html", {"form": form, "next": _safe_next(request, "")})
        device = next((d for d in devices if d.verify_token(token)), None)
        if device is not None:
            django_otp.login(request, device)
            audit.record(
                action="person.two_factor_verified",
                actor=user,
                target=user,
                after={"device": device.persistent_id.split("/")[0]},
            )
            return redirect(_safe_next(request, reverse("portal:home")))
        audit.record(action="person.two_factor_failed", actor=user, target=user)
        form.add_error("token", "That code is not right, or it was used already. Try the newest code.")
    return render(request, "otp/verify.html", {"form": form, "next": _safe_next(request, "")})


def _devices_for_token(user, token: str) -> list:
    """Six digits are an authenticator code; anything else is a backup code. Trying only the
    matching kind keeps each device's throttling count honest."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    return list(model.objects.filter(user=user, confirmed=True))


def _throttle_wait_seconds(devices) -> int:
    """Seconds until django-otp's throttling lets this person try again (0: now)."""
    from django.utils import timezone

    for device in devices:
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            return max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
    return 0


@login_required
def otp_enrol(request):
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect("portal:otp-verify")
    device = totp_pending_device(user)
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = backup_codes_issue(user)
                audit.record(action="person.two_factor_enrolled", actor=user, target=user)
            django_otp.login(request, device)
            return render(request, "otp/backup_codes.html", {"codes": codes, "next": _safe_next(request, "/")})
        form.add_error("token", "That code does not match. Check the time on your phone and try the newest code.")
    context = {
        "form": form,
        "qr_svg": qr_svg(device),
        "secret": totp_secret_base32(device),
        "next": _safe_next(request, ""),
    }
    return render(request, "otp/enrol.html", context)


@login_required
@require_http_methods(["POST"])
def backup_codes_regenerate(request):
    if not request.user.is_verified():
        return redirect("portal:otp-verify")
    codes = backup_codes_issue(request.user)
    audit.record(action="person.backup_codes_issued", actor=request.user, target=request.user)
    return render(request, "otp/backup_codes.html", {"codes": codes, "next": reverse("portal:account")})


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """An invited person sets a password from the link in their invitation."""

    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("portal:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(action="person.invitation_accepted", actor=None, target=form.user, party=form.user.party)
        messages.success(self.request, "Your password is set. Sign in to continue.")
        return response
