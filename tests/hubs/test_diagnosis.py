"""Returns records and CH Fault Diagnosis: the DCC's steps and the silence rules (F9.9-F9.14, App I 11)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from inventory.hubs import services
from inventory.hubs.choices import ReturnsRecordStatus
from inventory.hubs.models import ReturnsRecord

from .helpers import place_order

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def record(
    clock,
    ssi_user,
    dcc_admin,
    forecasts,
    location,
    single_band,
    dual_band,
    returns_location,
    django_capture_on_commit_callbacks,
):
    order = place_order(ssi_user, location, single_band, dual_band, capture=django_capture_on_commit_callbacks)
    consignment = order.consignments.get()
    lines = {line.product_id: line.pk for line in consignment.lines.all()}
    services.consignment_deliver(
        actor=dcc_admin, consignment=consignment, delivered={lines[single_band.pk]: 1, lines[dual_band.pk]: 0}
    )
    hub = consignment.hubs.get()
    services.hub_status_update(
        actor=ssi_user, hub=hub, kind="8.14.3", occurred_on=date(2026, 3, 3), return_reason="f", fault_type="Dead"
    )
    hub.refresh_from_db()
    rma = services.rma_request(
        actor=ssi_user,
        hubs=[hub],
        location=returns_location,
        return_date=date(2026, 3, 10),
        contact_name="Jo",
        contact_email="jo@example.test",
        contact_phone="01",
    )
    services.rma_receive(actor=dcc_admin, rma=rma, received_chf_ids=[hub.chf_id])
    return ReturnsRecord.objects.get(hub=hub)


def test_receiving_a_return_opens_a_record(record):
    assert (record.status, record.stated_reason, record.opened_on, record.notice_due_on) == (
        ReturnsRecordStatus.OPEN,
        "f",
        date(2026, 3, 3),
        date(2026, 3, 13),
    )


def test_dcc_silence_lets_the_party_reason_stand(record):
    assert services.returns_records_sweep(today=date(2026, 3, 13)) == 0
    assert services.returns_records_sweep(today=date(2026, 3, 14)) == 1
    record.refresh_from_db()
    assert (record.status, record.final_reason) == (ReturnsRecordStatus.CLOSED, "f")


def test_report_disputing_then_no_objection_closes_with_dcc_reason(record, dcc_admin):
    services.returns_record_notice(actor=dcc_admin, record=record)
    record.refresh_from_db()
    assert (record.status, record.report_due_on) == (ReturnsRecordStatus.UNDER_ANALYSIS, date(2026, 4, 7))
    services.returns_record_report(
        actor=dcc_admin, record=record, determined_reason="d", report="Water ingress: damage at the premises"
    )
    record.refresh_from_db()
    assert (record.status, record.objection_due_on) == (ReturnsRecordStatus.REPORT_ISSUED, date(2026, 4, 7))
    assert services.returns_records_sweep(today=date(2026, 4, 8)) == 1
    record.refresh_from_db()
    assert (record.status, record.final_reason) == (ReturnsRecordStatus.CLOSED, "d")


def test_objection_and_undecided_panel_favour_the_party(record, dcc_admin):
    services.returns_record_notice(actor=dcc_admin, record=record)
    services.returns_record_report(actor=dcc_admin, record=record, determined_reason="d", report="Damage")
    services.returns_record_objection(actor=dcc_admin, record=record, objection="The hub failed in service")
    services.returns_record_panel_decision(actor=dcc_admin, record=record, reason=None, outcome="")
    record.refresh_from_db()
    assert (record.status, record.final_reason) == (ReturnsRecordStatus.CLOSED, "f")


def test_late_notice_is_refused(record, dcc_admin):
    with time_machine.travel(datetime(2026, 3, 14, 9, tzinfo=LONDON), tick=False), pytest.raises(ValidationError):
        services.returns_record_notice(actor=dcc_admin, record=record)
    record.refresh_from_db()
    assert record.status == ReturnsRecordStatus.OPEN


@pytest.mark.parametrize(("who", "status"), [("other_user", 404), ("ssi_user", 200), ("dcc_admin", 200)])
def test_record_visibility_and_dcc_only_actions(who, status, request, record, api_client_for):
    api = api_client_for(request.getfixturevalue(who))
    assert api.get(f"/api/v1/hubs/returns-records/{record.pk}/").status_code == status
    response = api.post(f"/api/v1/hubs/returns-records/{record.pk}/notice/", {}, format="json")
    assert response.status_code == {"other_user": 403, "ssi_user": 403, "dcc_admin": 200}[who]
    record.refresh_from_db()
    expected = ReturnsRecordStatus.UNDER_ANALYSIS if who == "dcc_admin" else ReturnsRecordStatus.OPEN
    assert record.status == expected
