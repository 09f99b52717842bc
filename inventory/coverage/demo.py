"""Demo WAN coverage (idempotent): one dataset covering a few outcodes in each Region."""

import io
from datetime import date

from django.utils import timezone

from .choices import AuxEquipment, CoverageState, Region, WanVariant
from .models import CoverageDataset

DEMO_VERSION = "DEMO-2026.1"
# Outcode, Region, WAN Variant used there. North: long-range radio; Central/South: cellular (mesh in places).
OUTCODES = [
    ("EH1", Region.NORTH, WanVariant.LONG_RANGE_RADIO),
    ("LS6", Region.NORTH, WanVariant.LONG_RANGE_RADIO),
    ("IV27", Region.NORTH, WanVariant.LONG_RANGE_RADIO),
    ("B15", Region.CENTRAL, WanVariant.CELLULAR),
    ("CF10", Region.CENTRAL, WanVariant.CELLULAR_MESH),
    ("LD1", Region.CENTRAL, WanVariant.CELLULAR_MESH),
    ("SW1A", Region.SOUTH, WanVariant.CELLULAR),
    ("BS1", Region.SOUTH, WanVariant.CELLULAR),
    ("TR20", Region.SOUTH, WanVariant.CELLULAR_MESH),
]
HORIZON = date(2027, 1, 1)


def demo_csv() -> str:
    """The demo dataset as CSV text: 5 postcodes per outcode, 8 premises each, with UPRNs."""
    lines = [
        "postcode,uprn,premises,region,coverage,connects_from,wan_variant,aux_equipment,known_issues,issue_resolution"
    ]
    uprn = 100_000_000_000
    for o_index, (outcode, region, variant) in enumerate(OUTCODES):
        for unit in range(5):
            postcode = f"{outcode} {unit + 1}{'ABDEF'[unit]}{'GHJLN'[o_index % 5]}"
            for house in range(1, 9):
                uprn += 1
                state, when, aux, issues, fix = CoverageState.CONNECTS, "", AuxEquipment.NONE, "", ""
                if outcode in ("IV27", "LD1", "TR20") and house > 5:
                    state, when = CoverageState.CONNECTS_FROM, f"2026-{(unit % 9) + 3:02d}-01"
                    issues, fix = "Hilly terrain blocks the nearest mast", "Network Enhancement Plan: new mast"
                if outcode == "IV27" and unit == 4:
                    state, when = CoverageState.NOT_CONFIRMED, ""
                    issues, fix = "No mast within range", "Under review; consider Install and Leave"
                if house in (7, 8) and region != Region.NORTH and state == CoverageState.CONNECTS:
                    aux = AuxEquipment.T1_AERIAL if house == 7 else AuxEquipment.T2_AERIAL
                lines.append(f"{postcode},{uprn},{house},{region},{state},{when},{variant},{aux},{issues},{fix}")
    return "\n".join(lines) + "\n"


def seed_coverage(stdout=None) -> None:
    from .services import coverage_dataset_import

    if CoverageDataset.objects.filter(version=DEMO_VERSION).exists():
        return
    dataset = coverage_dataset_import(
        actor=None,
        version=DEMO_VERSION,
        effective_date=timezone.localdate(),
        horizon_date=HORIZON,
        content=io.StringIO(demo_csv()).getvalue(),
        source_name="demo",
    )
    if stdout:
        stdout.write(f"  coverage: dataset {dataset.version} with {dataset.row_count} premises")
