"""Input checks shared by the raising services: identifiers, attachments and links."""

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from portal.identifiers import normalise_eui64

from ..choices import LinkKind

# MPAN core: 13 digits; MPRN: 6 to 10 digits (sec-requirements §14: Registration Data keys).
MPXN_PATTERN = re.compile(r"^(\d{13}|\d{6,10})$")
# Service Request IDs: originator-EUI64:target-EUI64:counter (ARCHITECTURE §5).
_SR_PATTERN = re.compile(r"^([0-9A-Fa-f:-]{16,23}):([0-9A-Fa-f:-]{16,23}):(\d{1,20})$")
INCIDENT_REF_PATTERN = re.compile(r"^(?:INC-?)?0*(\d{1,9})$", re.IGNORECASE)


def normalise_mpxn(value: str) -> str:
    text = re.sub(r"\s+", "", value or "")
    if not MPXN_PATTERN.match(text):
        raise ValidationError(
            "%(value)s is not an MPxN: an MPAN core has 13 digits, an MPRN 6 to 10.",
            code="invalid_mpxn",
            params={"value": (value or "")[:30] or "An empty value"},
        )
    return text


def normalise_request_id(value: str) -> str:
    """``originator:target:counter`` with both EUI-64s canonical."""
    match = _SR_PATTERN.match((value or "").strip())
    if not match:
        raise ValidationError(
            "%(value)s is not a Service Request ID: expected originator-EUI64:target-EUI64:counter.",
            code="invalid_request_id",
            params={"value": (value or "")[:60] or "An empty value"},
        )
    return f"{normalise_eui64(match[1])}:{normalise_eui64(match[2])}:{int(match[3])}"


def parse_incident_reference(value: str) -> int | None:
    match = INCIDENT_REF_PATTERN.match((value or "").strip())
    return int(match[1]) if match else None


def normalise_link(kind: str, value: str) -> str:
    """The canonical identifier of a link, or ``ValidationError``."""
    if kind == LinkKind.DEVICE:
        return normalise_eui64(value)
    if kind == LinkKind.MPXN:
        return normalise_mpxn(value)
    if kind == LinkKind.SERVICE_REQUEST:
        return normalise_request_id(value)
    if kind == LinkKind.INCIDENT:
        pk = parse_incident_reference(value)
        if pk is None:
            raise ValidationError(
                "%(value)s is not an incident reference such as INC-000123.",
                code="invalid_incident_ref",
                params={"value": (value or "")[:30]},
            )
        return f"INC-{pk:06d}"
    raise ValidationError("Unknown link kind %(kind)s.", code="invalid_link_kind", params={"kind": kind})


@dataclass(frozen=True)
class AttachmentInput:
    """An uploaded file, already read: name, bytes and the browser's content type."""

    name: str
    content: bytes
    content_type: str = "application/octet-stream"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def check_attachments(files: list[AttachmentInput]) -> None:
    """Size, type and count limits (``INCIDENTS_ATTACHMENT_*``); raises before anything is written."""
    errors = []
    if len(files) > settings.INCIDENTS_ATTACHMENT_MAX_FILES:
        errors.append(
            ValidationError(
                f"At most {settings.INCIDENTS_ATTACHMENT_MAX_FILES} files may be attached.", code="too_many_files"
            )
        )
    allowed = {e.lower().lstrip(".") for e in settings.INCIDENTS_ATTACHMENT_EXTENSIONS}
    limit = settings.INCIDENTS_ATTACHMENT_MAX_BYTES
    for f in files:
        ext = f.name.rsplit(".", 1)[-1].lower() if "." in f.name else ""
        if ext not in allowed:
            errors.append(
                ValidationError(
                    f"{f.name}: files of type .{ext or '(none)'} are not accepted; "
                    f"allowed: {', '.join(sorted(allowed))}.",
                    code="forbidden_type",
                )
            )
        if len(f.content) > limit:
            errors.append(
                ValidationError(
                    f"{f.name} is too large ({filesizeformat(len(f.content))}); the limit is {filesizeformat(limit)}.",
                    code="too_large",
                )
            )
        if not f.content:
            errors.append(ValidationError(f"{f.name} is empty.", code="empty_file"))
    if errors:
        raise ValidationError({"attachments": errors})


def required_text(value: str, field: str, message: str) -> str:
    """The stripped text, or a ValidationError on ``field`` saying ``message`` when it is empty."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: [message]})
    return text
