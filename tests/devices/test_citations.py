"""Every E-code or N-alert the devices app raises cites, within its function, the clause that makes it.

The one citation form (docs/conventions.md): ``SEC H3.12``, ``App AB 6.1(c)``, ``BAD 7.8.5.4.1``,
``GBCS 10.4``, ``DUIS 3.5.10``, or one of our decisions, ``D-DEV-18``.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLACES = [ROOT / "devices" / "services", ROOT / "devices" / "firmware"]
CODE = re.compile(r"^(E\d{1,2}|E\d{6}|W\d{6}|N\d{1,2}|AD1)$")
CITATION = re.compile(
    r"\b(SEC [A-M]\d+(\.\d+)*(\([a-z]+\))*"
    r"|App [A-Z]{1,2} \d+(\.\d+)*(\([a-z]+\))*(\([ivx]+\))?"
    r"|BAD \d+(\.\d+)+"
    r"|GBCS \d+(\.\d+)*"
    r"|DUIS \d+(\.\d+)*"
    r"|D-[A-Z]+-\d+)"
)
# Literal codes that are not raised: look-ups and comparisons of codes other code raised.
NOT_RAISED = {("services/signing.py", "signed_pre_command_submit")}


def _functions():
    for place in PLACES:
        for path in sorted(place.rglob("*.py")):
            source = path.read_text()
            tree = ast.parse(source)
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield path.relative_to(ROOT / "devices").as_posix(), node, ast.get_source_segment(source, node)


def _raised_codes(node) -> set[str]:
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)
    }


def test_the_checker_finds_codes_and_citations():
    found = {(path, node.name): _raised_codes(node) for path, node, _ in _functions()}
    assert found[("services/checks.py", "dependency_ready")] == {"E13", "N14"}
    assert CITATION.search("# App AB 6.1(f)(ii): at the execution date-time")
    assert CITATION.search("see D-DEV-18")
    assert not CITATION.search("spec §3.7")
    assert not CITATION.search("AB 6.1(c)")  # an appendix clause says "App AB"


def test_every_raised_code_has_a_clause_within_its_function():
    uncited = sorted(
        f"{path}:{node.lineno} {node.name} {sorted(codes)}"
        for path, node, text in _functions()
        if (codes := _raised_codes(node))
        and (path, node.name) not in NOT_RAISED
        and not CITATION.search(text)
    )
    assert uncited == []
