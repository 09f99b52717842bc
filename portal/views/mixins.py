"""Small helpers shared by every app's views."""

import csv
from collections.abc import Iterable

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.utils import timezone


def is_htmx_partial(request) -> bool:
    """HTMX asked for a fragment (and the request is not a boosted full navigation)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


class _Echo:
    def write(self, value):
        return value


def csv_response(*, filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """Stream a CSV download, however many rows (memory stays flat)."""
    writer = csv.writer(_Echo())

    def generate():
        yield "\ufeff"  # so spreadsheet programs read UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    return response


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class PortalPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Signed in and holding the permission(s); anyone else gets 403 (or the sign-in page)."""

    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()
