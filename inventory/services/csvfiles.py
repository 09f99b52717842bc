"""Reading uploaded CSV files strictly: UTF-8 only, known headers, a clear error otherwise."""

import csv
import io
from collections.abc import Iterator

from django.conf import settings

from ..exceptions import ImportFileInvalid


def read_text(data: bytes) -> str:
    """Decode an uploaded file as UTF-8 (a BOM is fine); anything else is refused whole."""
    if len(data) > settings.INVENTORY_IMPORT_MAX_BYTES:
        raise ImportFileInvalid(
            f"The file is larger than {settings.INVENTORY_IMPORT_MAX_BYTES // 1_000_000} MB.",
            code="inventory.import_too_large",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileInvalid(
            f"The file is not UTF-8 text (first bad byte on line {line}). Save it as 'CSV UTF-8' and upload again.",
            code="inventory.import_bad_encoding",
            extra={"line": line},
        ) from exc
    if "\x00" in text:
        raise ImportFileInvalid(
            "The file contains NUL bytes; it is not a CSV text file.", code="inventory.import_bad_encoding"
        )
    return text


def check_header(text: str, *, required: tuple[str, ...], optional: tuple[str, ...]) -> list[str]:
    """The normalised header row, or ``ImportFileInvalid`` naming missing and unknown columns."""
    first = next(csv.reader(io.StringIO(text)), None)
    if not first:
        raise ImportFileInvalid("The file is empty.", code="inventory.import_empty")
    header = [h.strip().lower() for h in first]
    missing = [h for h in required if h not in header]
    unknown = [h for h in header if h not in required and h not in optional]
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if missing or unknown or duplicated:
        parts = []
        if missing:
            parts.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s): {', '.join(unknown)}")
        if duplicated:
            parts.append(f"repeated column(s): {', '.join(duplicated)}")
        raise ImportFileInvalid(
            f"The header row is wrong ({'; '.join(parts)}). Expected: {', '.join(required + optional)}.",
            code="inventory.import_bad_header",
            extra={"missing": missing, "unknown": unknown},
        )
    return header


def iter_rows(text: str, header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row dict) for every non-blank data row."""
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        row = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}
        if len(values) > len(header):
            row["__extra__"] = "yes"
        yield number, row


def count_rows(text: str) -> int:
    return max(text.count("\n") - 1 + (0 if text.endswith("\n") else 1), 0)


def errors_csv(errors: list[dict]) -> bytes:
    """The downloadable error file: one line per problem."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["line", "device_id", "column", "code", "message"])
    writer.writeheader()
    for e in errors:
        writer.writerow({k: e.get(k, "") for k in writer.fieldnames})
    return out.getvalue().encode()
