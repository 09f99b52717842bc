"""Per-request and per-task context: the request id and the correlation id.

Middleware sets them for a web request; the Celery signals in ``portal.celery`` carry the
correlation id into tasks so that an audit row written by a worker links back to the request.
"""

import logging
import uuid
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def new_id() -> str:
    return uuid.uuid4().hex


def get_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None) -> None:
    _request_id.set(value)


def get_correlation_id() -> str | None:
    return _correlation_id.get() or _request_id.get()


def set_correlation_id(value: str | None) -> None:
    _correlation_id.set(value)


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = get_request_id() or get_correlation_id() or "-"
        return True
