"""Identifiers the SMI validates: MPAN cores, MPRNs, postcodes and UPRNs (§1.2)."""

import re

from django.core.exceptions import ValidationError

# MPAN core check digit weights (the MRA algorithm): digit i of the first 12 times the i-th prime.
_MPAN_PRIMES = (3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43)
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?) ?([0-9][A-Z]{2})$")
_POSTCODE_PREFIX = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?( ?[0-9][A-Z]{0,2})?$|^[A-Z]{1,2}[0-9]?$")


def mpan_check_digit(first12: str) -> int:
    return sum(int(d) * p for d, p in zip(first12, _MPAN_PRIMES, strict=True)) % 11 % 10


def normalise_mpan(value: str) -> str:
    """A 13-digit MPAN core with a valid check digit, or ``ValidationError`` saying what is wrong."""
    digits = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"\d{13}", digits):
        raise ValidationError(
            "%(value)s is not an MPAN core: it must be 13 digits.",
            code="invalid_mpan",
            params={"value": digits[:20] or "An empty value"},
        )
    if mpan_check_digit(digits[:12]) != int(digits[12]):
        raise ValidationError(
            "%(value)s fails the MPAN check digit.", code="mpan_check_digit", params={"value": digits}
        )
    return digits


def normalise_mprn(value: str) -> str:
    digits = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"\d{6,10}", digits):
        raise ValidationError(
            "%(value)s is not an MPRN: it must be 6 to 10 digits.",
            code="invalid_mprn",
            params={"value": digits[:20] or "An empty value"},
        )
    return digits


def classify_mpxn(value: str) -> tuple[str, str]:
    """(``"electricity"`` or ``"gas"``, normalised) for an MPAN core (13 digits) or MPRN (6-10)."""
    digits = re.sub(r"\s", "", value or "")
    if len(digits) == 13:
        return "electricity", normalise_mpan(digits)
    return "gas", normalise_mprn(digits)


def normalise_postcode(value: str) -> str:
    """A full UK postcode as ``OUT IN`` in upper case; '' stays ''."""
    text = re.sub(r"\s+", "", (value or "").upper())
    if not text:
        return ""
    match = _POSTCODE.match(text)
    if not match:
        raise ValidationError("%(value)s is not a UK postcode.", code="invalid_postcode", params={"value": value[:12]})
    return f"{match.group(1)} {match.group(2)}"


def postcode_search_prefix(value: str) -> str | None:
    """Normalise a full or partial postcode typed into search; None if it cannot be one."""
    text = " ".join((value or "").upper().split())
    if not text or not _POSTCODE_PREFIX.match(text):
        return None
    try:
        return normalise_postcode(text)
    except ValidationError:
        return text


def normalise_uprn(value: str) -> str:
    digits = (value or "").strip()
    if digits and not re.fullmatch(r"\d{1,12}", digits):
        raise ValidationError("A UPRN is up to 12 digits.", code="invalid_uprn")
    return digits
