"""Helpers shared by the incident views."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from portal.exceptions import ApplicationError


def apply_errors(form, exc: Exception) -> None:
    """Show a service's ValidationError or ApplicationError on ``form``."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    elif isinstance(exc, ApplicationError):
        form.add_error(None, exc.message)
    else:  # pragma: no cover - programming error
        raise exc


def success(request, text: str) -> None:
    messages.success(request, text)


class QueuePage:
    """A page of the queue without COUNT(*): one extra row tells whether a next page exists.

    Counting 100,000 open incidents costs more than fetching the page itself; the dashboard has
    the totals.
    """

    def __init__(self, rows, number, per_page: int):
        try:
            self.number = max(1, int(number or 1))
        except ValueError:
            self.number = 1
        start = (self.number - 1) * per_page
        fetched = list(rows[start : start + per_page + 1])
        self.object_list = fetched[:per_page]
        self.has_next = len(fetched) > per_page
        self.has_previous = self.number > 1
        self.start_index = start + 1 if self.object_list else 0
        self.end_index = start + len(self.object_list)
        self.next_page_number = self.number + 1
        self.previous_page_number = self.number - 1
