"""Writes of WAN coverage: dataset import from CSV and recorded coverage checks."""

import csv
import io
import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.enqueue import enqueue_on_commit
from portal.exceptions import NotPermitted
from portal.models import Job, User
from portal.services import audit
from portal.services.jobs import job_create, job_fail, job_progress, job_start, job_succeed

from .choices import AuxEquipment, CoverageState, DatasetStatus, LookupKind, Region, WanVariant
from .constants import CSV_COLUMNS, MAX_REPORTED_ERRORS, REQUIRED_COLUMNS, normalise_postcode
from .models import CoverageCheck, CoverageDataset, CoveragePremises
from .permissions import can_check_coverage, can_manage_coverage
from .selectors import CoverageQueryError, coverage_answer, normalise_query
from .transitions import dataset_supersede

BATCH = 2000
IMPORT_JOB = "coverage.dataset_import"


@dataclass
class ParsedRow:
    line: int
    values: dict


def _parse_row(line: int, raw: dict, horizon: date) -> tuple[dict | None, list[str]]:
    errors = []
    get = lambda name: (raw.get(name) or "").strip()  # noqa: E731
    postcode = normalise_postcode(get("postcode")) or ""
    if not postcode:
        errors.append(f"line {line}: postcode '{get('postcode')}' is not a valid UK postcode")
    uprn = get("uprn")
    if uprn and (not uprn.isdigit() or len(uprn) > 12):
        errors.append(f"line {line}: UPRN '{uprn}' must be up to 12 digits")
    region = get("region").lower()
    if region not in Region.values:
        errors.append(f"line {line}: region '{get('region')}' must be one of {', '.join(Region.values)}")
    state = get("coverage").lower()
    if state not in CoverageState.values:
        errors.append(f"line {line}: coverage '{get('coverage')}' must be one of {', '.join(CoverageState.values)}")
    connects_from = None
    if get("connects_from"):
        try:
            connects_from = date.fromisoformat(get("connects_from"))
        except ValueError:
            errors.append(f"line {line}: connects_from '{get('connects_from')}' is not a date (YYYY-MM-DD)")
    # H8.16(f)(i)(B): a date is given exactly when the CHF is expected to connect from a date
    # before the horizon; (A) and (C) carry none.
    if (
        state == CoverageState.CONNECTS_FROM
        and connects_from is None
        and not any("connects_from" in e for e in errors)
    ):
        errors.append(f"line {line}: coverage 'connects_from' needs a connects_from date")
    if state in (CoverageState.CONNECTS, CoverageState.NOT_CONFIRMED) and connects_from is not None:
        errors.append(f"line {line}: only coverage 'connects_from' may carry a connects_from date")
    if connects_from and connects_from >= horizon:
        errors.append(
            f"line {line}: connects_from {connects_from} is not before the dataset horizon {horizon}; use "
            "'not_confirmed'"
        )
    wan = get("wan_variant").lower()
    if wan not in WanVariant.values:
        errors.append(f"line {line}: wan_variant '{get('wan_variant')}' must be one of {', '.join(WanVariant.values)}")
    aux = get("aux_equipment").lower()
    if aux not in AuxEquipment.values:
        errors.append(
            f"line {line}: aux_equipment '{get('aux_equipment')}' must be empty or one of "
            f"{', '.join(v for v in AuxEquipment.values if v)}"
        )
    if errors:
        return None, errors
    return {
        "postcode": postcode,
        "outcode": postcode.split(" ")[0],
        "uprn": int(uprn) if uprn else None,
        "premises": get("premises")[:200],
        "region": region,
        "state": state,
        "connects_from": connects_from,
        "wan_variant": wan,
        "aux_equipment": aux,
        "known_issues": get("known_issues"),
        "issue_resolution": get("issue_resolution"),
    }, []


def _read_csv(content: bytes | str, horizon: date, progress=None) -> list[dict]:
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"The file is not UTF-8 text (byte {exc.start} cannot be read); save the CSV as UTF-8 and try again."
            ) from exc
    else:
        text = content.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if missing:
        raise ValidationError(f"The CSV lacks the column(s) {', '.join(missing)}. Expected: {', '.join(CSV_COLUMNS)}.")
    reader.fieldnames = header
    rows, errors, seen_uprns = [], [], set()
    for index, raw in enumerate(reader, start=2):
        if index - 1 > settings.COVERAGE_IMPORT_MAX_ROWS:
            raise ValidationError(f"The CSV has more than {settings.COVERAGE_IMPORT_MAX_ROWS} rows.")
        values, row_errors = _parse_row(index, raw, horizon)
        if values and values["uprn"] is not None:
            if values["uprn"] in seen_uprns:
                row_errors.append(f"line {index}: UPRN {values['uprn']} appears twice")
            seen_uprns.add(values["uprn"])
        errors.extend(row_errors)
        if values and not row_errors:
            rows.append(values)
        if progress and index % BATCH == 0:
            progress(index)
    if errors:
        shown = errors[:MAX_REPORTED_ERRORS]
        more = f" (and {len(errors) - len(shown)} more)" if len(errors) > len(shown) else ""
        raise ValidationError([*shown[:-1], shown[-1] + more])
    if not rows:
        raise ValidationError("The CSV has no data rows.")
    return rows


def coverage_dataset_import(
    *,
    actor: User | None,
    version: str,
    effective_date: date,
    content: bytes | str,
    horizon_date: date | None = None,
    source_name: str = "",
    progress=None,
) -> CoverageDataset:
    """Import a coverage CSV as a new active dataset, superseding the previous one.

    Every row is validated first; any error rejects the whole file and nothing is written.
    Audit: ``coverage.dataset_imported``. Raises NotPermitted, ValidationError.
    """
    if actor is not None and not can_manage_coverage(actor):
        raise NotPermitted("Only DCC staff managing coverage may import datasets.", code="coverage.not_permitted")
    version = (version or "").strip()
    if not version:
        raise ValidationError({"version": "Give the dataset a version."})
    if CoverageDataset.objects.filter(version=version).exists():
        raise ValidationError({"version": f"Version {version} has already been imported."})
    horizon = horizon_date or date.fromisoformat(settings.COVERAGE_DEFAULT_HORIZON_DATE)
    rows = _read_csv(content, horizon, progress)
    with transaction.atomic(durable=True):
        previous = CoverageDataset.objects.select_for_update().filter(status=DatasetStatus.ACTIVE).first()
        if previous is not None:
            dataset_supersede(dataset=previous, actor=actor, by_version=version)
        dataset = CoverageDataset.objects.create(
            version=version,
            effective_date=effective_date,
            horizon_date=horizon,
            source_name=source_name[:200],
            row_count=len(rows),
            imported_by=actor,
            status=DatasetStatus.ACTIVE,
        )
        for start in range(0, len(rows), BATCH):
            CoveragePremises.objects.bulk_create(
                CoveragePremises(dataset=dataset, **r) for r in rows[start : start + BATCH]
            )
        audit.record(
            action="coverage.dataset_imported",
            actor=actor,
            target=dataset,
            after={
                "version": version,
                "rows": len(rows),
                "effective_date": effective_date,
                "previous": getattr(previous, "version", None),
            },
        )
    return dataset


def coverage_dataset_import_start(
    *, actor: User, version: str, effective_date: date, horizon_date: date | None, file
) -> Job:
    """Start importing an uploaded coverage CSV as a background job; returns the job.

    The import runs after commit (``coverage_dataset_import_run``). Raises NotPermitted.
    """
    if not can_manage_coverage(actor):
        raise NotPermitted("Only DCC staff managing coverage may import datasets.", code="coverage.not_permitted")
    with transaction.atomic():
        job = job_create(
            actor=actor,
            kind=IMPORT_JOB,
            title=f"Import WAN coverage {version}",
            params={
                "version": version,
                "effective_date": effective_date.isoformat(),
                "horizon_date": horizon_date.isoformat() if horizon_date else "",
                "source_name": file.name,
            },
            input_file=file,
        )
        enqueue_on_commit("coverage.tasks.coverage_dataset_import", job_id=job.pk)
    return job


def coverage_dataset_import_run(*, job_id: int) -> None:
    """Run an import job (idempotent: a job that already left 'queued' is skipped); its outcome is on the job."""
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if not job_start(job=job):
        return
    params = job.params
    try:
        with job.input_file.open("rb") as handle:
            content = handle.read()
        dataset = coverage_dataset_import(
            actor=job.created_by,
            version=params["version"],
            effective_date=date.fromisoformat(params["effective_date"]),
            horizon_date=date.fromisoformat(params["horizon_date"]) if params.get("horizon_date") else None,
            content=content,
            source_name=params.get("source_name", ""),
            progress=lambda n: job_progress(job=job, done=n),
        )
    except ValidationError as exc:
        job_fail(job=job, error="\n".join(exc.messages), result={"errors": exc.messages})
        return
    job_succeed(
        job=job, result={"version": dataset.version, "rows": dataset.row_count}, result_url="/coverage/datasets/"
    )


def _new_reference() -> str:
    return f"WC-{timezone.now():%y%m%d}-{secrets.token_hex(3).upper()}"


def coverage_check(
    *, actor: User, kind: str, value: str, premises: str = "", channel: str = "ssi"
) -> tuple[dict, CoverageCheck]:
    """Answer a coverage look-up and record it as a check of the actor's Party (App I 4.1).

    Returns (answer, check); the answer carries the check reference. Raises NotPermitted,
    CoverageQueryError (malformed key), LookupError (no dataset).
    """
    if not can_check_coverage(actor):
        raise NotPermitted("Your portal roles do not allow coverage checks.", code="coverage.not_permitted")
    normalise_query(kind, value)  # a malformed key fails before anything is recorded
    if kind == LookupKind.ADDRESS and not premises.strip():
        raise CoverageQueryError("Give the premises number or name with the postcode.")
    answer = coverage_answer(kind=kind, value=value, premises=premises)
    postcodes = {r["postcode"] for r in answer["results"]} | {p["postcode"] for p in answer["postcodes"]}
    uprns = {r["uprn"] for r in answer["results"] if r["uprn"] is not None}
    # App I 4.1: the check proves the key that was looked up, even when the dataset has no row for it.
    shown, key = normalise_query(kind, value)
    if kind in (LookupKind.POSTCODE, LookupKind.ADDRESS):
        postcodes.add(shown)
    elif kind == LookupKind.UPRN:
        uprns.add(key)
    postcode_list, uprn_list = sorted(postcodes), sorted(uprns)
    check = CoverageCheck(
        reference=_new_reference(),
        party=actor.party,
        person=actor,
        kind=kind,
        query=answer["query"]["value"],
        dataset=CoverageDataset.objects.get(version=answer["dataset"]["version"]),
        postcodes=postcode_list,
        uprns=uprn_list,
        result={"results": len(answer["results"]), "postcodes": len(answer["postcodes"])},
        checked_at=timezone.now(),
        channel=channel,
    )
    with transaction.atomic(durable=True):
        check.save()
        audit.record(
            action="coverage.checked",
            actor=actor,
            target=check,
            after={"kind": kind, "query": check.query, "dataset": check.dataset.version},
        )
    answer["reference"], answer["checked_at"] = check.reference, check.checked_at
    return answer, check
