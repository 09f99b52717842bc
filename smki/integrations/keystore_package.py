"""Fetching DCC's keystore package with npm, for ``manage.py smki_import_keystore --npm``.

``@smartdcc/dccboxed-keystore`` is GPL-3.0: it is never part of this repository. ``npm pack`` puts
its tarball in a cache outside the checkout (``SMKI_KEYSTORE_NPM_CACHE``), once; its ``keystore.json``
is read from the tarball in place. This is the only network access of the import, and only on request.
"""

import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings

from ..exceptions import KeystoreInvalid

MEMBER = "package/keystore.json"


class KeystorePackageUnavailable(KeystoreInvalid):
    """npm is missing or could not fetch the package."""

    code = "smki.keystore_package_unavailable"


def keystore_from_npm(*, package: str | None = None, cache: str | None = None) -> tuple[bytes, str]:
    """The bytes of ``keystore.json`` in the npm package ``package`` (name@version) and where they came from."""
    spec = package or settings.SMKI_KEYSTORE_NPM_PACKAGE
    folder = Path(cache or settings.SMKI_KEYSTORE_NPM_CACHE) / spec.replace("/", "+").replace("@", "", 1)
    tarball = next(iter(sorted(folder.glob("*.tgz"))), None) if folder.is_dir() else None
    if tarball is None:
        npm = shutil.which("npm")
        if npm is None:
            raise KeystorePackageUnavailable("npm is not installed; download keystore.json and use --file.")
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(  # noqa: S603 (a fixed program; the package name comes from settings or the operator)
            [npm, "pack", spec, "--silent", "--pack-destination", str(folder)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        tarball = next(iter(sorted(folder.glob("*.tgz"))), None)
        if result.returncode != 0 or tarball is None:
            raise KeystorePackageUnavailable(f"npm pack {spec} failed: {result.stderr.strip()[:300]}")
    with tarfile.open(tarball) as archive:
        try:
            member = archive.getmember(MEMBER)
        except KeyError as exc:
            raise KeystoreInvalid(f"{tarball.name} has no {MEMBER}.") from exc
        if not member.isfile() or member.size > settings.SMKI_KEYSTORE_MAX_BYTES:
            raise KeystoreInvalid(f"{MEMBER} in {tarball.name} is not a file of at most SMKI_KEYSTORE_MAX_BYTES.")
        data = archive.extractfile(member).read()
    return data, f"{tarball}:{MEMBER}"
