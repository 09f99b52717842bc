"""The pickup package: a zip of stored (uncompressed) PEM files, written in parallel fragments.

Each batch chunk writes its own fragment (local file records) and central-directory records with
offsets relative to the fragment; the finaliser concatenates the fragments and shifts the offsets.
That keeps the single-threaded tail of a 50,000-certificate batch to a memory copy. The format is
plain PKZIP 2.0 "stored" entries (APPNOTE 4.3), readable by every unzip tool.
"""

import struct
import zlib
from ssl import DER_cert_to_PEM_cert

_LOCAL = struct.Struct("<IHHHHHIIIHH")  # local file header, 30 bytes
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # central directory header, 46 bytes
_END = struct.Struct("<IHHHHIIH")  # end of central directory, 22 bytes
_DOS_TIME, _DOS_DATE = 0, (2026 - 1980) << 9 | 1 << 5 | 1  # fixed timestamp: the content is what matters
_OFFSET_AT = 42  # byte position of "relative offset of local header" in a central record
MAX_ENTRIES = 0xFFFF  # no ZIP64: a batch holds at most 50,000 certificates


def fragment(entries: list[tuple[str, bytes]]) -> tuple[bytes, bytes]:
    """(local records, central records) for ``(name, data)`` entries, offsets relative to this fragment."""
    local, central = bytearray(), bytearray()
    for name, data in entries:
        encoded = name.encode("ascii")
        crc = zlib.crc32(data)
        offset = len(local)
        local += _LOCAL.pack(0x04034B50, 20, 0, 0, _DOS_TIME, _DOS_DATE, crc, len(data), len(data), len(encoded), 0)
        local += encoded
        local += data
        central += _CENTRAL.pack(
            0x02014B50,
            20,
            20,
            0,
            0,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            len(data),
            len(data),
            len(encoded),
            0,
            0,
            0,
            0,
            0o100644 << 16,
            offset,
        )
        central += encoded
    return bytes(local), bytes(central)


def certificate_fragment(rows: list[tuple[str, str, str, bytes]]) -> tuple[bytes, bytes]:
    """A fragment of PEM files named ``<Device ID>-<usage>-<serial>.pem`` from (serial, device, usage, DER)."""
    return fragment(
        [(f"{device}-{usage}-{serial}.pem", DER_cert_to_PEM_cert(der).encode()) for serial, device, usage, der in rows]
    )


def _shift(central: bytes, by: int) -> tuple[bytes, int]:
    records = bytearray(central)
    position = count = 0
    while position < len(records):
        (old,) = struct.unpack_from("<I", records, position + _OFFSET_AT)
        struct.pack_into("<I", records, position + _OFFSET_AT, old + by)
        (name_length,) = struct.unpack_from("<H", records, position + 28)
        position += _CENTRAL.size + name_length
        count += 1
    return bytes(records), count


def assemble(fragments: list[tuple[bytes, bytes]]) -> bytes:
    """Join fragments into one zip archive."""
    body, directory = bytearray(), bytearray()
    entries = 0
    for local, central in fragments:
        shifted, count = _shift(central, len(body))
        body += local
        directory += shifted
        entries += count
    if entries > MAX_ENTRIES or len(body) + len(directory) >= 0xFFFFFFFF:
        raise ValueError("The package is too large for a non-ZIP64 archive.")
    end = _END.pack(0x06054B50, 0, 0, entries, entries, len(directory), len(body), 0)
    return bytes(body + directory + end)
