"""Errors of the SMKI app; each carries a stable code that the API renders as problem details."""

from portal.exceptions import ApplicationError, NotPermitted


class CsrRejected(ApplicationError):
    """The CSR choke point refused a CSR; ``reason`` is a ``RejectionReason`` value."""

    status = 400

    def __init__(self, reason, detail: str):
        self.reason = str(reason)
        super().__init__(detail, code=f"smki.csr.{self.reason}")


class BatchRejected(ApplicationError):
    """A whole batch was refused before any CSR in it was looked at (too many CSRs, bad zip)."""

    status = 400


class SmkiNotPermitted(NotPermitted):
    """The actor may see the object but not perform this SMKI action."""


class KeystoreInvalid(ApplicationError):
    """A keystore.json upload is not in the shape DCC's tools use (or too large); nothing was imported."""

    status = 400
    code = "smki.keystore_invalid"
