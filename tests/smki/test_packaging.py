"""The fragment zip writer produces archives the standard library reads back byte for byte."""

import io
import zipfile

from smki.packaging import assemble, fragment


def test_fragments_assemble_into_a_valid_zip():
    first = fragment([("a.pem", b"alpha"), ("b.pem", b"bravo" * 100)])
    second = fragment([("c.pem", b"")])
    third = fragment([])
    data = assemble([first, second, third])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == ["a.pem", "b.pem", "c.pem"]
        assert archive.read("b.pem") == b"bravo" * 100
        assert archive.read("c.pem") == b""


def test_empty_package_is_a_valid_empty_zip():
    with zipfile.ZipFile(io.BytesIO(assemble([]))) as archive:
        assert archive.namelist() == []
