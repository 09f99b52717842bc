"""Small helpers shared by every app's views."""

import csv
from collections.abc import Iterable

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


class KeysetPage:
    """One page of a newest-first list without COUNT: ``?before=<pk>`` pages back in time,
    ``?after=<pk>`` forward. Constant time however big the table."""

    def __init__(self, request, queryset, per_page: int = 50):
        self.per_page = per_page
        before, after = request.GET.get("before"), request.GET.get("after")
        if after and after.isdigit():
            rows = list(queryset.filter(pk__gt=int(after)).order_by("pk")[: per_page + 1])
            self.has_newer = len(rows) > per_page
            rows = list(reversed(rows[:per_page]))
            self.has_older = bool(rows) and queryset.filter(pk__lt=rows[-1].pk).exists()
        else:
            if before and before.isdigit():
                queryset = queryset.filter(pk__lt=int(before))
            rows = list(queryset.order_by("-pk")[: per_page + 1])
            self.has_older = len(rows) > per_page
            rows = rows[:per_page]
            self.has_newer = bool(before) and bool(rows)
        self.object_list = rows

    @property
    def older_pk(self):
        return self.object_list[-1].pk if self.object_list and self.has_older else None

    @property
    def newer_pk(self):
        return self.object_list[0].pk if self.object_list and self.has_newer else None
