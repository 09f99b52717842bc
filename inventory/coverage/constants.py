"""Constants of WAN coverage: postcode shapes and the CSV layout."""

import re

# UK postcode: outward code (area, district) + inward code (sector digit, unit letters).
POSTCODE_RE = re.compile(r"^(?P<out>[A-Z]{1,2}[0-9][A-Z0-9]?) ?(?P<in>[0-9][A-Z]{2})$")
OUTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
# Postcode areas outside Great Britain: Northern Ireland, Isle of Man, Channel Islands.
NON_GB_AREAS = frozenset({"BT", "IM", "GY", "JE"})

CSV_COLUMNS = [
    "postcode",
    "uprn",
    "premises",
    "region",
    "coverage",
    "connects_from",
    "wan_variant",
    "aux_equipment",
    "known_issues",
    "issue_resolution",
]
REQUIRED_COLUMNS = frozenset({"postcode", "region", "coverage", "wan_variant"})
MAX_REPORTED_ERRORS = 50


def normalise_postcode(text: str) -> str | None:
    """``'sw1a1aa'`` -> ``'SW1A 1AA'``; None when the text is not a UK postcode."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    match = POSTCODE_RE.match(compact)
    if not match:
        return None
    return f"{match['out']} {match['in']}"


def normalise_outcode(text: str) -> str | None:
    compact = re.sub(r"\s+", "", (text or "").upper())
    return compact if OUTCODE_RE.match(compact) else None


def postcode_area(postcode: str) -> str:
    return re.match(r"[A-Z]+", postcode).group(0)


def is_gb_postcode(postcode: str) -> bool:
    """True for a valid postcode in Great Britain (not NI, Isle of Man or the Channel Islands)."""
    normal = normalise_postcode(postcode)
    return bool(normal) and postcode_area(normal) not in NON_GB_AREAS
