"""Validation against DCC's DUIS XSD, when ``DUIS_XSD_PATH`` points at it.

The schema is compiled once per process and thread (libxml2 validation contexts are not shared
between threads) and validates a request in well under a millisecond. Its imports (the MMC and
xmldsig schemas, file names with spaces) are resolved from the folder of ``DUIS_XSD_PATH`` only:
a schema never reaches the network.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from lxml import etree

_XS = "{http://www.w3.org/2001/XMLSchema}"
_local = threading.local()


class _FolderResolver(etree.Resolver):
    """Resolves schema imports to files of one folder, and nothing else."""

    def __init__(self, folder: Path, names: dict[str, str]):
        super().__init__()
        self.folder, self.names = folder, names

    def resolve(self, url, pubid, context):
        name = self.names.get(os.path.basename(url or ""))
        if name is None:
            return None
        return self.resolve_filename(str(self.folder / name), context)


def _compile(path: str) -> etree.XMLSchema:
    main = Path(path)
    if not main.is_file():
        raise ImproperlyConfigured(f"DUIS_XSD_PATH={path!r} is not a file.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    document = etree.parse(str(main), parser)
    # Imports name their files with spaces ("MMC Schema V5.1.xsd"), which libxml2 will not look up
    # as given: give each a plain alias and map the alias back to the file in the same folder.
    names = {}
    for index, element in enumerate(document.getroot().iter(f"{_XS}import", f"{_XS}include")):
        location = element.get("schemaLocation")
        if location:
            alias = f"duis-import-{index}.xsd"
            names[alias] = os.path.basename(location)
            element.set("schemaLocation", alias)
    parser.resolvers.add(_FolderResolver(main.parent, names))
    document = etree.fromstring(etree.tostring(document), parser, base_url=str(main.parent / "duis.xsd"))
    return etree.XMLSchema(document)


def duis_schema() -> etree.XMLSchema | None:
    """The compiled schema of this thread, or None when ``DUIS_XSD_PATH`` is empty."""
    path = settings.DUIS_XSD_PATH
    if not path:
        return None
    cached = getattr(_local, "schema", None)
    if cached is None or cached[0] != path:
        cached = _local.schema = (path, _compile(path))
    return cached[1]


def schema_errors(root: etree._Element) -> str | None:
    """None when ``root`` is valid (or no schema is configured), else the first error."""
    schema = duis_schema()
    if schema is None or schema.validate(root):
        return None
    error = schema.error_log.last_error
    return f"line {error.line}: {error.message}" if error else "The document does not match the DUIS schema."
