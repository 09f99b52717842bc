"""Errors of the Smart Metering Inventory (rendered as problem details by the API)."""

from portal.exceptions import ApplicationError, Conflict


class DuplicateDevice(Conflict):
    code = "inventory.duplicate_device"


class ModelNotCurrent(ApplicationError):
    code = "inventory.model_not_current"


class ImportFileInvalid(ApplicationError):
    """The uploaded file cannot be read at all (encoding, headers); no row was looked at."""

    code = "inventory.import_file_invalid"
