"""Outbound HTTP push for the outbox. The real client uses the standard library with an explicit
timeout; ``PORTAL_PUSH_CLIENT`` may name another class (tests use a recording fake)."""

import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PushResult:
    ok: bool
    status: int | None = None
    error: str = ""


class UrllibPushClient:
    """POSTs a body and treats any 2xx answer as delivered."""

    def post(self, url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> PushResult:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (scheme checked)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            return PushResult(ok=False, status=exc.code, error=f"HTTP {exc.code}")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return PushResult(ok=False, error=f"{type(exc).__name__}: {exc}")
        return PushResult(ok=200 <= status < 300, status=status, error="" if 200 <= status < 300 else f"HTTP {status}")


def get_push_client():
    return import_string(getattr(settings, "PORTAL_PUSH_CLIENT", "portal.integrations.push.UrllibPushClient"))()
