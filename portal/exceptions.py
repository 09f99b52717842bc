"""The domain-error hierarchy. Services raise these; the API renders them as problem details."""

from typing import Any


class ApplicationError(Exception):
    """A business rule refused the operation. ``code`` is machine-readable and stable."""

    code = "application_error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}


class InvalidTransition(ApplicationError):
    """A status change the app's transition table does not allow, or a lost compare-and-set."""

    code = "invalid_transition"
    status = 409


class NotPermitted(ApplicationError):
    """The actor may see the object but not do this to it."""

    code = "not_permitted"
    status = 403


class Conflict(ApplicationError):
    code = "conflict"
    status = 409
