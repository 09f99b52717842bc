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
