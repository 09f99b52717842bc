"""The ``keystore.json`` shape DCC's client tools read and write, in both directions.

Learnt from the ``@smartdcc/dccboxed-keystore`` package's documentation and behaviour (nothing of it
is copied): one JSON object ::

    { "<EUI-64 as 16 lower-case hex digits>": {
        "digitalSignature" | "keyAgreement": {
          "<certificate serial in decimal>": {
            "certificate": "<PEM>", "privateKey": "<PKCS#8 PEM>", "name": "<label>", "role": <int> } } } }

``role`` (the Remote Party Role code) is present for Organisation Certificates only; ``privateKey`` and
``name`` are optional. Reading never keeps a private key: ``KeystoreEntry`` only records that one
was there.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError

from portal.identifiers import normalise_eui64

from .choices import KeyUsage
from .exceptions import KeystoreInvalid

USAGE_BY_NAME = {"digitalSignature": KeyUsage.DIGITAL_SIGNATURE, "keyAgreement": KeyUsage.KEY_AGREEMENT}
NAME_BY_USAGE = {usage: name for name, usage in USAGE_BY_NAME.items()}
_EUI = re.compile(r"^[0-9a-fA-F]{16}$")
_DECIMAL = re.compile(r"^[0-9]{1,60}$")
MAX_PEM_CHARS = 8192


@dataclass(frozen=True)
class KeystoreEntry:
    """One certificate of a keystore, as the file states it (its claims are checked on import)."""

    eui: str  # canonical EUI-64, e.g. 90-B3-D5-1F-30-01-00-00
    usage: str  # KeyUsage value
    serial: int
    certificate_pem: str
    name: str = ""
    role: int | None = None
    had_private_key: bool = False

    @property
    def label(self) -> str:
        return self.name or f"{self.eui} {self.usage} {self.serial}"


def keystore_parse(data: bytes, *, max_entries: int) -> list[KeystoreEntry]:
    """Read a keystore.json; raises ``KeystoreInvalid`` naming the first problem in its structure.

    Only the structure is checked here; each certificate is parsed and checked when it is imported,
    so one bad certificate is reported on its own line rather than refusing the whole file.
    """
    try:
        tree = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeystoreInvalid(f"The file is not JSON text ({exc}).") from exc
    if not isinstance(tree, dict) or not tree:
        raise KeystoreInvalid("A keystore is a JSON object keyed by EUI-64 (16 hex digits); this one is empty.")
    entries = []
    for eui, usages in tree.items():
        if not _EUI.match(eui) or not isinstance(usages, dict):
            raise KeystoreInvalid(f"{eui[:40]!r} is not an EUI-64 of 16 hex digits holding key usages.")
        try:
            canonical = normalise_eui64(eui)
        except ValidationError as exc:
            raise KeystoreInvalid(exc.messages[0]) from exc
        for usage_name, serials in usages.items():
            if usage_name not in USAGE_BY_NAME or not isinstance(serials, dict):
                raise KeystoreInvalid(f"{eui}: {usage_name[:40]!r} is not digitalSignature or keyAgreement.")
            for serial, entry in serials.items():
                entries.append(_entry(canonical, eui, usage_name, serial, entry))
                if len(entries) > max_entries:
                    raise KeystoreInvalid(f"The keystore holds more than {max_entries} certificates.")
    return entries


def _entry(canonical: str, eui: str, usage_name: str, serial: str, entry) -> KeystoreEntry:
    where = f"{eui}/{usage_name}/{serial[:60]}"
    if not _DECIMAL.match(serial):
        raise KeystoreInvalid(f"{where}: the serial must be written in decimal digits.")
    if not isinstance(entry, dict):
        raise KeystoreInvalid(f"{where}: an entry is an object with certificate, privateKey, name and role.")
    certificate = entry.get("certificate")
    if not isinstance(certificate, str) or not certificate.strip() or len(certificate) > MAX_PEM_CHARS:
        raise KeystoreInvalid(
            f"{where}: the entry has no certificate (PEM text of at most {MAX_PEM_CHARS} characters)."
        )
    name, role = entry.get("name", ""), entry.get("role")
    if not isinstance(name, str) or len(name) > 120:
        raise KeystoreInvalid(f"{where}: name must be text of at most 120 characters.")
    if role is not None and (not isinstance(role, int) or isinstance(role, bool) or not 0 <= role <= 255):
        raise KeystoreInvalid(f"{where}: role must be a Remote Party Role code from 0 to 255.")
    return KeystoreEntry(
        eui=canonical,
        usage=USAGE_BY_NAME[usage_name],
        serial=int(serial),
        certificate_pem=certificate,
        name=name,
        role=role,
        had_private_key="privateKey" in entry,
    )


def entries_dump(entries: Iterable[KeystoreEntry]) -> bytes:
    """The entries as stored for a background import: certificates only, never a private key."""
    return json.dumps([asdict(entry) for entry in entries]).encode()


def entries_load(data: bytes) -> list[KeystoreEntry]:
    return [KeystoreEntry(**row) for row in json.loads(data)]


@dataclass(frozen=True)
class Credential:
    """A certificate with its private key, to be written into a keystore."""

    eui: str
    usage: str
    serial: int
    certificate_pem: str
    private_key_pem: str
    name: str
    role: int | None


def keystore_build(credentials: Iterable[Credential]) -> dict:
    """A keystore.json object holding ``credentials`` (what ``BoxedKeyStore`` and DCC's tools load)."""
    tree: dict = {}
    for credential in credentials:
        entry = {"certificate": credential.certificate_pem, "privateKey": credential.private_key_pem}
        if credential.name:
            entry["name"] = credential.name
        if credential.role is not None:
            entry["role"] = credential.role
        eui = credential.eui.replace("-", "").lower()
        tree.setdefault(eui, {}).setdefault(NAME_BY_USAGE[credential.usage], {})[str(credential.serial)] = entry
    return tree
