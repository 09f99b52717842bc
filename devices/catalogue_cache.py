"""A short-lived, per-process view of the current catalogue (read on every submission)."""

import time

from .models import CatalogueVersion, ServiceReferenceVariant

_TTL_SECONDS = 5.0
_cache: dict = {"at": 0.0, "catalogue": None, "variants": {}}


def current_variants(*, fresh: bool = False) -> dict[str, ServiceReferenceVariant]:
    """``{srv: variant}`` of the current catalogue, re-read at most every few seconds."""
    now = time.monotonic()
    if fresh or now - _cache["at"] > _TTL_SECONDS:
        current = CatalogueVersion.objects.filter(is_current=True).values_list("pk", flat=True).first()
        if current != _cache["catalogue"] or fresh:
            _cache["variants"] = {v.srv: v for v in ServiceReferenceVariant.objects.filter(catalogue_id=current)}
            _cache["catalogue"] = current
        _cache["at"] = now
    return _cache["variants"]


_by_id: dict[int, ServiceReferenceVariant] = {}


def variants_by_id(ids) -> dict[int, ServiceReferenceVariant]:
    """``{pk: variant}`` for any catalogue version (variants never change once loaded: kept per process)."""
    missing = {i for i in ids if i is not None and i not in _by_id}
    if missing:
        _by_id.update(ServiceReferenceVariant.objects.in_bulk(missing))
    return _by_id


def forget() -> None:
    """Drop the cache (tests, and after a catalogue load in this process)."""
    _cache.update(at=0.0, catalogue=None, variants={})
    _by_id.clear()
