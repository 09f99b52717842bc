"""docs/gbcs.md lists exactly the Use Cases the codec encodes."""

import re
from pathlib import Path

from devices.gbcs import encoded_use_cases

DOC = Path(__file__).resolve().parents[3] / "docs" / "gbcs.md"


def test_the_docs_list_the_encoded_use_cases():
    text = DOC.read_text()
    listed = text[text.index("<!-- encoded:start -->") : text.index("<!-- encoded:end -->")]
    names = re.findall(r"(?:: |, )([A-Z][A-Za-z0-9-]+)(?= \(|,|$)", listed, flags=re.MULTILINE)
    assert sorted(names) == encoded_use_cases()
    counts = [int(n) for n in re.findall(r"\*\* \((\d+)\):", listed)]
    assert sum(counts) == len(encoded_use_cases()) == 222
