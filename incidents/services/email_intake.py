"""Inbound email to the Service Desk (§3.3 channel (ii)).

A mail is parsed for the required incident data (App AG 2.3.1), written as ``Field: value`` lines
(the template the desk publishes). When every required field is present the incident is logged;
otherwise the desk replies listing what is missing and **nothing is recorded in the Incident
Management Log until it arrives** (App AG 1.4.10(d)): the mail waits as an ``InboundEmail`` and
replies in the same thread (In-Reply-To / References) are merged into it. Automatic replies are
ignored, and a Message-ID seen before is never processed twice.
"""

import re
from dataclasses import fields as dc_fields
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import make_msgid, parseaddr, parsedate_to_datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage as DjangoEmail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from portal.exceptions import NotPermitted
from portal.services import audit

from ..choices import Channel, InboundEmailStatus, IncidentKind
from ..models import InboundEmail
from ..permissions import can_raise_incident
from .raising import REQUIRED_INCIDENT_FIELDS, IncidentInput, incident_raise, missing_fields
from .validation import AttachmentInput

# Labels a sender may use for each field (case-insensitive), beyond the field's own label.
ALIASES = {
    "contact_name": ["contact name", "name"],
    "contact_organisation": ["contact organisation", "organisation", "organization"],
    "contact_details": ["contact details", "phone", "telephone"],
    "party_reference": ["our reference", "reference", "organisation's incident reference"],
    "occurred_at": ["date and time of occurrence", "occurred at", "occurred"],
    "mpxn": ["mpxn", "mpan", "mprn"],
    "device_id": ["device id", "device"],
    "summary": ["summary", "summary of incident"],
    "business_impact": ["business impact", "impact"],
    "triage_details": ["triage", "initial triage", "results of initial triage and diagnosis", "diagnosis"],
    "proposed_category": ["category", "proposed category"],
}
_LABELS = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_LINE = re.compile(r"^\s*([A-Za-z' ]{2,60}?)\s*:\s*(.*\S)\s*$")


def _auto_submitted(msg) -> bool:
    """RFC 3834 and common vendor headers for automatic replies (django-helpdesk #163)."""
    if (msg.get("Auto-Submitted") or "no").strip().lower() != "no":
        return True
    if (msg.get("Precedence") or "").strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return True
    return bool(msg.get("X-Autoreply") or msg.get("X-Autorespond"))


def _body_text(msg) -> str:
    part = msg.get_body(preferencelist=("plain",)) if msg.is_multipart() else msg
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, KeyError):
        text = part.get_payload(decode=True).decode("utf-8", "replace")
    # Drop quoted history so the earlier reply's field list is not read again.
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def parse_fields(text: str) -> dict[str, str]:
    """``Field: value`` lines -> {model field: value}; unknown labels ignored, later lines win."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match and match[1].strip().lower() in _LABELS:
            found[_LABELS[match[1].strip().lower()]] = match[2].strip()
    return found


def _attachments(msg) -> list[AttachmentInput]:
    out = []
    for part in msg.iter_attachments():
        name = part.get_filename()
        if name:
            out.append(
                AttachmentInput(
                    name=name, content=part.get_payload(decode=True) or b"", content_type=part.get_content_type()
                )
            )
    return out


def _to_input(values: dict) -> tuple[IncidentInput, dict[str, str]]:
    """An IncidentInput from gathered strings, and problems with values that did not parse."""
    problems = {}
    data = IncidentInput(
        **{
            k: v
            for k, v in values.items()
            if k in {f.name for f in dc_fields(IncidentInput)} and k not in ("occurred_at", "proposed_category")
        }
    )
    if values.get("occurred_at"):
        moment = parse_datetime(values["occurred_at"].replace("/", "-"))
        if moment is None:
            problems["occurred_at"] = "write the date and time as 2026-11-20 14:30"
        else:
            data.occurred_at = (
                moment if timezone.is_aware(moment) else moment.replace(tzinfo=timezone.get_default_timezone())
            )
    if values.get("proposed_category"):
        digits = re.sub(r"\D", "", values["proposed_category"])
        if digits and 1 <= int(digits) <= 5:
            data.proposed_category = int(digits)
        else:
            problems["proposed_category"] = "give a category from 1 to 5"
    return data, problems


def _reply(*, to: str, subject: str, body: str, references: list[str]) -> None:
    mail = DjangoEmail(
        subject=subject if subject.lower().startswith("re:") else f"Re: {subject}",
        body=body,
        from_email=settings.INCIDENTS_SERVICE_DESK_EMAIL,
        to=[to],
        headers={
            "In-Reply-To": references[-1],
            "References": " ".join(references),
            "Message-ID": make_msgid(domain="ssi.invalid"),
            "Auto-Submitted": "auto-replied",
        },
    )
    transaction.on_commit(lambda: mail.send(fail_silently=True))


def _missing_text(missing: list[str], problems: dict[str, str]) -> str:
    lines = [f"{REQUIRED_INCIDENT_FIELDS.get(name, name)}: " for name in missing]
    lines += [f"{REQUIRED_INCIDENT_FIELDS.get(k, k)}: ({why})" for k, why in problems.items()]
    return (
        "Thank you for contacting the DCC Service Desk. We cannot log your incident yet because some "
        "required information is missing (Incident Management Policy 2.3.1). Please reply to this email "
        "with these lines completed:\n\n"
        + "\n".join(lines)
        + "\n\nNothing is recorded in the Incident Management Log until we have them."
    )


def inbound_email_process(*, raw: bytes, now: datetime | None = None) -> InboundEmail | None:
    """Process one raw RFC 5322 message. Returns the ``InboundEmail`` row, or None when it was seen before."""
    now = now or timezone.now()
    msg: EmailMessage = BytesParser(policy=policy.default).parsebytes(raw)
    message_id = (msg.get("Message-ID") or "").strip() or make_msgid(domain="unknown.invalid")
    if InboundEmail.objects.filter(message_id=message_id).exists():
        return None
    sender = parseaddr(msg.get("From") or "")[1].lower()
    subject = (msg.get("Subject") or "(no subject)").strip()[:300]
    try:
        received = parsedate_to_datetime(msg["Date"]) if msg.get("Date") else now
    except (TypeError, ValueError):
        received = now
    refs = (msg.get("References") or "").split() + (msg.get("In-Reply-To") or "").split()
    thread = (
        InboundEmail.objects.filter(thread_key__in=refs, status=InboundEmailStatus.AWAITING_INFORMATION)
        .order_by("-received_at")
        .first()
        if refs
        else None
    )
    row = InboundEmail(
        message_id=message_id,
        thread_key=thread.thread_key if thread else message_id,
        from_address=sender or "unknown@invalid",
        subject=subject,
        received_at=received,
    )
    person = get_user_model().objects.filter(email__iexact=sender, is_active=True).select_related("party").first()
    if _auto_submitted(msg) or person is None:
        row.status = InboundEmailStatus.IGNORED
        row.missing = [] if person else ["sender"]
        with transaction.atomic():
            row.save()
            if person is None and not _auto_submitted(msg) and sender:
                _reply(
                    to=sender,
                    subject=subject,
                    references=[message_id],
                    body=(
                        "The DCC Service Desk logs incidents only from the nominated individuals of DCC Users. "
                        "This address is not registered with us; please ask your organisation's SSI administrator."
                    ),
                )
        return row
    if person.party.is_user and not can_raise_incident(person):
        # Only a User's nominated individuals raise incidents (App AG 2.1, SD-07), by email as in the SSI.
        row.status, row.missing = InboundEmailStatus.IGNORED, ["sender"]
        with transaction.atomic():
            row.save()
            _reply(
                to=sender,
                subject=subject,
                references=[message_id],
                body=(
                    "The DCC Service Desk logs incidents only from the nominated individuals of DCC Users, and "
                    "you are not one of your organisation's. Please ask your SSI administrator."
                ),
            )
        return row
    gathered = {**(thread.fields if thread else {}), **parse_fields(_body_text(msg))}
    gathered.setdefault("contact_name", person.full_name)
    gathered.setdefault("contact_organisation", person.party.name)
    gathered.setdefault("contact_details", person.email)
    gathered.setdefault("summary", subject if not thread else thread.subject)
    data, problems = _to_input(gathered)
    missing = [m for m in missing_fields(data) if m not in problems]
    row.fields = gathered
    try:
        with transaction.atomic():
            if thread:
                InboundEmail.objects.filter(pk=thread.pk).update(status=InboundEmailStatus.IGNORED, missing=[])
            if missing or problems:
                row.status, row.missing = InboundEmailStatus.AWAITING_INFORMATION, missing + list(problems)
                row.save()
                _reply(
                    to=sender,
                    subject=subject,
                    references=[row.thread_key, message_id],
                    body=_missing_text(missing, problems),
                )
                return row
            incident = incident_raise(
                actor=None,
                data=data,
                channel=Channel.EMAIL,
                kind=IncidentKind.INCIDENT,
                party=person.party,
                raised_by=person,
                attachments=_attachments(msg),
                now=now,
            )
            row.status, row.incident, row.missing = InboundEmailStatus.LOGGED, incident, []
            row.save()
            audit.record(
                action="incident.email_logged", target=incident, party=person.party, after={"message_id": message_id}
            )
            _reply(
                to=sender,
                subject=subject,
                references=[row.thread_key, message_id],
                body=(
                    f"We have logged your incident as {incident.reference} (category {incident.category} proposed). "
                    "Follow it on the Self-Service Interface."
                ),
            )
    except ValidationError as exc:
        row.status, row.missing = InboundEmailStatus.AWAITING_INFORMATION, sorted(exc.message_dict)
        with transaction.atomic():
            row.save()
            body = "We could not log your incident:\n\n" + "\n".join(
                f"- {REQUIRED_INCIDENT_FIELDS.get(k, k)}: {' '.join(v)}" for k, v in exc.message_dict.items()
            )
            _reply(to=sender, subject=subject, references=[row.thread_key, message_id], body=body)
    except NotPermitted as exc:
        row.status, row.missing = InboundEmailStatus.IGNORED, ["sender"]
        with transaction.atomic():
            row.save()
            _reply(to=sender, subject=subject, references=[row.thread_key, message_id], body=exc.message)
    except IntegrityError:
        return None
    return row
