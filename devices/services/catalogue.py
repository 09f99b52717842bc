"""Load the Service Request catalogue from the data files as a new, versioned catalogue.

Sources (../shared/data/README.md): the consultation's User Gateway Services Schedule (Tables
5.1-5.4) and the 2018 BAD's refinements. Each doubtful row is decided here and in
docs/decisions.md (D-DEV-01 .. D-DEV-04); the decision id is stored on the row it affects.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from portal.models import User
from portal.services import audit

from ..choices import SRKind
from ..constants import DEVICE_ALERTS, SENSITIVE_SRVS
from ..models import AlertDefinition, CatalogueVersion, PerformanceMeasure, ServiceReferenceVariant

FILES = ("service_requests.json", "bad_service_requests.json", "alerts.json", "service_metrics.json")
# BAD rows that add References the consultation lacks (new_ref) take these times (D-DEV-03).
NEW_REF_TIMES = {"on_demand": "30secs", "future_dated": "24hrs"}
NEW_NON_DEVICE_REFS = ("8.14.",)
# Criticality the data leaves null, decided (D-DEV-02), with the reason stored on the row.
CRITICAL_DECISIONS: dict[str, tuple[bool, str]] = {
    "6.19": (False, "D-DEV-02: not stated in the BAD; a local time calendar is not supply affecting."),
    "6.23": (False, "D-DUIS-05: not stated in the BAD; DUIS's request matrix makes it Non-Critical."),
    "8.5": (False, "D-DEV-02: not stated in the BAD; not supported by this replica."),
    "6.29": (False, "D-DEV-02: class not given; a channel scan is not supply affecting."),
}
# What DUIS's request matrix says where our seeds are silent (a missing time or role), D-DUIS-05:
# these SRVs are available on demand, future-dated (DSP) or DCC scheduled in DUIS, with the
# default Target Response Times of new references (D-DEV-03); 6.2.3 is eligible to Gas Suppliers.
DUIS_ON_DEMAND = frozenset(
    {"1.2.1", "1.2.2", "3.4", "4.12.1", "4.12.2", "4.15", "6.6", "6.7", "6.14.1", "6.14.2", "6.17", "6.18.1"}
    | {"6.18.2", "7.9", "7.12"}
)
DUIS_FUTURE_DATED = frozenset({"4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.2", "4.3"})
DUIS_DCC_SCHEDULED = frozenset({"4.6.1", "4.6.2", "4.14", "14.1"})
DUIS_EXTRA_ROLES = {"6.2.3": ("GIS",)}
# DUIS sends 11.1 and 8.6 as Non-Device requests the DCC acts on at receipt: available without an
# execution date-time, within the seeds' Target Response Time.
DUIS_ON_RECEIPT = frozenset({"11.1", "8.6"})
# Part of the digest, so a database loads a new catalogue version when these rules change.
RULES_VERSION = "duis-5.1-matrix-1"
_ROLE_ORDER = ["EIS", "EES", "GIS", "ENO", "GNO", "SNA", "OU"]
_TIME = re.compile(r"(\d+)\s*(secs?|hrs?|days?)", re.IGNORECASE)
_UNIT_SECONDS = {"sec": 1, "hr": 3600, "day": 86400}
_DEVICE_WORDS = {
    "Electricity Smart Meter": "ESME",
    "Gas Smart Meter": "GSME",
    "GPF": "GPF",
    "CHF": "CHF",
    "HCALCS": "HCALCS",
    "PPMID": "PPMID",
}


def parse_seconds(text: str | None) -> int | None:
    """'30secs' -> 30, '24hrs for billing data' -> 86400, '5 days' -> 432000, None -> None."""
    if not text:
        return None
    match = _TIME.search(text)
    if not match:
        return None
    unit = match.group(2).lower().rstrip("s")
    return int(match.group(1)) * _UNIT_SECONDS[unit]


def sort_key(srv: str) -> str:
    parts = [p for p in re.split(r"[.]", srv)]
    return ".".join(p.zfill(3) if p.isdigit() else p.rjust(3, "~") for p in parts)[:24]


def _roles(roles) -> list[str]:
    return sorted(set(roles or []), key=_ROLE_ORDER.index)


def _devices(text: str | None) -> list[str]:
    found = [code for word, code in _DEVICE_WORDS.items() if text and word in text]
    return sorted(set(found))


@dataclass
class Row:
    srv: str
    reference: str
    name: str
    description: str = ""
    kind: str = SRKind.DEVICE
    critical: bool | None = None
    critical_basis: str = ""
    on_demand: str | None = None
    future_dated: str | None = None
    dcc_scheduled: str | None = None
    roles: list[str] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    decision: str = ""
    note: str = ""


def _consultation_rows(consultation: list[dict]) -> dict[str, list[dict]]:
    by_ref: dict[str, list[dict]] = {}
    for row in consultation:
        by_ref.setdefault(row["ref"], []).append(row)
    return by_ref


def _base_row(ref: str, rows: list[dict]) -> Row:
    first = rows[0]
    kind = SRKind.ALERT if ref in ("A1", "A2") else (SRKind.DEVICE if first["device_service"] else SRKind.NON_DEVICE)
    return Row(
        srv=ref,
        reference=ref,
        name=first["name"],
        description=first.get("description") or "",
        kind=kind,
        critical=first.get("critical_per_bad"),
        critical_basis=first.get("critical_per_bad_basis") or "",
        on_demand=first.get("on_demand"),
        future_dated=first.get("future_dated"),
        dcc_scheduled=first.get("dcc_scheduled"),
        roles=_roles({r for row in rows for r in row["roles"]}),
        sources=[{"source": r["source"], "line": r["source_line"]} for r in rows],
        note=" ".join(dict.fromkeys(r["note"] for r in rows if r.get("note"))),
    )


def _sub_variant(parent: Row, bad: dict, consultation_rows: list[dict]) -> Row:
    """A BAD sub-variant inherits times from its consultation parent, roles from the BAD (D-DEV-01)."""
    row = Row(**{**parent.__dict__, "sources": list(parent.sources), "roles": list(parent.roles)})
    row.srv, row.name = bad["ref"], bad["name"]
    row.description = bad.get("description_in_bad") or parent.description
    # 8.7/8.8: the Critical sub-variant is the Type 1 join, the Non-Critical one the Type 2 join.
    if bad["ref"] in ("8.7.1", "8.7.2", "8.8.1", "8.8.2"):
        want_type2 = bad["ref"].endswith(".2")
        match = [r for r in consultation_rows if ("Type 2" in r["name"]) == want_type2]
        if match:
            row.roles = _roles(match[0]["roles"])
            row.future_dated, row.on_demand = match[0].get("future_dated"), match[0].get("on_demand")
        row.decision = "D-DEV-01"
    if bad.get("roles"):
        row.roles = _roles(bad["roles"])
    if bad.get("critical_per_bad") is not None:
        row.critical, row.critical_basis = bad["critical_per_bad"], bad.get("critical_basis") or ""
    row.devices = _devices(bad.get("target_device"))
    row.sources = [*row.sources, {"source": "BAD", "line": (bad.get("lines") or [None])[0]}]
    row.note = bad.get("difference") or ""
    return row


def build_rows(consultation: list[dict], bad: list[dict]) -> list[Row]:
    """Merge consultation and BAD rows into the SRV list (pure function, tested on its own)."""
    by_ref = _consultation_rows(consultation)
    subs: dict[str, list[dict]] = {}
    same_ref: dict[str, dict] = {}
    new_refs: list[dict] = []
    for item in bad:
        kinds = set(item["difference_type"])
        if "sub_variant" in kinds:
            parent = item["consultation_counterpart"][0]["ref"]
            subs.setdefault(parent, []).append(item)
        elif "new_ref" in kinds:
            new_refs.append(item)
        else:
            same_ref[item["ref"]] = item
    out: list[Row] = []
    for ref, rows in by_ref.items():
        parent = _base_row(ref, rows)
        if ref in subs:
            out.extend(_sub_variant(parent, item, rows) for item in subs[ref])
            continue
        if ref in same_ref:  # renamed / roles_differ: the later BAD wins (D-DEV-01)
            item = same_ref[ref]
            parent.note = " ".join(filter(None, [parent.note, item.get("difference")]))
            parent.name = (
                f"{parent.name} ({item['name']} in the BAD)" if "renamed" in item["difference_type"] else parent.name
            )
            if item.get("roles"):
                parent.roles = _roles(item["roles"])
            parent.devices = _devices(item.get("target_device"))
            parent.decision = "D-DEV-01"
        out.append(parent)
    for item in new_refs:
        non_device = item["ref"].startswith(NEW_NON_DEVICE_REFS)
        out.append(
            Row(
                srv=item["ref"],
                reference=item["ref"].rsplit(".", 1)[0] if item["ref"].count(".") > 1 else item["ref"],
                name=item["name"],
                description=item.get("description_in_bad") or "",
                kind=SRKind.NON_DEVICE if non_device else SRKind.DEVICE,
                critical=item.get("critical_per_bad"),
                critical_basis=item.get("critical_basis") or "",
                on_demand=NEW_REF_TIMES["on_demand"],
                future_dated=None if non_device else NEW_REF_TIMES["future_dated"],
                roles=_roles(item.get("roles") or ["EIS", "GIS"]),
                devices=_devices(item.get("target_device")),
                sources=[{"source": "BAD", "line": (item.get("lines") or [None])[0]}],
                decision="D-DEV-03",
                note=item.get("note") or item.get("difference") or "",
            )
        )
    for row in out:
        _fill_from_duis(row)
        if row.kind == SRKind.NON_DEVICE:
            row.critical, row.critical_basis = False, row.critical_basis or "Non-Device processing."
        elif row.srv in CRITICAL_DECISIONS or (row.critical is None and row.kind == SRKind.DEVICE):
            row.critical, basis = CRITICAL_DECISIONS.get(row.srv, (False, "D-DEV-02: class not stated; Non-Critical."))
            row.critical_basis, row.decision = basis, row.decision or "D-DEV-02"
    return out


def _fill_from_duis(row: Row) -> None:
    """D-DUIS-05: DUIS's request matrix where the seeds give no time (or omit a role)."""
    filled = []
    if row.srv in DUIS_ON_DEMAND and not row.on_demand:
        row.on_demand = NEW_REF_TIMES["on_demand"]
        filled.append("on demand")
    if row.srv in DUIS_ON_RECEIPT and not row.on_demand:
        row.on_demand = row.future_dated
        filled.append("processed at receipt")
    if row.srv in DUIS_FUTURE_DATED and not row.future_dated:
        row.future_dated = NEW_REF_TIMES["future_dated"]
        filled.append("future-dated (DSP)")
    if row.srv in DUIS_DCC_SCHEDULED and not row.dcc_scheduled:
        row.dcc_scheduled = NEW_REF_TIMES["future_dated"]
        filled.append("DCC scheduled")
    extra = [r for r in DUIS_EXTRA_ROLES.get(row.srv, ()) if r not in row.roles]
    if extra:
        row.roles = _roles([*row.roles, *extra])
        filled.append(f"eligible to {', '.join(extra)}")
    if filled:
        row.decision = row.decision or "D-DUIS-05"
        row.note = " ".join(filter(None, [row.note, f"DUIS's request matrix: {', '.join(filled)} (D-DUIS-05)."]))


def _digest(texts: list[bytes]) -> str:
    sha = hashlib.sha256()
    for text in texts:
        sha.update(hashlib.sha256(text).digest())
    return sha.hexdigest()


def _pct(text: str | None) -> Decimal | None:
    return Decimal(text.rstrip("%")) if text else None


def catalogue_load(
    *, actor: User | None = None, data_dir: Path | None = None, label: str | None = None
) -> CatalogueVersion:
    """Load the four data files as a new current catalogue (a no-op if the same files are current).

    Audit: ``devices.catalogue_loaded``. Returns the current ``CatalogueVersion``.
    """
    folder = Path(data_dir or settings.DEVICES_CATALOGUE_DATA_DIR)
    raw = [(folder / name).read_bytes() for name in FILES]
    digest = _digest([*raw, RULES_VERSION.encode()])
    current = CatalogueVersion.objects.filter(is_current=True).first()
    if current and current.source_digest == digest:
        return current
    consultation, bad, alerts, metrics = (json.loads(text) for text in raw)
    rows = build_rows(consultation, bad)
    with transaction.atomic():
        CatalogueVersion.objects.filter(is_current=True).update(is_current=False)
        version = CatalogueVersion.objects.create(
            label=label or f"catalogue-{digest[:12]}",
            source_digest=digest,
            is_current=True,
            notes=f"Loaded from {', '.join(FILES)}: {len(rows)} variants, {len(alerts)} Table 5.4 alerts.",
        )
        ServiceReferenceVariant.objects.bulk_create([_variant(version, row) for row in rows])
        AlertDefinition.objects.bulk_create(_alert_definitions(version, alerts))
        PerformanceMeasure.objects.bulk_create(_measures(version, metrics))
        audit.record(
            action="devices.catalogue_loaded",
            actor=actor,
            target=version,
            after={"label": version.label, "variants": len(rows), "digest": digest},
        )
    return version


def _variant(version: CatalogueVersion, row: Row) -> ServiceReferenceVariant:
    return ServiceReferenceVariant(
        catalogue=version,
        srv=row.srv,
        service_reference=row.reference,
        name=row.name[:200],
        description=row.description,
        kind=row.kind,
        is_critical=bool(row.critical),
        critical_basis=row.critical_basis[:400],
        on_demand_seconds=parse_seconds(row.on_demand),
        future_dated_seconds=parse_seconds(row.future_dated),
        dcc_scheduled_seconds=parse_seconds(row.dcc_scheduled),
        times_as_printed={
            "on_demand": row.on_demand,
            "future_dated": row.future_dated,
            "dcc_scheduled": row.dcc_scheduled,
        },
        eligible_roles=row.roles,
        target_device_types=row.devices,
        is_sensitive=row.srv in SENSITIVE_SRVS,
        sources=row.sources,
        decision=row.decision,
        note=row.note,
        sort_key=sort_key(row.srv),
    )


def _alert_definitions(version: CatalogueVersion, alerts: list[dict]) -> list[AlertDefinition]:
    defs = []
    for item in alerts:
        issuers = (
            "ESME and GSME"
            if item.get("issued_by_both")
            else (
                "GSME"
                if item.get("gsme_issued")
                else "ESME"
                if item.get("esme_issued")
                else (item.get("issued_from") or "")
            )
        )
        defs.append(
            AlertDefinition(
                catalogue=version,
                code=item["code"],
                name=item["name"],
                source="consultation Table 5.4",
                issued_by=issuers[:60],
                note=item.get("note") or "",
            )
        )
    table_codes = {d.code for d in defs}
    for code, (name, table_code) in DEVICE_ALERTS.items():
        if code in table_codes:
            continue
        defs.append(
            AlertDefinition(
                catalogue=version, code=code, name=name, source="BAD (GBCS alert code)", table_code=table_code
            )
        )
    return defs


def _measures(version: CatalogueVersion, metrics: list[dict]) -> list[PerformanceMeasure]:
    return [
        PerformanceMeasure(
            catalogue=version,
            kind=m["kind"],
            number=m.get("measure_number"),
            measure=m.get("measure") or m.get("monthly_service_metric") or "",
            service_ref=m.get("service_ref") or "",
            eligible_roles=m.get("eligible_users") or [],
            target_pct=_pct(m.get("target_service_level")),
            minimum_pct=_pct(m.get("minimum_service_level")),
            threshold=(m.get("monthly_service_threshold") or "")[:120],
            note=m.get("note") or "",
        )
        for m in metrics
    ]
