"""One error format for the whole API: RFC 7807 problem details with a machine code."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ..exceptions import ApplicationError

PROBLEM_BASE = "https://ssi.invalid/problems/"


def _problem(*, status_code: int, title: str, detail: str, code: str, errors=None, extra=None, headers=None):
    body = {"type": PROBLEM_BASE + code, "title": title, "status": status_code, "detail": detail, "code": code}
    if errors:
        body["errors"] = errors
    if extra:
        body.update({k: v for k, v in extra.items() if k not in body})
    response = Response(body, status=status_code, headers=headers)
    response.content_type = "application/problem+json"
    return response


def _flatten(detail, prefix=""):
    """DRF error detail -> list of {field, code, message}."""
    out = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            field = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, "" if key == "non_field_errors" and not prefix else field))
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            out.extend(_flatten(value, f"{prefix}[{i}]" if isinstance(value, dict) else prefix))
    else:
        out.append({"field": prefix or None, "code": getattr(detail, "code", "invalid"), "message": str(detail)})
    return out


def problem_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return _problem(
            status_code=exc.status, title=type(exc).__name__, detail=exc.message, code=exc.code, extra=exc.extra
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        return _problem(
            status_code=404, title="Not found", detail="Nothing is here, or you may not see it.", code="not_found"
        )
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = "; ".join(e["message"] if not e["field"] else f"{e['field']}: {e['message']}" for e in errors[:5])
        return _problem(
            status_code=status.HTTP_400_BAD_REQUEST,
            title="Invalid input",
            detail=detail,
            code="invalid",
            errors=errors,
        )
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    code = code if isinstance(code, str) else "error"
    detail = exc.detail if isinstance(getattr(exc, "detail", None), str) else str(getattr(exc, "detail", exc))
    headers = {k: v for k, v in response.headers.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
    return _problem(
        status_code=response.status_code, title=response.status_text, detail=str(detail), code=code, headers=headers
    )
