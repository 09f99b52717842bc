"""EUI-64 identifiers: User IDs, DCC IDs and Device IDs.

GB smart metering writes an EUI-64 as eight hyphen-separated hex octets, ``00-DB-12-34-56-78-9A-BC``
(sec-requirements.md ID-01). We store that canonical upper-case form and accept input with
hyphens, colons or no separators, in either case.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

EUI64_PATTERN = re.compile(r"^[0-9A-F]{2}(-[0-9A-F]{2}){7}$")
_LOOSE = re.compile(r"^[0-9A-Fa-f]{2}([-:]?[0-9A-Fa-f]{2}){7}$")
# Neither all-zeros nor all-ones identifies anything (IEEE reserves them).
_RESERVED = {"00-00-00-00-00-00-00-00", "FF-FF-FF-FF-FF-FF-FF-FF"}


def normalise_eui64(value: str) -> str:
    """Return the canonical form of ``value`` or raise ``ValidationError`` naming the problem."""
    text = (value or "").strip()
    if not _LOOSE.match(text):
        raise ValidationError(
            "%(value)s is not an EUI-64: expected eight hex octets such as 00-DB-12-34-56-78-9A-BC.",
            code="invalid_eui64",
            params={"value": text[:40] or "An empty value"},
        )
    digits = re.sub(r"[-:]", "", text).upper()
    canonical = "-".join(digits[i : i + 2] for i in range(0, 16, 2))
    if canonical in _RESERVED:
        raise ValidationError("%(value)s is a reserved EUI-64.", code="reserved_eui64", params={"value": canonical})
    return canonical


def validate_eui64(value: str) -> None:
    """Validator for stored values: they must already be canonical."""
    if not EUI64_PATTERN.match(value or ""):
        normalise_eui64(value)  # raises with the precise message
        raise ValidationError("EUI-64 must be written as upper-case hyphenated octets.", code="noncanonical_eui64")


class EUI64Field(models.CharField):
    """A CharField holding a canonical EUI-64; input is normalised in ``to_python``."""

    description = "EUI-64 identifier (XX-XX-XX-XX-XX-XX-XX-XX)"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 23)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_eui64)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 23:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return value
        try:
            return normalise_eui64(value)
        except ValidationError:
            return value  # the validator reports it
