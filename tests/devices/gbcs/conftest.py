"""Fixtures for the GBCS codec tests: DCC's RTDS messages and keys, read in place from ../shared.

The codec is pure Python, so these tests need no database: the project-wide ``_roles`` fixture
(which asks for ``db``) is overridden here.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from devices.gbcs import KeyRing
from tests.support.dcc_tools import shared_path


@pytest.fixture(autouse=True)
def _roles():
    """The codec touches no database."""


@dataclass(frozen=True)
class RtdsFile:
    folder: str
    name: str
    raw: bytes

    @property
    def kind(self) -> str:
        for kind in ("PRECOMMAND", "COMMAND", "RESPONSE"):
            if f"_{kind}_" in self.name:
                return kind
        return "ALERT"


@pytest.fixture(scope="session")
def rtds_files() -> list[RtdsFile]:
    root = shared_path("gbcs-rtds", "RTDS-4.5.0")
    return [
        RtdsFile(path.parent.name, path.name, bytes.fromhex(path.read_text().strip()))
        for path in sorted(root.glob("*/*_GBCS.HEX"))
    ]


@pytest.fixture(scope="session")
def rtds_keys() -> KeyRing:
    return KeyRing.from_pem_folder(shared_path("gbcs-rtds", "keystore"))


@pytest.fixture(scope="session")
def rtds_dir() -> Path:
    return shared_path("gbcs-rtds", "RTDS-4.5.0")
