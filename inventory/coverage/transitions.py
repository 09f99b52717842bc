"""Status changes of coverage datasets: ``active --newer import--> superseded`` (one active at a time)."""

from collections.abc import Mapping

from portal.models import User
from portal.transitions import compare_and_set

from .choices import DatasetStatus
from .models import CoverageDataset

DATASET_TRANSITIONS: Mapping[str, frozenset[str]] = {
    DatasetStatus.ACTIVE: frozenset({DatasetStatus.SUPERSEDED}),
    DatasetStatus.SUPERSEDED: frozenset(),
}


def dataset_supersede(*, dataset: CoverageDataset, actor: User | None, by_version: str) -> CoverageDataset:
    """Retire the active dataset when a newer version is imported; audit ``coverage.dataset_status_changed``."""
    return compare_and_set(
        obj=dataset,
        to=DatasetStatus.SUPERSEDED,
        table=DATASET_TRANSITIONS,
        actor=actor,
        action="coverage.dataset_status_changed",
        reason=f"superseded by {by_version}",
    )
