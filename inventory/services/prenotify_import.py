"""Bulk pre-notification from a CSV file (SR 12.2 semantics, §3), run as a background Job.

Every row is validated first (EUI-64 format, Device Type, CPL model current and of the right
type, duplicates in the file and in the SMI), then - unless it is a dry run - all valid rows are
inserted in one transaction with bulk inserts. ``strict`` imports nothing if any row is bad;
``skip_duplicates`` skips Devices already in the SMI (or repeated in the file) and imports the
rest, but still nothing if any other row is bad. Nothing is ever half-imported.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cpl.choices import CPLStatus
from cpl.models import DeviceModel
from portal.enqueue import enqueue_on_commit
from portal.exceptions import NotPermitted
from portal.models import Job, User
from portal.services import audit
from portal.services.jobs import job_create, job_fail, job_progress, job_start, job_succeed

from ..choices import (
    CPL_TYPE_FOR,
    HUB_TYPES,
    TYPE2_TYPES,
    DeviceType,
    EsmeVariant,
    PrenotifyImportMode,
    SMIStatus,
    Trigger,
)
from ..exceptions import ImportFileInvalid
from ..identifiers import normalise_postcode, normalise_uprn
from ..models import Device, DeviceAccess, StatusChange
from ..permissions import can_prenotify
from .csvfiles import check_header, count_rows, errors_csv, iter_rows, read_text
from .devices import prenotifying_role

JOB_KIND = "inventory.prenotify_csv"
REQUIRED = ("device_id", "device_type")
OPTIONAL = (
    "manufacturer_id",
    "model_id",
    "hardware_version",
    "firmware_version",
    "esme_variant",
    "uprn",
    "postcode",
    "address_line",
    "description",
)
_DEVICE_TYPES = frozenset(DeviceType.values)
_ESME_VARIANTS = frozenset(EsmeVariant.values)
_EUI64 = re.compile(r"^[0-9A-Fa-f]{2}([-:]?[0-9A-Fa-f]{2}){7}$")
_RESERVED = {"0000000000000000", "FFFFFFFFFFFFFFFF"}


@dataclass(slots=True)
class NewDevice:
    """A validated row, cheaper than a model instance (the import builds up to 200,000 of them)."""

    device_id: str
    device_type: str
    device_model_id: int | None
    type2_description: str
    smi_status: str | None
    status_changed_at: datetime
    pending_since: datetime | None
    prenotified_by_party_id: int
    prenotified_by_role: str
    prenotified_by_id: int
    esme_variant: str
    uprn: str
    postcode: str
    address_line: str
    description: str

    def as_model(self) -> Device:
        return Device(**{f: getattr(self, f) for f in self.__slots__})


@dataclass
class PrenotifyReport:
    rows: int = 0
    valid: list[NewDevice] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    imported: int = 0

    def as_result(self, mode: str) -> dict:
        return {
            "mode": mode,
            "rows": self.rows,
            "valid": len(self.valid),
            "imported": self.imported,
            "duplicates": len(self.duplicates),
            "errors": len(self.errors),
            "first_errors": (self.errors + self.duplicates)[:100],
        }


def _canonical_eui64(text: str) -> str | None:
    if not _EUI64.match(text):
        return None
    digits = re.sub(r"[-:]", "", text).upper()
    if digits in _RESERVED:
        return None
    return "-".join(digits[i : i + 2] for i in range(0, 16, 2))


class _Validator:
    """Validates rows against the CPL (loaded once) and builds unsaved Devices."""

    def __init__(self, *, actor: User, role: str):
        self.actor, self.role, self.now = actor, role, timezone.now()
        self.models = {
            (m.manufacturer_id, m.model_id, m.hardware_version, m.firmware_version): m
            for m in DeviceModel.objects.all()
        }

    def _model(self, row: dict, device_type: str, errors: list) -> DeviceModel | None:
        key = (
            row.get("manufacturer_id", "").upper(),
            row.get("model_id", "").upper(),
            row.get("hardware_version", ""),
            row.get("firmware_version", ""),
        )
        if device_type in TYPE2_TYPES:
            if any(key):
                errors.append(
                    (
                        "manufacturer_id",
                        "type2_model",
                        "Type 2 Devices are never on the CPL; leave the model columns empty (App AC 2.9).",
                    )
                )
            return None
        if not all(key):
            errors.append(
                (
                    "model_id",
                    "model_required",
                    "Meters and Type 1 Devices need manufacturer_id, model_id, hardware_version and firmware_version.",
                )
            )
            return None
        model = self.models.get(key)
        if model is None:
            errors.append(("model_id", "model_unknown", f"No CPL entry {'/'.join(key)}."))
        elif model.device_type != CPL_TYPE_FOR[device_type]:
            errors.append(("model_id", "model_wrong_type", f"The CPL entry is a {model.device_type} model."))
        elif model.status != CPLStatus.CURRENT:
            # 7.1.1.6.2: pre-notification needs the model on the CPL with status 'current'.
            errors.append(("model_id", "model_not_current", "The CPL entry is removed, not current."))
        return model

    def build(self, number: int, row: dict) -> tuple["NewDevice | None", list[dict]]:
        problems: list[tuple[str, str, str]] = []
        if row.get("__extra__"):
            problems.append(("", "extra_values", "The row has more values than the header has columns."))
        device_id = _canonical_eui64(row["device_id"])
        if device_id is None:
            problems.append(
                (
                    "device_id",
                    "invalid_eui64",
                    f"{row['device_id'][:30] or 'An empty value'} is not an "
                    "EUI-64 (eight hex octets, e.g. 00-DB-12-34-56-78-9A-BC).",
                )
            )
        device_type = row["device_type"].upper()
        model = None
        if device_type in HUB_TYPES:
            problems.append(("device_type", "hub_not_prenotifiable", "Users never pre-notify CHF/GPF (AC 2.5)."))
        elif device_type not in _DEVICE_TYPES:
            problems.append(
                (
                    "device_type",
                    "invalid_device_type",
                    f"{row['device_type'][:20] or 'An empty value'} "
                    "is not a Device Type (ESME, GSME, PPMID, HCALCS, IHD, CAD).",
                )
            )
        else:
            model = self._model(row, device_type, problems)
        variant = row.get("esme_variant", "").lower()
        if variant and (device_type != DeviceType.ESME or variant not in _ESME_VARIANTS):
            problems.append(
                (
                    "esme_variant",
                    "invalid_esme_variant",
                    "esme_variant is single, twin or polyphase, for an ESME only.",
                )
            )
        postcode = uprn = ""
        try:
            postcode = normalise_postcode(row.get("postcode", ""))
        except ValidationError as exc:
            problems.append(("postcode", "invalid_postcode", exc.messages[0]))
        try:
            uprn = normalise_uprn(row.get("uprn", ""))
        except ValidationError as exc:
            problems.append(("uprn", "invalid_uprn", exc.messages[0]))
        if problems:
            return None, [
                {"line": number, "device_id": row["device_id"][:30], "column": c, "code": code, "message": m}
                for c, code, m in problems
            ]
        type2 = device_type in TYPE2_TYPES
        assert device_id is not None  # an unreadable Device ID is a problem above
        return NewDevice(
            device_id=device_id,
            device_type=device_type,
            device_model_id=model.pk if model else None,
            type2_description=row.get("description", "")[:200] if type2 else "",
            smi_status=None if type2 else SMIStatus.PENDING,
            status_changed_at=self.now,
            pending_since=None if type2 else self.now,
            prenotified_by_party_id=self.actor.party_id,
            prenotified_by_role=self.role,
            prenotified_by_id=self.actor.pk,
            esme_variant=variant,
            uprn=uprn,
            postcode=postcode,
            address_line=row.get("address_line", "")[:200],
            description=row.get("description", "")[:200],
        ), []


def _existing_ids(device_ids: list[str]) -> set[str]:
    """Which of these canonical Device IDs are in the SMI already (one indexed query)."""
    from django.db import connection

    if not device_ids:
        return set()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The table name is our model's, never input; values are bound parameters.
            cursor.execute(f"SELECT device_id FROM {Device._meta.db_table} WHERE device_id = ANY(%s)", [device_ids])  # noqa: S608
            return {row[0] for row in cursor.fetchall()}
    return set(Device.objects.filter(device_id__in=device_ids).values_list("device_id", flat=True))


def prenotify_rows(*, actor: User, rows, mode: str, role: str | None = None, progress=None) -> PrenotifyReport:
    """Validate (and unless ``mode`` is dry run, import) pre-notification rows ``(line, dict)``.

    Returns a :class:`PrenotifyReport`. ``progress(done)`` is called every batch. Audit (when
    something is imported): one ``inventory.devices_prenotified`` event with the count.
    """
    if not can_prenotify(actor):
        raise NotPermitted("You may not pre-notify Devices.", code="inventory.not_permitted")
    validator = _Validator(actor=actor, role=prenotifying_role(party=actor.party, role=role))
    report = PrenotifyReport()
    seen: set[str] = set()
    pending: list[tuple[int, NewDevice]] = []
    batch = settings.INVENTORY_IMPORT_BATCH

    def flush():
        taken = _existing_ids([d.device_id for _, d in pending])
        for number, device in pending:
            if device.device_id in taken:
                report.duplicates.append(
                    {
                        "line": number,
                        "device_id": device.device_id,
                        "column": "device_id",
                        "code": "duplicate",
                        "message": "Already in the Smart Metering Inventory.",
                    }
                )
            else:
                report.valid.append(device)
        pending.clear()

    for number, row in rows:
        report.rows += 1
        device, problems = validator.build(number, row)
        if device is None:
            report.errors.extend(problems)
        elif device.device_id in seen:
            report.duplicates.append(
                {
                    "line": number,
                    "device_id": device.device_id,
                    "column": "device_id",
                    "code": "duplicate_in_file",
                    "message": "Repeats an earlier row of the file.",
                }
            )
        else:
            seen.add(device.device_id)
            pending.append((number, device))
        if len(pending) >= batch:
            flush()
        if progress and report.rows % batch == 0:
            progress(report.rows)
    flush()
    blocked = report.errors or (report.duplicates and mode == PrenotifyImportMode.STRICT)
    if mode != PrenotifyImportMode.DRY_RUN and not blocked and report.valid:
        _insert(actor=actor, devices=report.valid, progress=progress, offset=report.rows)
        report.imported = len(report.valid)
    return report


_COPY_COLUMNS = (
    "device_id",
    "device_type",
    "device_model_id",
    "type2_description",
    "smi_status",
    "status_before_suspension",
    "status_before_recovery",
    "status_changed_at",
    "pending_since",
    "prenotified_by_party_id",
    "prenotified_by_role",
    "prenotified_by_id",
    "esme_variant",
    "region",
    "wan_variant",
    "han_variant",
    "uprn",
    "postcode",
    "address_line",
    "description",
    "created_at",
    "updated_at",
)


def _text(value: str) -> str:
    """COPY text-format escaping of a user-supplied string."""
    if not value:
        return ""
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _copy(cursor, table: str, columns, lines) -> None:
    import io

    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO("".join(lines)))


def _insert_postgresql(chunk: list[NewDevice], actor: User) -> None:
    """COPY the chunk and its history and access rows (PostgreSQL): ~10x the speed of INSERTs."""
    from django.db import connection

    now = timezone.now().isoformat()
    stamp = chunk[0].status_changed_at.isoformat()
    party, person, null = actor.party_id, actor.pk, "\\N"
    lines = []
    for d in chunk:
        status = d.smi_status or null
        pending = stamp if d.pending_since else null
        model = d.device_model_id if d.device_model_id is not None else null
        lines.append(
            f"{d.device_id}\t{d.device_type}\t{model}\t{_text(d.type2_description)}\t{status}\t\t\t"
            f"{stamp}\t{pending}\t{party}\t{d.prenotified_by_role}\t{person}\t{d.esme_variant}\t\t\t\t"
            f"{_text(d.uprn)}\t{_text(d.postcode)}\t{_text(d.address_line)}\t{_text(d.description)}\t"
            f"{now}\t{now}\n"
        )
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        _copy(cursor, Device._meta.db_table, _COPY_COLUMNS, lines)
        cursor.execute(
            f"SELECT device_id, id FROM {Device._meta.db_table} WHERE device_id = ANY(%s)",  # noqa: S608
            [[d.device_id for d in chunk]],
        )
        ids = dict(cursor.fetchall())
        _copy(
            cursor,
            StatusChange._meta.db_table,
            (
                "device_id",
                "from_status",
                "to_status",
                "trigger",
                "rule",
                "reason",
                "actor_id",
                "actor_party_id",
                "occurred_at",
            ),
            [
                f"{ids[d.device_id]}\t\t{d.smi_status or ''}\t{Trigger.SR_12_2.value}\t{1 if d.smi_status else 3}\t"
                f"Pre-notified by CSV\t{person}\t{party}\t{stamp}\n"
                for d in chunk
            ],
        )
        _copy(
            cursor,
            DeviceAccess._meta.db_table,
            ("party_id", "device_id", "smi_status", "device_model_id"),
            [
                f"{party}\t{ids[d.device_id]}\t{d.smi_status or null}\t"
                f"{d.device_model_id if d.device_model_id is not None else null}\n"
                for d in chunk
            ],
        )


def _insert_orm(rows: list[NewDevice], actor: User) -> None:
    chunk = Device.objects.bulk_create([d.as_model() for d in rows])
    if chunk and chunk[0].pk is None:  # databases that cannot return ids
        ids = {
            d.device_id: d.pk
            for d in Device.objects.filter(device_id__in=[d.device_id for d in chunk]).only("pk", "device_id")
        }
        for d in chunk:
            d.pk = ids[d.device_id]
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                device_id=d.pk,
                from_status="",
                to_status=d.smi_status or "",
                trigger=Trigger.SR_12_2,
                rule=3 if d.smi_status is None else 1,
                reason="Pre-notified by CSV",
                actor=actor,
                actor_party=actor.party,
                occurred_at=row.status_changed_at,
            )
            for d, row in zip(chunk, rows, strict=True)
        ]
    )
    DeviceAccess.objects.bulk_create([DeviceAccess.for_device(party_id=actor.party_id, device=d) for d in chunk])


def _insert(*, actor: User, devices: list[NewDevice], progress, offset: int) -> None:
    """Insert validated Devices, their entry history (rows 1/3) and the pre-notifier's access, atomically."""
    from django.db import connection

    size = settings.INVENTORY_IMPORT_BATCH
    insert = _insert_postgresql if connection.vendor == "postgresql" else _insert_orm
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The job's own "succeeded" commit right after is synchronous and flushes this WAL too, so a
            # crash can never leave a job marked done without its Devices; meanwhile the import does not
            # wait on its own flush.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        for start in range(0, len(devices), size):
            chunk = devices[start : start + size]
            insert(chunk, actor)
            if progress:
                progress(offset + start + len(chunk))
        audit.record(
            action="inventory.devices_prenotified",
            actor=actor,
            target_type="inventory.device",
            target_id=devices[0].device_id,
            target_label=f"{len(devices)} Devices by CSV",
            after={"count": len(devices), "first": devices[0].device_id, "last": devices[-1].device_id},
        )


def prenotify_import_start(*, actor: User, uploaded_file, mode: str, role: str | None = None) -> Job:
    """Check a pre-notification CSV (encoding, header, size) and queue it as a Job.

    Raises ``ImportFileInvalid`` (nothing created) if the file cannot be read or its header is
    wrong, ``NotPermitted`` if the actor may not pre-notify.
    """
    if not can_prenotify(actor):
        raise NotPermitted("You may not pre-notify Devices.", code="inventory.not_permitted")
    if mode not in PrenotifyImportMode.values:
        raise ImportFileInvalid(f"{mode} is not an import mode.", code="inventory.import_bad_mode")
    role = prenotifying_role(party=actor.party, role=role)
    data = uploaded_file.read()
    text = read_text(data)
    check_header(text, required=REQUIRED, optional=OPTIONAL)
    rows = count_rows(text)
    if rows > settings.INVENTORY_IMPORT_MAX_ROWS:
        raise ImportFileInvalid(
            f"The file has {rows} rows; the most one file may hold is {settings.INVENTORY_IMPORT_MAX_ROWS}.",
            code="inventory.import_too_many_rows",
        )
    label = PrenotifyImportMode(mode).label.split(":")[0]
    with transaction.atomic():
        job = job_create(
            actor=actor,
            kind=JOB_KIND,
            title=f"Pre-notification {label.lower()}: {uploaded_file.name}"[:200],
            params={"mode": mode, "role": role, "filename": uploaded_file.name[:120]},
            total=rows * (1 if mode == PrenotifyImportMode.DRY_RUN else 2),
            input_file=ContentFile(data, name=uploaded_file.name[-80:]),
        )
        enqueue_on_commit("inventory.tasks.prenotify_import_run", job_id=job.pk)
    return job


def prenotify_import_run(*, job: Job) -> Job:
    """The job body: validate, import per mode, write the result and the error file."""
    if not job_start(job=job):
        return job
    actor, mode = job.created_by, job.params["mode"]
    assert actor is not None  # an import job is started by a person
    try:
        text = read_text(job.input_file.open("rb").read())
        header = check_header(text, required=REQUIRED, optional=OPTIONAL)
        report = prenotify_rows(
            actor=actor,
            rows=iter_rows(text, header),
            mode=mode,
            role=job.params.get("role"),
            progress=lambda done: job_progress(job=job, done=done),
        )
    except (ImportFileInvalid, NotPermitted) as exc:
        return job_fail(job=job, error=exc.message)
    problems = sorted(report.errors + report.duplicates, key=lambda e: e["line"])
    result = report.as_result(mode)
    result["outcome"] = _outcome(report, mode)
    return job_succeed(
        job=job,
        result=result,
        result_url=f"/inventory/imports/{job.pk}/",
        result_file=ContentFile(errors_csv(problems), name=f"prenotify-errors-{job.pk}.csv") if problems else None,
    )


def _outcome(report: PrenotifyReport, mode: str) -> str:
    if mode == PrenotifyImportMode.DRY_RUN:
        bad = len(report.errors) + len(report.duplicates)
        return f"Dry run: {len(report.valid)} of {report.rows} rows would be imported; {bad} need attention."
    if report.imported:
        skipped = f", {len(report.duplicates)} duplicates skipped" if report.duplicates else ""
        return f"Imported {report.imported} Devices as Pending{skipped}."
    if not report.rows:
        return "The file has no data rows; nothing was imported."
    return "Nothing was imported: fix the rows listed in the error file and upload again."
