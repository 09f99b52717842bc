"""Registration Data writes: MPxNs, registrations over time, and the RDP file import (§7)."""

from datetime import UTC, datetime, time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from portal.choices import UserRole
from portal.enqueue import enqueue_on_commit
from portal.exceptions import ApplicationError, NotPermitted
from portal.models import Job, Party, PartyUserRole, User
from portal.services import audit
from portal.services.jobs import job_create, job_fail, job_progress, job_start, job_succeed

from ..choices import EnergyDirection, Fuel
from ..exceptions import ImportFileInvalid
from ..identifiers import classify_mpxn, normalise_postcode, normalise_uprn
from ..models import Device, MeterPoint, MeterPointLink, Registration
from ..permissions import can_import_registrations
from .access import device_access_refresh
from .csvfiles import check_header, count_rows, errors_csv, iter_rows, read_text

ELECTRICITY_ROLES = {
    UserRole.IMPORT_SUPPLIER,
    UserRole.EXPORT_SUPPLIER,
    UserRole.ELECTRICITY_DISTRIBUTOR,
    UserRole.REGISTERED_SUPPLIER_AGENT,
}
GAS_ROLES = {UserRole.GAS_SUPPLIER, UserRole.GAS_TRANSPORTER, UserRole.REGISTERED_SUPPLIER_AGENT}
IMPORT_JOB = "inventory.registration_import"
RDP_REQUIRED = ("mpxn", "role", "party", "effective_from")
RDP_OPTIONAL = ("effective_to", "direction", "uprn", "postcode", "address_line")


def meter_point_upsert(
    *, mpxn: str, direction: str = EnergyDirection.IMPORT, uprn: str = "", postcode: str = "", address_line: str = ""
) -> MeterPoint:
    """Create or update an MPxN from Registration Data. MPAN check digit and MPRN length are validated."""
    fuel, mpxn = classify_mpxn(mpxn)
    if fuel == Fuel.GAS and direction == EnergyDirection.EXPORT:
        raise ValidationError("Gas Meter Points have no export direction.", code="invalid_direction")
    if direction not in EnergyDirection.values:
        raise ValidationError(f"{direction} is not a direction (import or export).", code="invalid_direction")
    defaults = {
        "fuel": fuel,
        "direction": direction,
        "uprn": normalise_uprn(uprn),
        "postcode": normalise_postcode(postcode),
        "address_line": address_line.strip()[:200],
    }
    point, _ = MeterPoint.objects.update_or_create(mpxn=mpxn, defaults=defaults)
    return point


def _check_role(point: MeterPoint, role: str, party: Party) -> None:
    allowed = ELECTRICITY_ROLES if point.fuel == Fuel.ELECTRICITY else GAS_ROLES
    if role not in allowed:
        raise ApplicationError(
            f"{role} is not a registration role for a {point.fuel} Meter Point.", code="inventory.role_not_for_fuel"
        )
    if not PartyUserRole.objects.filter(party=party, role=role).exists():
        raise ApplicationError(f"{party} does not hold the User Role {role}.", code="inventory.role_not_held")


def registration_record(
    *,
    meter_point: MeterPoint,
    role: str,
    party: Party,
    effective_from: datetime,
    effective_to: datetime | None = None,
    source: str = "",
    actor: User | None = None,
) -> Registration:
    """Record that ``party`` is (or will be) Registered for ``meter_point`` as ``role`` from ``effective_from``.

    A registration open at ``effective_from`` for the same role ends there (change of supplier);
    a repeated record with the same start replaces it (re-sent RDP files are idempotent). The
    Devices of affected Smart Metering Systems get their visibility recomputed. Audit:
    ``inventory.registration_recorded``.
    """
    _check_role(meter_point, role, party)
    if effective_to is not None and effective_to <= effective_from:
        raise ValidationError("The registration must end after it starts.", code="invalid_period")
    with transaction.atomic():
        Registration.objects.filter(meter_point=meter_point, role=role, effective_from__lt=effective_from).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gt=effective_from)
        ).update(effective_to=effective_from)
        reg, created = Registration.objects.update_or_create(
            meter_point=meter_point,
            role=role,
            effective_from=effective_from,
            defaults={"party": party, "effective_to": effective_to, "source": source[:60]},
        )
        devices = list(MeterPointLink.objects.filter(meter_point=meter_point).values_list("device_id", flat=True))
        if devices:
            device_access_refresh(devices=devices)
        audit.record(
            action="inventory.registration_recorded",
            actor=actor if getattr(actor, "pk", None) else None,
            target=reg,
            party=None,
            after={
                "mpxn": meter_point.mpxn,
                "role": role,
                "party": party.code,
                "from": effective_from.isoformat(),
                "to": effective_to.isoformat() if effective_to else None,
                "replaced": not created,
            },
        )
    return reg


def _parse_moment(text: str, column: str) -> datetime | None:
    if not text:
        return None
    try:
        moment = parse_datetime(text)
        day = parse_date(text) if moment is None else None
    except ValueError:  # well-formed but impossible, e.g. month 13
        moment = day = None
    if moment is None:
        if day is None:
            raise ValidationError(f"{column}: {text[:30]} is not a date (YYYY-MM-DD).", code="invalid_date")
        moment = datetime.combine(day, time.min)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _resolve_party(text: str, cache: dict) -> Party:
    if text not in cache:
        party = Party.objects.filter(Q(code=text) | Q(user_roles__user_id=text.upper())).distinct().first()
        cache[text] = party
    if cache[text] is None:
        raise ValidationError(f"party: no Party has the code or User ID {text[:40]}.", code="unknown_party")
    return cache[text]


def registration_import_start(*, actor: User, uploaded_file) -> Job:
    """Check an RDP Registration Data file (encoding, header) and queue its import as a Job.

    Raises ``ImportFileInvalid`` at once, creating nothing, if the file cannot be read.
    """
    if not can_import_registrations(actor):
        raise NotPermitted("Only DCC staff load Registration Data files.", code="inventory.not_permitted")
    data = uploaded_file.read()
    text = read_text(data)
    check_header(text, required=RDP_REQUIRED, optional=RDP_OPTIONAL)
    with transaction.atomic():
        job = job_create(
            actor=actor,
            kind=IMPORT_JOB,
            title=f"Registration Data file {uploaded_file.name}"[:200],
            total=count_rows(text),
            input_file=ContentFile(data, name=uploaded_file.name[-80:]),
        )
        enqueue_on_commit("inventory.tasks.registration_import_run", job_id=job.pk)
    return job


def registration_import_run(*, job: Job) -> Job:
    """Apply an RDP file record by record (§7: record-level validation and update).

    Valid records are applied; invalid ones are reported with their line and reason in the
    job result and its downloadable error file. Idempotent: re-applying a record replaces it.
    """
    if not job_start(job=job):
        return job
    try:
        text = read_text(job.input_file.open("rb").read())
        header = check_header(text, required=RDP_REQUIRED, optional=RDP_OPTIONAL)
    except ImportFileInvalid as exc:
        return job_fail(job=job, error=exc.message)
    parties: dict = {}
    errors, applied = [], 0
    for number, row in iter_rows(text, header):
        try:
            with transaction.atomic():
                _apply_rdp_row(row, parties, job)
            applied += 1
        except (ValidationError, ApplicationError) as exc:
            message = exc.message if isinstance(exc, ApplicationError) else "; ".join(exc.messages)
            errors.append(
                {"line": number, "device_id": row.get("mpxn", ""), "column": "", "code": "invalid", "message": message}
            )
        if number % 200 == 0:
            job_progress(job=job, done=number - 1)
    result = {"applied": applied, "errors": len(errors), "first_errors": errors[:100]}
    return job_succeed(
        job=job,
        result=result,
        result_file=ContentFile(errors_csv(errors), name=f"registration-errors-{job.pk}.csv") if errors else None,
    )


def _apply_rdp_row(row: dict, parties: dict, job: Job) -> None:
    if row.get("__extra__"):
        raise ValidationError("The row has more values than the header has columns.")
    point = meter_point_upsert(
        mpxn=row["mpxn"],
        direction=(row.get("direction") or "import").lower(),
        uprn=row.get("uprn", ""),
        postcode=row.get("postcode", ""),
        address_line=row.get("address_line", ""),
    )
    role = row["role"].strip().upper()
    if role not in UserRole.values or role in (UserRole.DCC, UserRole.OTHER_USER):
        raise ValidationError(f"role: {row['role'][:20]} is not a registration role (EIS, EES, GIS, ENO, GNO, SNA).")
    start = _parse_moment(row["effective_from"], "effective_from")
    if start is None:
        raise ValidationError("effective_from is required.")
    registration_record(
        meter_point=point,
        role=role,
        party=_resolve_party(row["party"], parties),
        effective_from=start,
        effective_to=_parse_moment(row.get("effective_to", ""), "effective_to"),
        source=f"job {job.pk}",
        actor=job.created_by,
    )


def devices_of_meter_point(meter_point: MeterPoint) -> list[Device]:
    return list(Device.objects.filter(meter_point_links__meter_point=meter_point))
