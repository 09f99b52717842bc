"""DCC's open client tools and reference data, fetched at test time and never committed.

DCC publishes its DUIS client tooling as GPL-3.0 npm packages (``@smartdcc/*``); the project is
Apache-2.0, so no file of theirs lives in the repository. Tests that use them as oracles call
:func:`dcc_package`, which runs ``npm pack`` into a cache outside the checkout
(``$DCC_TOOLS_CACHE``, default ``~/.cache/dcc-ssi/npm``) and unpacks the tarball there once.

Where ``npm`` (or ``java`` for the signing tool) is missing the tests skip locally; in CI
(``CI=true``) a missing tool fails the run instead, so CI cannot pass by skipping them.
DCC's reference GBCS messages (RTDS) are read in place from ``../shared/gbcs-rtds/`` beside the
checkout (:func:`shared_path`).
"""

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The versions our tests were written against (../shared/spec/duis-gateway.md).
PACKAGES = {
    "@smartdcc/duis-templates": "0.7.0",
    "@smartdcc/duis-parser": "0.6.0",
    "@smartdcc/duis-sign-wrap": "0.1.2",
    "@smartdcc/dccboxed-keystore": "0.4.2",
}


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "dcc-ssi" / "npm"
    return Path(os.environ.get("DCC_TOOLS_CACHE", default))


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI (.ci/run installs it)")
    pytest.skip(f"{what} is not installed")


def require_program(name: str) -> str:
    """The path of ``name`` on PATH; skip locally (fail in CI) when it is absent."""
    path = shutil.which(name)
    if path is None:
        _missing(name)
    return path


def dcc_package(name: str, version: str | None = None) -> Path:
    """The unpacked ``package/`` folder of an npm package, fetched once into the cache."""
    version = version or PACKAGES[name]
    target = cache_dir() / f"{name.replace('/', '+')}-{version}"
    folder = target / "package"
    if folder.is_dir():
        return folder
    npm = require_program("npm")
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "pack", f"{name}@{version}", "--silent", "--pack-destination", str(target)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        _missing(f"npm package {name}@{version} ({result.stderr.strip()[:200]})")
    tarball = next(target.glob("*.tgz"))
    partial = target / "partial"
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(tarball) as archive:
        archive.extractall(partial, filter="data")
    (partial / "package").rename(folder)
    shutil.rmtree(partial, ignore_errors=True)
    return folder


def shared_path(*parts: str) -> Path:
    """A path under ``../shared`` beside the checkout; skip locally (fail in CI) when absent."""
    path = ROOT.parent.joinpath("shared", *parts)
    if not path.exists():
        _missing(f"../shared/{'/'.join(parts)}")
    return path


def dcc_package_with_dependencies(name: str, version: str | None = None) -> Path:
    """``dcc_package`` plus its runtime dependencies (``npm install --omit=dev``) so its ``dist/``
    modules can be run with ``node``; installed once into the cache, under a lock (parallel runs)."""
    import fcntl

    folder = dcc_package(name, version)
    if (folder / "node_modules" / ".package-lock.json").exists():
        return folder
    npm = require_program("npm")
    with open(folder.parent / "install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / "node_modules" / ".package-lock.json").exists():
            return folder
        result = subprocess.run(
            [npm, "install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            _missing(f"the dependencies of {name} ({result.stderr.strip()[:200]})")
    return folder


def run_node(script: str, *args: str, cwd: Path, timeout: int = 120) -> str:
    """Run a JavaScript driver written by the test (never DCC's code copied) with ``node``; its stdout."""
    node = require_program("node")
    path = cwd / "driver.js"
    path.write_text(script)
    result = subprocess.run(
        [node, str(path), *args], capture_output=True, text=True, timeout=timeout, check=False, cwd=cwd
    )
    assert result.returncode == 0, result.stderr[-2000:] + result.stdout[-2000:]
    return result.stdout


def signing_tool_jar() -> Path:
    """DCC's signing tool (``@smartdcc/duis-sign-wrap`` dist/tool.jar); needs Java 17."""
    require_program("java")
    return dcc_package("@smartdcc/duis-sign-wrap") / "dist" / "tool.jar"


def duis_schema_path() -> Path:
    """``DUIS Schema V5.1.xsd`` (with the MMC and xmldsig schemas beside it), extracted once from the
    signing tool's jar into the cache; the value to give ``DUIS_XSD_PATH``."""
    import zipfile

    folder = cache_dir() / "duis-schema-5.1"
    main = folder / "DUIS Schema V5.1.xsd"
    if main.is_file():
        return main
    jar = dcc_package("@smartdcc/duis-sign-wrap") / "dist" / "tool.jar"
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with zipfile.ZipFile(jar) as archive:
        for member in archive.namelist():
            if member.endswith((".xsd", ".dtd")) and "/" not in member:
                (partial / member).write_bytes(archive.read(member))
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return main


BATCH_SOURCE = Path(__file__).with_name("DuisToolBatch.java")


def run_signing_tool(jobs: list[list[str]]) -> dict[str, str]:
    """Run DCC's signing tool once (one JVM) over many jobs; returns {output path: result code}.

    Each job is ``["sign" | "validate", output file, *tool arguments]``; the tool's standard output
    goes to the output file and its log beside it (``.log``). One JVM signs the 297 templates in a
    couple of seconds, where a process per file would take minutes.
    """
    import tempfile

    jar = signing_tool_jar()
    with tempfile.NamedTemporaryFile("w", suffix=".jobs", delete=False) as listing:
        listing.write("\n".join("\t".join(job) for job in jobs) + "\n")
    result = subprocess.run(
        ["java", "-cp", str(jar), str(BATCH_SOURCE), listing.name],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    os.unlink(listing.name)
    if result.returncode != 0:
        raise AssertionError(f"the signing tool batch failed: {result.stderr[-2000:]}")
    codes = {}
    for line in result.stdout.splitlines():
        path, _, code = line.partition("\t")
        codes[path] = code
    return codes


PARSER_SCRIPT = Path(__file__).with_name("duis_parse.js")


def parse_with_duis_parser(paths: list[Path]) -> dict[str, dict]:
    """DCC's ``duis-parser`` (node, a separate process) over files; returns {path: its JSON report}."""
    import json

    parser = dcc_package_with_dependencies("@smartdcc/duis-parser")
    node = require_program("node")
    result = subprocess.run(
        [node, str(PARSER_SCRIPT), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "DUIS_PARSER_DIR": str(parser)},
    )
    if result.returncode != 0:
        raise AssertionError(f"duis-parser failed: {result.stderr[-2000:]}")
    return {entry["file"]: entry for entry in map(json.loads, result.stdout.splitlines())}
