import pytest
from django.core.exceptions import ValidationError

from portal.identifiers import normalise_eui64


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("00-DB-12-34-56-78-9A-BC", "00-DB-12-34-56-78-9A-BC"),
        ("00-db-12-34-56-78-9a-bc", "00-DB-12-34-56-78-9A-BC"),
        ("00:DB:12:34:56:78:9A:BC", "00-DB-12-34-56-78-9A-BC"),
        ("00DB123456789ABC", "00-DB-12-34-56-78-9A-BC"),
        ("  00-DB-12-34-56-78-9A-BC ", "00-DB-12-34-56-78-9A-BC"),
    ],
)
def test_normalise_accepts_common_spellings(given, expected):
    assert normalise_eui64(given) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "00-DB-12-34-56-78-9A",
        "00-DB-12-34-56-78-9A-BC-DE",
        "00-DB-12-34-56-78-9A-BG",
        "00_DB_12_34_56_78_9A_BC",
        "0-DB-12-34-56-78-9A-BC1",
        "not an id",
    ],
)
def test_normalise_rejects_malformed(bad):
    with pytest.raises(ValidationError) as excinfo:
        normalise_eui64(bad)
    assert excinfo.value.code == "invalid_eui64"
    assert "is not an EUI-64" in excinfo.value.messages[0]


@pytest.mark.parametrize("reserved", ["00-00-00-00-00-00-00-00", "ff-ff-ff-ff-ff-ff-ff-ff"])
def test_normalise_rejects_reserved(reserved):
    with pytest.raises(ValidationError) as excinfo:
        normalise_eui64(reserved)
    assert excinfo.value.code == "reserved_eui64"
