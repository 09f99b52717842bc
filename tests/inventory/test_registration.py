"""Registration Data: MPxN validation, registrations over time, the RDP file import (§7)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory.identifiers import normalise_mpan, normalise_mprn
from inventory.models import MeterPoint, Registration
from inventory.services import meter_point_upsert, registration_import_start, registration_record
from portal.exceptions import ApplicationError, NotPermitted
from tests.factories.inventory import mpan_sequence


def test_mpan_check_digit():
    good = mpan_sequence(42)
    assert normalise_mpan(f" {good[:4]} {good[4:]} ") == good
    bad = good[:12] + str((int(good[12]) + 1) % 10)
    with pytest.raises(ValidationError, match="check digit"):
        normalise_mpan(bad)
    with pytest.raises(ValidationError, match="13 digits"):
        normalise_mpan("12345")


@pytest.mark.parametrize("value", ["12345", "12345678901", "12a456"])
def test_mprn_length(value):
    with pytest.raises(ValidationError):
        normalise_mprn(value)


@pytest.mark.django_db
def test_change_of_supplier_closes_the_previous_registration(supplier_party):
    from tests.factories.portal import PartyFactory, PartyUserRoleFactory

    gaining = PartyFactory(code="gaining")
    PartyUserRoleFactory(party=gaining, role="EIS")
    point = meter_point_upsert(mpxn=mpan_sequence(1))
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    registration_record(meter_point=point, role="EIS", party=supplier_party, effective_from=t0)
    registration_record(meter_point=point, role="EIS", party=gaining, effective_from=t0 + timedelta(days=200))
    first, second = Registration.objects.order_by("effective_from")
    assert first.effective_to == second.effective_from
    # Re-sending the same record is idempotent.
    registration_record(meter_point=point, role="EIS", party=gaining, effective_from=t0 + timedelta(days=200))
    assert Registration.objects.count() == 2


@pytest.mark.django_db
def test_registration_refuses_roles_the_party_does_not_hold_or_the_fuel_does_not_have(supplier_party, other_party):
    point = meter_point_upsert(mpxn=mpan_sequence(2))
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    with pytest.raises(ApplicationError):
        registration_record(meter_point=point, role="GIS", party=other_party, effective_from=t0)
    with pytest.raises(ApplicationError):
        registration_record(meter_point=point, role="ENO", party=supplier_party, effective_from=t0)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_rdp_file_applies_valid_records_and_reports_bad_ones(
    make_person, dcc_party, supplier_party, other_party, django_capture_on_commit_callbacks
):
    from portal.choices import PortalRole

    admin = make_person(dcc_party, PortalRole.DCC_ADMINISTRATOR, email="dadmin@dcc.test")
    bad_check = mpan_sequence(4)[:12] + str((int(mpan_sequence(4)[12]) + 1) % 10)
    content = (
        "mpxn,role,party,effective_from,effective_to,postcode\n"
        f"{mpan_sequence(3)},EIS,northern,2024-01-01,,LS1 4AP\n"
        f"{bad_check},EIS,northern,2024-01-01,,\n"
        "1234567,GIS,dales,2023-05-01,,\n"
        "1234568,GIS,nobody,2023-05-01,,\n"
        f"{mpan_sequence(5)},EIS,northern,2024-13-01,,\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        job = registration_import_start(actor=admin, uploaded_file=SimpleUploadedFile("rdp.csv", content))
    job.refresh_from_db()
    assert (job.result["applied"], job.result["errors"]) == (2, 3)
    assert sorted(e["line"] for e in job.result["first_errors"]) == [3, 5, 6]
    assert set(MeterPoint.objects.values_list("mpxn", flat=True)) >= {mpan_sequence(3), "1234567"}
    assert not MeterPoint.objects.filter(mpxn=bad_check).exists()


@pytest.mark.django_db
def test_only_dcc_administrators_load_rdp_files(ssi_user):
    with pytest.raises(NotPermitted):
        registration_import_start(actor=ssi_user, uploaded_file=SimpleUploadedFile("r.csv", b"mpxn\n"))
