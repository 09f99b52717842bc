"""WAN coverage: CSV import (all or nothing), look-ups with the dataset version, recorded checks, proof, SR 12.1."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory.coverage import selectors, services
from inventory.coverage.choices import DatasetStatus
from inventory.coverage.demo import demo_csv
from inventory.coverage.models import CoverageCheck, CoverageDataset, CoveragePremises
from portal.exceptions import NotPermitted
from portal.models import Job

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
HEADER = (
    "postcode,uprn,premises,region,coverage,connects_from,wan_variant,aux_equipment,known_issues,issue_resolution\n"
)
ROWS = (
    "sw1a1aa,100000000001,10,south,connects,,cellular,t1_aerial,,\n"
    "SW1A 1AA,100000000002,12,south,connects_from,2026-06-01,cellular_mesh,,Hill shadow,New mast\n"
    "SW1A 2BB,,,south,not_confirmed,,cellular,,No mast in range,Under review\n"
)


@pytest.fixture
def dataset(dcc_admin):
    return services.coverage_dataset_import(
        actor=dcc_admin,
        version="2026.03",
        effective_date=date(2026, 3, 1),
        horizon_date=date(2027, 1, 1),
        content=HEADER + ROWS,
    )


def test_import_normalises_and_activates(dataset):
    assert (dataset.status, dataset.row_count) == (DatasetStatus.ACTIVE, 3)
    row = CoveragePremises.objects.get(uprn=100000000001)
    assert (row.postcode, row.outcode, row.aux_equipment) == ("SW1A 1AA", "SW1A", "t1_aerial")


def test_new_version_supersedes_the_old(dataset, dcc_admin):
    newer = services.coverage_dataset_import(
        actor=dcc_admin,
        version="2026.04",
        effective_date=date(2026, 4, 1),
        content=HEADER + ROWS.splitlines(keepends=True)[0],
    )
    dataset.refresh_from_db()
    assert (dataset.status, newer.status) == (DatasetStatus.SUPERSEDED, DatasetStatus.ACTIVE)
    assert newer.horizon_date == date(2021, 1, 1)  # the H8.16(f) default


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("XX 1,1,1,south,connects,,cellular,,,\n", "line 5: postcode 'XX 1' is not a valid UK postcode"),
        ("SW1A 1AA,1,1,east,connects,,cellular,,,\n", "region 'east'"),
        ("SW1A 1AA,1,1,south,connects_from,,cellular,,,\n", "needs a connects_from date"),
        ("SW1A 1AA,1,1,south,connects,2026-01-01,cellular,,,\n", "only coverage 'connects_from'"),
        ("SW1A 1AA,1,1,south,connects_from,2027-02-01,cellular,,,\n", "not before the dataset horizon"),
        ("SW1A 1AA,1,1,south,connects,,wifi,,,\n", "wan_variant 'wifi'"),
        ("SW1A 1AA,abc,1,south,connects,,cellular,,,\n", "UPRN 'abc'"),
    ],
)
def test_malformed_csv_imports_nothing(dcc_admin, row, message):
    with pytest.raises(ValidationError) as exc:
        services.coverage_dataset_import(
            actor=dcc_admin,
            version="bad",
            effective_date=date(2026, 3, 1),
            horizon_date=date(2027, 1, 1),
            content=HEADER + ROWS + row,
        )
    assert any(message in m for m in exc.value.messages)
    assert CoverageDataset.objects.count() == 0
    assert CoveragePremises.objects.count() == 0


def test_missing_columns_named(dcc_admin):
    with pytest.raises(ValidationError) as exc:
        services.coverage_dataset_import(
            actor=dcc_admin, version="x", effective_date=date(2026, 3, 1), content="postcode,uprn\nSW1A 1AA,1\n"
        )
    assert "coverage, region, wan_variant" in exc.value.messages[0]


def test_only_dcc_coverage_managers_import(ssi_user):
    with pytest.raises(NotPermitted):
        services.coverage_dataset_import(
            actor=ssi_user, version="x", effective_date=date(2026, 3, 1), content=HEADER + ROWS
        )


def test_postcode_lookup_answers_per_premises_with_version_and_records_check(dataset, ssi_user):
    answer, check = services.coverage_check(actor=ssi_user, kind="postcode", value="sw1a1aa")
    assert answer["dataset"] == {
        "version": "2026.03",
        "effective_date": date(2026, 3, 1),
        "horizon_date": date(2027, 1, 1),
    }
    assert [(r["premises"], r["state"], r["connects_from"], r["wan_variant"]) for r in answer["results"]] == [
        ("10", "connects", None, "cellular"),
        ("12", "connects_from", date(2026, 6, 1), "cellular_mesh"),
    ]
    assert answer["reference"] == check.reference
    assert check.postcodes == ["SW1A 1AA"]
    assert check.uprns == [100000000001, 100000000002]
    assert check.party_id == ssi_user.party_id


def test_outcode_lookup_summarises_postcodes(dataset, ssi_user):
    answer, _ = services.coverage_check(actor=ssi_user, kind="outcode", value="sw1a")
    summary = {p["postcode"]: p for p in answer["postcodes"]}
    assert summary["SW1A 1AA"]["states"] == {"connects": 1, "connects_from": 1}
    assert summary["SW1A 1AA"]["connects_from"] == date(2026, 6, 1)
    assert summary["SW1A 2BB"]["states"] == {"not_confirmed": 1}


def test_address_lookup_needs_premises(dataset, ssi_user):
    answer, _ = services.coverage_check(actor=ssi_user, kind="address", value="SW1A 1AA", premises="12")
    assert [r["uprn"] for r in answer["results"]] == [100000000002]
    with pytest.raises(selectors.CoverageQueryError):
        services.coverage_check(actor=ssi_user, kind="address", value="SW1A 1AA")


def test_uprn_and_premises_lookup(dataset, ssi_user):
    answer, _ = services.coverage_check(actor=ssi_user, kind="uprn", value="100000000002")
    assert [r["premises"] for r in answer["results"]] == ["12"]
    answer, _ = services.coverage_check(actor=ssi_user, kind="postcode", value="SW1A 1AA", premises="10")
    assert [r["uprn"] for r in answer["results"]] == [100000000001]


@pytest.mark.parametrize(("kind", "value"), [("postcode", "SW1A"), ("outcode", "SW1A 1AA X"), ("uprn", "12ab")])
def test_malformed_lookup_records_no_check(dataset, ssi_user, kind, value):
    with pytest.raises(selectors.CoverageQueryError):
        services.coverage_check(actor=ssi_user, kind=kind, value=value)
    assert CoverageCheck.objects.count() == 0


def test_proof_within_30_days_before_installation(dataset, ssi_user, other_user):
    with time_machine.travel(datetime(2026, 3, 1, 10, tzinfo=LONDON), tick=False):
        services.coverage_check(actor=ssi_user, kind="postcode", value="SW1A 1AA")
    proof = selectors.coverage_check_proof(actor=ssi_user, installation_date=date(2026, 3, 31), postcode="sw1a 1aa")
    assert proof.valid
    assert proof.check.query == "SW1A 1AA"
    assert not selectors.coverage_check_proof(
        actor=ssi_user, installation_date=date(2026, 4, 1), postcode="SW1A 1AA"
    ).valid
    assert selectors.coverage_check_proof(
        actor=ssi_user, installation_date=date(2026, 3, 15), uprn="100000000002"
    ).valid
    # another Party cannot borrow the check
    assert not selectors.coverage_check_proof(
        actor=other_user, installation_date=date(2026, 3, 31), postcode="SW1A 1AA"
    ).valid


def test_wan_matrix_for_sr_12_1(dataset):
    answer = selectors.coverage_wan_matrix(postcode="SW1A 2BB")
    assert answer["dataset"]["version"] == "2026.03"
    assert answer["results"][0]["state"] == "not_confirmed"
    assert selectors.coverage_wan_matrix(postcode="SW1A 1AA", uprn="100000000002")["results"][0]["premises"] == "12"
    with pytest.raises(LookupError):  # CoverageQueryError is a LookupError too, for the SR pipeline
        selectors.coverage_wan_matrix()


def test_demo_csv_imports(dcc_admin):
    dataset = services.coverage_dataset_import(
        actor=dcc_admin,
        version="demo",
        effective_date=date(2026, 3, 1),
        horizon_date=date(2027, 1, 1),
        content=demo_csv(),
    )
    regions = set(CoveragePremises.objects.filter(dataset=dataset).values_list("region", flat=True))
    assert dataset.row_count == 360
    assert regions == {"north", "central", "south"}


# --- API ------------------------------------------------------------------------------------


def test_api_lookup_records_an_api_check(dataset, ssi_user, api_client_for):
    response = api_client_for(ssi_user).get("/api/v1/coverage/lookup/", {"postcode": "SW1A 1AA"})
    assert response.status_code == 200
    body = response.json()
    assert body["dataset"]["version"] == "2026.03"
    assert body["results"][1]["connects_from"] == "2026-06-01"
    assert CoverageCheck.objects.get(reference=body["reference"]).channel == "api"


def test_api_bad_postcode_is_problem_details(dataset, ssi_user, api_client_for):
    response = api_client_for(ssi_user).get("/api/v1/coverage/lookup/", {"postcode": "NOT A CODE"})
    assert response.status_code == 400
    assert response.json()["code"] == "coverage.bad_query"
    assert CoverageCheck.objects.count() == 0


def test_api_no_dataset(ssi_user, api_client_for):
    response = api_client_for(ssi_user).get("/api/v1/coverage/lookup/", {"outcode": "SW1A"})
    assert response.status_code == 404
    assert response.json()["code"] == "coverage.no_dataset"


@pytest.mark.parametrize(("who", "status"), [("other_user", 404), ("no_role_user", 403), ("ssi_user", 200)])
def test_api_check_detail_authorisation(who, status, request, dataset, ssi_user, api_client_for):
    _, check = services.coverage_check(actor=ssi_user, kind="postcode", value="SW1A 1AA")
    user = request.getfixturevalue(who)
    assert api_client_for(user).get(f"/api/v1/coverage/checks/{check.reference}/").status_code == status


def test_api_import_is_a_job(dcc_admin, ssi_user, api_client_for, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("coverage.csv", (HEADER + ROWS).encode(), content_type="text/csv")
    assert (
        api_client_for(ssi_user)
        .post(
            "/api/v1/coverage/datasets/",
            {"version": "v", "effective_date": "2026-03-01", "file": upload},
            format="multipart",
        )
        .status_code
        == 403
    )
    upload = SimpleUploadedFile("coverage.csv", (HEADER + ROWS).encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(dcc_admin).post(
            "/api/v1/coverage/datasets/",
            {"version": "v9", "effective_date": "2026-03-01", "horizon_date": "2027-01-01", "file": upload},
            format="multipart",
        )
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["job"])
    assert job.status == "succeeded"
    assert job.result == {"version": "v9", "rows": 3}


def test_api_import_of_bad_file_fails_the_job(dcc_admin, api_client_for, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile(
        "coverage.csv", (HEADER + "BAD,1,1,south,connects,,cellular,,,\n").encode(), content_type="text/csv"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(dcc_admin).post(
            "/api/v1/coverage/datasets/",
            {"version": "v1", "effective_date": "2026-03-01", "file": upload},
            format="multipart",
        )
    job = Job.objects.get(pk=response.json()["job"])
    assert job.status == "failed"
    assert "postcode 'BAD'" in job.error
    assert CoverageDataset.objects.count() == 0


# --- pages ----------------------------------------------------------------------------------


def test_lookup_page_shows_variant_date_and_version(dataset, ssi_user, login):
    text = login(ssi_user).get("/coverage/", {"kind": "postcode", "value": "SW1A 1AA"}).content.decode()
    assert "Dataset 2026.03" in text
    assert "Dual-mode cellular/mesh" in text
    assert "from 1 June 2026" in text
    assert "T1 aerial" in text


def test_lookup_page_needs_permission(no_role_user, login):
    assert login(no_role_user).get("/coverage/").status_code == 403


def test_non_utf8_csv_is_a_clear_error_and_imports_nothing(dcc_admin):
    content = (HEADER + "SW1A 1AA,1,Caf\xe9,south,connects,,cellular,,,\n").encode("latin-1")
    with pytest.raises(ValidationError) as exc:
        services.coverage_dataset_import(
            actor=dcc_admin, version="latin", effective_date=date(2026, 3, 1), content=content
        )
    assert "not UTF-8" in exc.value.messages[0]
    assert CoverageDataset.objects.count() == 0


def test_api_import_of_non_utf8_file_fails_the_job(dcc_admin, api_client_for, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("coverage.csv", b"postcode,region\n\xff\xfe\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(dcc_admin).post(
            "/api/v1/coverage/datasets/",
            {"version": "v1", "effective_date": "2026-03-01", "file": upload},
            format="multipart",
        )
    job = Job.objects.get(pk=response.json()["job"])
    assert job.status == "failed"
    assert "not UTF-8" in job.error
    assert CoverageDataset.objects.count() == 0


def test_check_of_a_key_without_data_still_proves_the_check(dataset, ssi_user):
    """A postcode or UPRN the dataset has no row for was still checked (App I 4.1)."""
    with time_machine.travel(datetime(2026, 3, 1, 10, tzinfo=LONDON), tick=False):
        answer, check = services.coverage_check(actor=ssi_user, kind="postcode", value="EH1 1AA")
        services.coverage_check(actor=ssi_user, kind="uprn", value="999")
    assert answer["results"] == []
    assert check.postcodes == ["EH1 1AA"]
    installed = date(2026, 3, 20)
    assert selectors.coverage_check_proof(actor=ssi_user, installation_date=installed, postcode="EH1 1AA").valid
    assert selectors.coverage_check_proof(actor=ssi_user, installation_date=installed, uprn="999").valid


def test_proof_finds_an_old_check_behind_many_newer_ones(dataset, ssi_user):
    with time_machine.travel(datetime(2026, 3, 1, 10, tzinfo=LONDON), tick=False):
        services.coverage_check(actor=ssi_user, kind="postcode", value="SW1A 2BB")
    first = CoverageCheck.objects.get()
    CoverageCheck.objects.bulk_create(
        CoverageCheck(
            reference=f"WC-X-{n}",
            party=first.party,
            person=ssi_user,
            kind="postcode",
            query="SW1A 1AA",
            dataset=first.dataset,
            postcodes=["SW1A 1AA"],
            checked_at=datetime(2026, 3, 2, 10, tzinfo=LONDON),
        )
        for n in range(600)
    )
    proof = selectors.coverage_check_proof(actor=ssi_user, installation_date=date(2026, 3, 10), postcode="SW1A 2BB")
    assert proof.valid
    assert proof.check == first


def test_premises_number_matches_that_number_only(dcc_admin, ssi_user):
    rows = "".join(
        f"LS1 1AA,{200000000000 + n},{name},north,connects,,lrr,,,\n"
        for n, name in enumerate(["1", "10", "11", "21", "Rose Cottage", "Flat 1"], start=1)
    )
    services.coverage_dataset_import(
        actor=dcc_admin,
        version="p",
        effective_date=date(2026, 3, 1),
        horizon_date=date(2027, 1, 1),
        content=HEADER + rows,
    )
    answer, _ = services.coverage_check(actor=ssi_user, kind="address", value="LS1 1AA", premises="1")
    assert [r["premises"] for r in answer["results"]] == ["1"]
    answer, _ = services.coverage_check(actor=ssi_user, kind="address", value="LS1 1AA", premises="rose")
    assert [r["premises"] for r in answer["results"]] == ["Rose Cottage"]
    answer, _ = services.coverage_check(actor=ssi_user, kind="address", value="LS1 1AA", premises="flat 1")
    assert [r["premises"] for r in answer["results"]] == ["Flat 1"]
    answer, _ = services.coverage_check(actor=ssi_user, kind="address", value="LS1 1AA", premises="7")
    assert answer["results"] == []
