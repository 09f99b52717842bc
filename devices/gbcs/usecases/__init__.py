"""The Use Cases the codec can build and read, by GBCS Use Case name.

``ENCODED`` lists them (the README's table is generated from it); a Use Case not in it raises
:class:`~..errors.UseCaseNotEncoded` rather than producing a made-up payload.
"""

from __future__ import annotations

from ..errors import UseCaseNotEncoded
from .base import Context, UseCase, jsonable

_REGISTRY: dict[str, UseCase] = {}


def register(*codecs) -> None:
    for codec in codecs:
        if codec.name in _REGISTRY:
            raise ValueError(f"{codec.name} is declared twice")
        _REGISTRY[codec.name] = codec


def use_case_codec(name: str) -> UseCase:
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UseCaseNotEncoded(f"GBCS Use Case {name} is not encoded yet") from None


def encoded_use_cases() -> list[str]:
    _load()
    return sorted(_REGISTRY)


_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from . import (  # noqa: F401
        catalogue_alerts,
        catalogue_asn1,
        catalogue_esme_config,
        catalogue_esme_control,
        catalogue_esme_reads,
        catalogue_esme_tariffs,
        catalogue_gas,
    )


__all__ = ["Context", "UseCase", "encoded_use_cases", "jsonable", "register", "use_case_codec"]
