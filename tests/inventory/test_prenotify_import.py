"""Bulk pre-notification by CSV: dry run, strict, skip duplicates, bad files (issue 3 point 5)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory.exceptions import ImportFileInvalid
from inventory.models import Device, DeviceAccess, StatusChange
from inventory.services import prenotify_import_start
from portal.models import Job
from tests.factories.cpl import DeviceModelFactory
from tests.factories.inventory import DeviceFactory

HEADER = "device_id,device_type,manufacturer_id,model_id,hardware_version,firmware_version,postcode\n"


def _csv(lines: list[str], header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile("devices.csv", (header + "\n".join(lines) + "\n").encode())


def _row(n: int, model, dtype="ESME") -> str:
    return (
        f"00-DB-12-00-00-{n >> 8 & 0xFF:02X}-{n & 0xFF:02X}-01,{dtype},{model.manufacturer_id},{model.model_id},"
        f"{model.hardware_version},{model.firmware_version},LS1 4AP"
    )


def _run(actor, file, mode, capture):
    with capture(execute=True):
        job = prenotify_import_start(actor=actor, uploaded_file=file, mode=mode)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_dry_run_then_import_1000_devices(ssi_user, django_capture_on_commit_callbacks):
    model = DeviceModelFactory()
    lines = [_row(n, model) for n in range(1000)]
    dry = _run(ssi_user, _csv(lines), "dry_run", django_capture_on_commit_callbacks)
    assert (dry.status, dry.result["valid"], dry.result["imported"]) == ("succeeded", 1000, 0)
    assert not Device.objects.exists()
    job = _run(ssi_user, _csv(lines), "strict", django_capture_on_commit_callbacks)
    assert (job.status, job.result["imported"]) == ("succeeded", 1000)
    assert Device.objects.filter(smi_status="pending", prenotified_by_party=ssi_user.party).count() == 1000
    assert StatusChange.objects.filter(rule=1).count() == 1000
    assert DeviceAccess.objects.filter(party=ssi_user.party).count() == 1000
    assert job.progress_done == job.progress_total == 2000


@pytest.mark.django_db
def test_strict_import_with_bad_rows_imports_nothing_and_reports_each_row(
    ssi_user, django_capture_on_commit_callbacks
):
    model = DeviceModelFactory()
    removed = DeviceModelFactory(removed=True)
    lines = [
        _row(1, model),
        "00-DB-12-ZZ,ESME,,,,,",  # bad EUI-64, no model
        _row(3, removed),  # removed on the CPL
        _row(4, model, dtype="CHF"),  # hubs are never pre-notified
        _row(1, model),  # repeats line 2
        _row(6, model).replace("LS1 4AP", "NOT A POSTCODE"),
    ]
    job = _run(ssi_user, _csv(lines), "strict", django_capture_on_commit_callbacks)
    assert job.result["imported"] == 0
    codes = {(e["line"], e["code"]) for e in job.result["first_errors"]}
    assert {
        (3, "invalid_eui64"),
        (3, "model_required"),
        (4, "model_not_current"),
        (5, "hub_not_prenotifiable"),
        (6, "duplicate_in_file"),
        (7, "invalid_postcode"),
    } <= codes
    assert not Device.objects.exists()
    assert job.result_file.name.endswith(".csv")
    content = job.result_file.open("rb").read().decode()
    assert content.splitlines()[0] == "line,device_id,column,code,message"


@pytest.mark.django_db
def test_skip_duplicates_imports_the_rest(ssi_user, django_capture_on_commit_callbacks):
    model = DeviceModelFactory()
    DeviceFactory(device_id="00-DB-12-00-00-00-01-01", device_model=model)
    job = _run(ssi_user, _csv([_row(1, model), _row(2, model)]), "skip_duplicates", django_capture_on_commit_callbacks)
    assert (job.result["imported"], job.result["duplicates"]) == (1, 1)
    strict = _run(ssi_user, _csv([_row(1, model), _row(3, model)]), "strict", django_capture_on_commit_callbacks)
    assert strict.result["imported"] == 0
    assert Device.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"serial,kind\n1,ESME\n", "inventory.import_bad_header"),
        ("device_id,device_type\n00-DB-12-00-00-00-00-01,ESMÉ\n".encode("latin-1"), "inventory.import_bad_encoding"),
        (b"", "inventory.import_empty"),
    ],
)
def test_unreadable_files_are_refused_at_once(ssi_user, content, code):
    with pytest.raises(ImportFileInvalid) as err:
        prenotify_import_start(actor=ssi_user, uploaded_file=SimpleUploadedFile("x.csv", content), mode="strict")
    assert err.value.code == code
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_100000_bad_rows_get_row_level_errors_and_change_nothing(ssi_user, django_capture_on_commit_callbacks):
    lines = [f"00-DB-12-00-{n:06X}-XX,ESME,,,,,".replace("-XX", "") for n in range(100_000)]
    job = _run(ssi_user, _csv(lines), "strict", django_capture_on_commit_callbacks)
    assert job.result["rows"] == 100_000
    assert job.result["errors"] >= 100_000
    assert len(job.result["first_errors"]) == 100
    assert not Device.objects.exists()
