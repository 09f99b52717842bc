"""Reads of WAN coverage. Coverage answers are for every User; checks are scoped to the Party.

``coverage_wan_matrix`` is the read the Service Request pipeline calls to answer SR 12.1
'Request WAN Matrix' (H8.16(f); smki-hubs-incidents-coverage.md §6.1).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Min, QuerySet
from django.shortcuts import get_object_or_404

from portal.models import User
from portal.working_days import LONDON

from .choices import AuxEquipment, CoverageState, DatasetStatus, LookupKind, WanVariant
from .constants import normalise_outcode, normalise_postcode
from .models import CoverageCheck, CoverageDataset, CoveragePremises
from .permissions import scope_checks

OUTCODE_POSTCODE_LIMIT = 1000


class CoverageQueryError(ValueError, LookupError):
    """The look-up key is not a postcode, outcode or UPRN; the message says which rule it broke.

    It is also a LookupError, so callers that treat "no answer" and "bad key" alike catch one type."""


def dataset_active() -> CoverageDataset | None:
    return CoverageDataset.objects.filter(status=DatasetStatus.ACTIVE).first()


def dataset_list() -> QuerySet[CoverageDataset]:
    return CoverageDataset.objects.select_related("imported_by")


def _premises_answer(row: CoveragePremises) -> dict:
    return {
        "postcode": row.postcode,
        "uprn": row.uprn,
        "premises": row.premises,
        "region": row.region,
        "state": row.state,
        "state_label": CoverageState(row.state).label,
        "connects_from": row.connects_from,
        "wan_variant": row.wan_variant,
        "wan_variant_label": WanVariant(row.wan_variant).label,
        "aux_equipment": row.aux_equipment,
        "aux_equipment_label": AuxEquipment(row.aux_equipment).label,
        "known_issues": row.known_issues,
        "issue_resolution": row.issue_resolution,
    }


def normalise_query(kind: str, value: str) -> tuple[str, str | int]:
    value = (value or "").strip()
    if kind in (LookupKind.POSTCODE, LookupKind.ADDRESS):
        normal = normalise_postcode(value)
        if not normal:
            raise CoverageQueryError(f"'{value}' is not a full UK postcode (for example SW1A 1AA).")
        return normal, normal
    if kind == LookupKind.OUTCODE:
        normal = normalise_outcode(value)
        if not normal:
            raise CoverageQueryError(
                f"'{value}' is not a postal outcode (the first half of a postcode, for example SW1A)."
            )
        return normal, normal
    if kind == LookupKind.UPRN:
        if not value.isdigit() or len(value) > 12:
            raise CoverageQueryError(f"'{value}' is not a UPRN (up to 12 digits).")
        return value, int(value)
    raise CoverageQueryError(f"Unknown look-up kind '{kind}'.")


def coverage_answer(*, kind: str, value: str, premises: str = "", dataset: CoverageDataset | None = None) -> dict:
    """The coverage answer for a postcode, outcode or UPRN (optionally narrowed to premises),
    always naming the dataset version and date. Raises CoverageQueryError for a malformed key
    and LookupError when no dataset has been imported."""
    dataset = dataset or dataset_active()
    if dataset is None:
        raise LookupError("No WAN coverage dataset has been imported yet.")
    shown, key = normalise_query(kind, value)
    rows = CoveragePremises.objects.filter(dataset=dataset)
    answer = {
        "dataset": {
            "version": dataset.version,
            "effective_date": dataset.effective_date,
            "horizon_date": dataset.horizon_date,
        },
        "query": {"kind": kind, "value": shown, "premises": premises},
        "results": [],
        "postcodes": [],
    }
    if kind == LookupKind.OUTCODE:
        grouped = (
            rows.filter(outcode=key)
            .values("postcode", "region", "state", "wan_variant", "aux_equipment")
            .annotate(count=Count("pk"), earliest=Min("connects_from"))
            .order_by("postcode", "state")
        )
        by_postcode: dict[str, dict] = {}
        for g in grouped:
            entry = by_postcode.setdefault(
                g["postcode"],
                {
                    "postcode": g["postcode"],
                    "region": g["region"],
                    "premises_count": 0,
                    "states": {},
                    "wan_variants": [],
                    "aux_equipment": [],
                    "connects_from": None,
                },
            )
            entry["premises_count"] += g["count"]
            entry["states"][g["state"]] = entry["states"].get(g["state"], 0) + g["count"]
            if g["wan_variant"] not in entry["wan_variants"]:
                entry["wan_variants"].append(g["wan_variant"])
            if g["aux_equipment"] and g["aux_equipment"] not in entry["aux_equipment"]:
                entry["aux_equipment"].append(g["aux_equipment"])
            if g["earliest"] and (entry["connects_from"] is None or g["earliest"] < entry["connects_from"]):
                entry["connects_from"] = g["earliest"]
        answer["postcodes"] = list(by_postcode.values())[:OUTCODE_POSTCODE_LIMIT]
        answer["truncated"] = len(by_postcode) > OUTCODE_POSTCODE_LIMIT
        return answer
    if kind in (LookupKind.POSTCODE, LookupKind.ADDRESS):
        rows = rows.filter(postcode=key)
        wanted = premises.strip()
        if wanted:
            # The premises number or name itself: '1' is number 1, not 10, 11 and 21. A name with no
            # exact match may be given in part ('Rose' for 'Rose Cottage').
            exact = rows.filter(premises__iexact=wanted)
            rows = exact if wanted.isdigit() or exact.exists() else rows.filter(premises__icontains=wanted)
    else:
        rows = rows.filter(uprn=key)
    answer["results"] = [_premises_answer(r) for r in rows.order_by("premises", "uprn")[:500]]
    return answer


def coverage_wan_matrix(*, postcode: str = "", outcode: str = "", uprn: str = "", premises: str = "") -> dict:
    """SR 12.1 'Request WAN Matrix': the coverage answer for one key, without recording a check.

    The most specific key given wins: UPRN, then postcode (narrowed by ``premises``), then outcode.
    Raises CoverageQueryError (no or malformed key) or LookupError (no dataset imported).
    """
    if uprn:
        return coverage_answer(kind=LookupKind.UPRN, value=str(uprn))
    if postcode:
        return coverage_answer(kind=LookupKind.POSTCODE, value=postcode, premises=premises)
    if outcode:
        return coverage_answer(kind=LookupKind.OUTCODE, value=outcode)
    raise CoverageQueryError("Give a postcode, an outcode or a UPRN.")


def check_list(*, actor: User) -> QuerySet[CoverageCheck]:
    return scope_checks(CoverageCheck.objects.select_related("dataset", "person", "party"), actor)


def check_get(*, actor: User, reference: str) -> CoverageCheck:
    return get_object_or_404(check_list(actor=actor), reference=reference)


@dataclass(frozen=True)
class CheckProof:
    """Whether a recorded check covers an installation (App I 4.1, F7.18: within 30 days before it)."""

    valid: bool
    check: CoverageCheck | None
    window_start: datetime
    window_end: datetime


def coverage_check_proof(*, actor: User, installation_date: date, postcode: str = "", uprn: str = "") -> CheckProof:
    """The latest check by the actor's Party of this postcode or UPRN in the 30 days before the
    installation date (inclusive of the installation day)."""
    end = datetime.combine(installation_date + timedelta(days=1), time.min, tzinfo=LONDON)
    start = end - timedelta(days=settings.COVERAGE_CHECK_VALID_DAYS + 1)
    checks = check_list(actor=actor).filter(checked_at__gte=start, checked_at__lt=end).order_by("-checked_at")
    match = None
    normal = normalise_postcode(postcode) if postcode else None
    # Every check of the Party in the window is considered (a busy installer makes thousands a month).
    for check in checks.iterator(chunk_size=2000):
        if (normal and normal in check.postcodes) or (uprn and str(uprn) in [str(u) for u in check.uprns]):
            match = check
            break
    return CheckProof(valid=match is not None, check=match, window_start=start, window_end=end)
