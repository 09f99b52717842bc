"""Request id, request size limit, signed-in-session registry and the two-factor gate."""

import re
import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .request_context import new_id, set_correlation_id, set_request_id
from .services import sessions as session_services
from .two_factor import needs_two_factor

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep a well-formed ``X-Request-ID``), echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else new_id()
        set_request_id(request.request_id)
        set_correlation_id(None)
        try:
            response = self.get_response(request)
        finally:
            set_request_id(None)
        response["X-Request-ID"] = request.request_id
        return response


def problem_response(*, status: int, title: str, detail: str, code: str, **extra) -> JsonResponse:
    body = {
        "type": f"https://ssi.invalid/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JsonResponse(body, status=status, content_type="application/problem+json")


class RequestSizeLimitMiddleware:
    """Refuse oversized bodies before anything reads them: 413 with a problem document.

    Non-upload bodies are capped at ``DATA_UPLOAD_MAX_MEMORY_SIZE``; multipart uploads at
    ``PORTAL_MAX_UPLOAD_BYTES``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        is_upload = request.META.get("CONTENT_TYPE", "").startswith("multipart/form-data")
        limit = settings.PORTAL_MAX_UPLOAD_BYTES if is_upload else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            return problem_response(
                status=413,
                title="Request body too large",
                code="request.too_large",
                detail=f"The body is {length} bytes; this endpoint accepts at most {limit}.",
            )
        return self.get_response(request)


class SessionRegistryMiddleware:
    """Keep the signed-in-session record fresh; end sessions whose record was removed
    (purged as idle, or signed out elsewhere).

    The check and the touch run at most once per ``TOUCH_SECONDS`` for a session, which is also
    when the session is re-saved (extending its idle expiry): most requests cost no write.
    Deactivating a person deletes their sessions outright, so that takes effect at once.
    """

    TOUCH_SECONDS = 60
    SEEN_KEY = "_portal_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.session.session_key:
            now = time.time()
            if now - request.session.get(self.SEEN_KEY, 0) >= self.TOUCH_SECONDS:
                key = request.session.session_key
                from .models import SignedInSession

                if not SignedInSession.objects.filter(session_key=key).exists():
                    logout(request)
                    return redirect(settings.LOGIN_URL)
                session_services.session_touch(session_key=key)
                request.session[self.SEEN_KEY] = now  # marks the session modified: saved, expiry pushed
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """People who must use a second factor reach nothing but the two-factor pages until they do."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()  # cheap: OTPMiddleware has loaded the device already
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and needs_two_factor(user)
        ):
            from django_otp import user_has_device

            target = "portal:otp-verify" if user_has_device(user, confirmed=True) else "portal:otp-enrol"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
