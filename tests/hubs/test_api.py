"""The hubs API: authorisation (anonymous, other Party, no permission, permitted) and the main actions."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from inventory.hubs.choices import OrderStatus
from inventory.hubs.models import DeliveryLocation, Order
from portal.choices import PortalRole

from .helpers import place_order

pytestmark = pytest.mark.django_db


def order_payload(location, single_band, dual_band, single=320, dual=320):
    return {
        "region": "north",
        "consignments": [
            {
                "location": location.pk,
                "delivery_date": "2026-08-04",
                "window_start": "09:00",
                "window_end": "12:00",
                "quantities": {single_band.code: single, dual_band.code: dual},
            }
        ],
    }


def test_anonymous_is_refused(anon_api):
    assert anon_api.get("/api/v1/hubs/orders/").status_code in (401, 403)


def test_preview_then_order_via_api(
    clock, ssi_user, api_client_for, forecasts, location, single_band, dual_band, django_capture_on_commit_callbacks
):
    api = api_client_for(ssi_user)
    preview = api.post(
        "/api/v1/hubs/orders/preview/", order_payload(location, single_band, dual_band, single=280), format="json"
    )
    assert preview.status_code == 200
    body = preview.json()
    assert body["compliance"]["single_band"] == {
        "quantity": 280,
        "forecast_10": 400,
        "forecast_7": 400,
        "minimum": 320,
        "maximum": 480,
        "compliant": False,
    }
    assert body["is_compliant"] is False
    assert body["delivery_month"] == "2026-08-01"
    assert Order.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post("/api/v1/hubs/orders/", order_payload(location, single_band, dual_band), format="json")
    assert created.status_code == 201, created.content
    order = Order.objects.get()
    assert order.status == OrderStatus.ACCEPTED
    assert api.get(f"/api/v1/hubs/orders/{order.pk}/").json()["oms_reference"] == order.oms_reference


def test_unknown_device_model_is_a_clear_error(
    clock, ssi_user, api_client_for, forecasts, location, single_band, dual_band
):
    payload = order_payload(location, single_band, dual_band)
    payload["consignments"][0]["quantities"]["no-such-model"] = 10
    response = api_client_for(ssi_user).post("/api/v1/hubs/orders/", payload, format="json")
    assert response.status_code == 400
    assert "unknown Device Model(s) no-such-model" in response.content.decode()
    assert Order.objects.count() == 0


def test_location_outside_gb_refused(ssi_user, api_client_for):
    payload = {
        "name": "Belfast",
        "address_line1": "1 Quay",
        "town": "Belfast",
        "postcode": "BT1 1AA",
        "operating_hours": "9-5",
        "contact_name": "A",
        "contact_email": "a@example.test",
        "contact_phone": "1",
    }
    response = api_client_for(ssi_user).post("/api/v1/hubs/locations/", payload, format="json")
    assert response.status_code == 400
    assert "Great Britain" in response.content.decode()
    assert DeliveryLocation.objects.count() == 0
    payload["postcode"] = "ls11 5ps"
    assert (
        api_client_for(ssi_user).post("/api/v1/hubs/locations/", payload, format="json").json()["postcode"]
        == "LS11 5PS"
    )


@pytest.mark.parametrize("who", ["other_party", "no_permission", "permitted", "dcc"])
def test_order_visibility(
    who,
    clock,
    ssi_user,
    other_user,
    no_role_user,
    dcc_admin,
    api_client_for,
    forecasts,
    location,
    single_band,
    dual_band,
):
    order = place_order(ssi_user, location, single_band, dual_band)
    user = {"other_party": other_user, "no_permission": no_role_user, "permitted": ssi_user, "dcc": dcc_admin}[who]
    response = api_client_for(user).get(f"/api/v1/hubs/orders/{order.pk}/")
    assert response.status_code == {"other_party": 404, "no_permission": 403, "permitted": 200, "dcc": 200}[who]
    listed = api_client_for(user).get("/api/v1/hubs/orders/")
    if who == "other_party":
        assert listed.json()["count"] == 0


@pytest.mark.parametrize("who", ["other_party", "no_permission", "permitted"])
def test_cancel_authorisation(
    who,
    clock,
    ssi_user,
    other_user,
    make_person,
    supplier_party,
    api_client_for,
    forecasts,
    location,
    single_band,
    dual_band,
    django_capture_on_commit_callbacks,
):
    order = place_order(ssi_user, location, single_band, dual_band, capture=django_capture_on_commit_callbacks)
    consignment = order.consignments.get()
    viewer_only = make_person(supplier_party, PortalRole.SSI_USER, email="v@northern.test")
    viewer_only.groups.clear()
    user = {"other_party": other_user, "no_permission": viewer_only, "permitted": ssi_user}[who]
    response = api_client_for(user).post(
        f"/api/v1/hubs/consignments/{consignment.pk}/cancel/", {"reason": "no longer needed"}, format="json"
    )
    consignment.refresh_from_db()
    if who == "permitted":
        assert response.status_code == 200
        assert consignment.status == "cancelled"
    else:
        assert response.status_code == {"other_party": 404, "no_permission": 403}[who]
        assert consignment.status == "scheduled"


def test_deliver_and_status_update_and_rma_via_api(
    clock,
    ssi_user,
    dcc_admin,
    api_client_for,
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
    dcc = api_client_for(dcc_admin)
    party = api_client_for(ssi_user)
    assert party.post(f"/api/v1/hubs/consignments/{consignment.pk}/deliver/", {}, format="json").status_code == 403
    delivered = dcc.post(
        f"/api/v1/hubs/consignments/{consignment.pk}/deliver/",
        {"delivered": {str(lines[single_band.pk]): 1, str(lines[dual_band.pk]): 0}},
        format="json",
    )
    assert delivered.status_code == 200
    assert delivered.json()["status"] == "delivered"
    hub = party.get("/api/v1/hubs/hubs/").json()["results"][0]
    chf = hub["chf_id"]
    bad = party.post(
        "/api/v1/hubs/hubs/status-updates/",
        {
            "chf_id": chf,
            "service_request": "8.14.3",
            "occurred_on": "2026-03-03",
            "return_reason": "e",
            "fault_type": "x",
        },
        format="json",
    )
    assert bad.status_code == 400
    update = party.post(
        "/api/v1/hubs/hubs/status-updates/",
        {
            "chf_id": chf.replace("-", ""),
            "service_request": "8.14.3",
            "occurred_on": "2026-03-03",
            "return_reason": "f",
            "fault_type": "No LEDs",
        },
        format="json",
    )
    assert update.status_code == 201, update.content
    assert update.json()["service_request"] == "8.14.3"
    assert update.json()["channel"] == "api"
    rma = party.post(
        "/api/v1/hubs/rmas/",
        {
            "chf_ids": [chf],
            "location": returns_location.pk,
            "return_date": "2026-03-10",
            "contact_name": "Jo",
            "contact_email": "jo@example.test",
            "contact_phone": "01",
        },
        format="json",
    )
    assert rma.status_code == 201, rma.content
    label = rma.json()["label_url"]
    from django.test import Client

    from tests.conftest import _verified_client

    page = _verified_client(ssi_user, Client()).get(label)
    assert page.status_code == 200
    text = page.content.decode()
    assert chf in text, text[text.find("<main") : text.find("</main>")]
    assert rma.json()["booking_reference"] in text
    assert "90-B3-D5-1F-30-01-00-02" in text


def test_other_party_cannot_send_status_update_for_my_hub(
    clock,
    ssi_user,
    other_user,
    dcc_admin,
    api_client_for,
    forecasts,
    location,
    single_band,
    dual_band,
    django_capture_on_commit_callbacks,
):
    order = place_order(ssi_user, location, single_band, dual_band, capture=django_capture_on_commit_callbacks)
    consignment = order.consignments.get()
    lines = {line.product_id: line.pk for line in consignment.lines.all()}
    api_client_for(dcc_admin).post(
        f"/api/v1/hubs/consignments/{consignment.pk}/deliver/",
        {"delivered": {str(lines[single_band.pk]): 1, str(lines[dual_band.pk]): 0}},
        format="json",
    )
    chf = consignment.hubs.get().chf_id
    response = api_client_for(other_user).post(
        "/api/v1/hubs/hubs/status-updates/",
        {"chf_id": chf, "service_request": "8.14.1", "occurred_on": "2026-03-03"},
        format="json",
    )
    assert response.status_code == 404
    assert consignment.hubs.get().status == "delivered"


def test_forecast_via_api(clock, ssi_user, api_client_for):
    months = [
        {"total": 80, "single_band": 40 if i < 10 else None, "dual_band": 40 if i < 10 else None} for i in range(24)
    ]
    response = api_client_for(ssi_user).post(
        "/api/v1/hubs/forecasts/", {"region": "central", "months": months}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["first_month"] == "2026-09-01"
    assert len(response.json()["months"]) == 24
    with time_machine.travel(datetime(2026, 3, 30, 9, tzinfo=ZoneInfo("Europe/London")), tick=False):
        late = api_client_for(ssi_user).post(
            "/api/v1/hubs/forecasts/", {"region": "central", "months": months}, format="json"
        )
    assert late.status_code == 400
    assert "deadline" in late.content.decode()
    assert date(2026, 3, 1).isoformat() == response.json()["submitted_month"]


def test_order_list_query_count_does_not_grow(
    clock, ssi_user, api_client_for, forecasts, location, single_band, dual_band, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_client_for(ssi_user)
    place_order(ssi_user, location, single_band, dual_band)
    with CaptureQueriesContext(connection) as one:
        assert api.get("/api/v1/hubs/orders/").status_code == 200
    for region in ("central", "south"):
        Order.objects.create(
            party=ssi_user.party,
            region=region,
            reference=f"CHO-{region}",
            submission_month=date(2026, 3, 1),
            delivery_month=date(2026, 8, 1),
            submitted_at=datetime(2026, 3, 3, tzinfo=ZoneInfo("UTC")),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert api.get("/api/v1/hubs/orders/").json()["count"] == 3


def test_cancellation_estimate_via_api(
    clock,
    ssi_user,
    dcc_admin,
    api_client_for,
    forecasts,
    location,
    single_band,
    dual_band,
    django_capture_on_commit_callbacks,
):
    order = place_order(ssi_user, location, single_band, dual_band, capture=django_capture_on_commit_callbacks)
    pk = order.consignments.get().pk
    assert (
        api_client_for(dcc_admin)
        .post(f"/api/v1/hubs/consignments/{pk}/estimate-request/", {}, format="json")
        .status_code
        == 403
    )
    requested = api_client_for(ssi_user).post(f"/api/v1/hubs/consignments/{pk}/estimate-request/", {}, format="json")
    assert requested.status_code == 200
    assert requested.json()["estimate_due_on"] == "2026-07-28"
    given = api_client_for(dcc_admin).post(
        f"/api/v1/hubs/consignments/{pk}/estimate/", {"amount": "980.50"}, format="json"
    )
    assert given.status_code == 200
    assert given.json()["estimate_amount"] == "980.50"
