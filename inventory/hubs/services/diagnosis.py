"""Returns records and CH Fault Diagnosis (F9.2, F9.9-F9.14, App I 11): silence favours the Party."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from portal.models import User

from ..choices import ReturnReason, ReturnsRecordStatus
from ..constants import DIAGNOSIS_NOTICE_DAYS, DIAGNOSIS_OBJECTION_DAYS, DIAGNOSIS_REPORT_DAYS
from ..models import Hub, ReturnsRecord
from ..transitions import returns_record_move
from .base import notify_oms, require_dcc, today_london


def returns_record_open(*, hub: Hub, reason: str, actor: User | None = None) -> ReturnsRecord:
    """Create the individual record of a returned or lost hub with the Party's stated reason (F9.2).
    Idempotent: a hub has one record. The DCC has 10 days to give notice to diagnose (F9.9)."""
    today = today_london()
    record, _ = ReturnsRecord.objects.get_or_create(
        hub=hub,
        defaults={
            "party": hub.party,
            "stated_reason": reason or ReturnReason.OTHER,
            "opened_on": today,
            "notice_due_on": today + timedelta(days=DIAGNOSIS_NOTICE_DAYS),
        },
    )
    return record


def _require_status(record: ReturnsRecord, status: str, what: str) -> None:
    if record.status != status:
        raise ValidationError(
            f"The returns record of {record.hub.chf_id} is {record.get_status_display().lower()}; {what}."
        )


def returns_record_notice(*, actor: User, record: ReturnsRecord) -> ReturnsRecord:
    """The DCC gives notice that it will diagnose (F9.9); the record shows 'further analysis is
    required' and the report is due within 35 days. Refused after the 10 days."""
    require_dcc(actor)
    _require_status(record, ReturnsRecordStatus.OPEN, "notice can only be given on an open record")
    today = today_london()
    if today > record.notice_due_on:
        raise ValidationError(
            f"The notice was due by {record.notice_due_on:%d %B %Y}; the Party's reason is deemed correct (SEC F9.9)."
        )
    with transaction.atomic(durable=True):
        return returns_record_move(
            record=record,
            to=ReturnsRecordStatus.UNDER_ANALYSIS,
            actor=actor,
            updates={"noticed_on": today, "report_due_on": today + timedelta(days=DIAGNOSIS_REPORT_DAYS)},
        )


def returns_record_report(*, actor: User, record: ReturnsRecord, determined_reason: str, report: str) -> ReturnsRecord:
    """The DCC's Fault Analysis Report (F9.12). If it agrees with the Party the record closes with that
    reason; otherwise the Party has 35 days to object through the Service Desk (App I 11.9)."""
    require_dcc(actor)
    _require_status(record, ReturnsRecordStatus.UNDER_ANALYSIS, "only a record under analysis can get a report")
    if determined_reason not in ReturnReason.values or not (report or "").strip():
        raise ValidationError("Give the determined reason (SEC F9.5) and the report.")
    today = today_london()
    if record.report_due_on is not None and today > record.report_due_on:
        raise ValidationError(
            f"The report was due by {record.report_due_on:%d %B %Y}; the Party's reason stands (SEC F9.12)."
        )
    with transaction.atomic(durable=True):
        if determined_reason == record.stated_reason:
            updates = {
                "reported_on": today,
                "determined_reason": determined_reason,
                "report": report,
                "final_reason": determined_reason,
                "outcome": "The DCC's analysis confirmed the Party's reason.",
            }
            record = returns_record_move(record=record, to=ReturnsRecordStatus.CLOSED, actor=actor, updates=updates)
        else:
            updates = {
                "reported_on": today,
                "determined_reason": determined_reason,
                "report": report,
                "objection_due_on": today + timedelta(days=DIAGNOSIS_OBJECTION_DAYS),
            }
            record = returns_record_move(
                record=record, to=ReturnsRecordStatus.REPORT_ISSUED, actor=actor, updates=updates
            )
        notify_oms(
            party=record.party,
            subject=f"Fault Analysis Report for Communications Hub {record.hub.chf_id}",
            body=report,
            url=reverse("hubs:returns-record", args=[record.pk]),
        )
    return record


def returns_record_objection(*, actor: User, record: ReturnsRecord, objection: str) -> ReturnsRecord:
    """Record the Party's objection, made through the Service Desk within 35 days (App I 11.9)."""
    require_dcc(actor)
    _require_status(record, ReturnsRecordStatus.REPORT_ISSUED, "only a reported record can be objected to")
    if not (objection or "").strip():
        raise ValidationError({"objection": "Record what the Party objects to."})
    if record.objection_due_on is not None and today_london() > record.objection_due_on:
        raise ValidationError(f"Objections were due by {record.objection_due_on:%d %B %Y} (App I 11.9).")
    with transaction.atomic(durable=True):
        return returns_record_move(
            record=record, to=ReturnsRecordStatus.DISPUTED, actor=actor, updates={"objection": objection}
        )


def returns_record_panel_decision(
    *, actor: User, record: ReturnsRecord, reason: str | None, outcome: str
) -> ReturnsRecord:
    """The Panel's decision on a disputed reason is final; if it cannot decide, the Party's reason stands (F9.14)."""
    require_dcc(actor)
    _require_status(record, ReturnsRecordStatus.DISPUTED, "only a disputed record goes to the Panel")
    if reason and reason not in ReturnReason.values:
        raise ValidationError({"reason": "Unknown reason."})
    final = reason or record.stated_reason
    with transaction.atomic(durable=True):
        return returns_record_move(
            record=record,
            to=ReturnsRecordStatus.CLOSED,
            actor=actor,
            reason="Panel decision",
            updates={
                "final_reason": final,
                "outcome": outcome or "Panel could not decide: the Party's reason stands (F9.14).",
            },
        )


def returns_records_sweep(*, today: date | None = None) -> int:
    """Apply the silence rules (beat, daily; idempotent): no notice in 10 days -> the Party's reason is
    deemed correct (F9.9); no report 35 days after notice -> it stands (F9.12); no objection 35 days
    after the report -> the DCC's analysis is deemed correct and the record is closed (App I 11.8)."""
    today = today or today_london()
    rules = [
        (
            ReturnsRecordStatus.OPEN,
            "notice_due_on",
            "stated_reason",
            "No DCC notice within 10 days: the Party's reason is deemed correct (F9.9).",
        ),
        (
            ReturnsRecordStatus.UNDER_ANALYSIS,
            "report_due_on",
            "stated_reason",
            "No report within 35 days of the notice: the Party's reason stands (F9.12).",
        ),
        (
            ReturnsRecordStatus.REPORT_ISSUED,
            "objection_due_on",
            "determined_reason",
            "No objection within 35 days: the DCC's analysis is deemed correct (App I 11.8).",
        ),
    ]
    closed = 0
    for status, due_field, reason_field, outcome in rules:
        for record in ReturnsRecord.objects.filter(status=status, **{f"{due_field}__lt": today}).select_related("hub"):
            with transaction.atomic():
                returns_record_move(
                    record=record,
                    to=ReturnsRecordStatus.CLOSED,
                    actor=None,
                    reason=outcome,
                    updates={"final_reason": getattr(record, reason_field), "outcome": outcome},
                )
            closed += 1
    return closed
