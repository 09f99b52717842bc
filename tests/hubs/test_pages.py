"""SSI pages of CH ordering: the live tolerance check, page authorisation, the RMA label."""

import pytest

from inventory.hubs.models import Order

from .helpers import place_order

pytestmark = pytest.mark.django_db


def form_data(location, single_band, dual_band, single, dual, **extra):
    return {
        "region": "north",
        "c1_location": location.pk,
        "c1_date": "2026-08-04",
        "c1_window_start": "09:00",
        "c1_window_end": "12:00",
        f"c1_p{single_band.pk}": single,
        f"c1_p{dual_band.pk}": dual,
        "c1_t1": 0,
        "c1_t2": 0,
        **extra,
    }


def test_live_check_fragment_flags_non_compliance_and_saves_nothing(
    clock, ssi_user, login, forecasts, location, single_band, dual_band
):
    client = login(ssi_user)
    response = client.post(
        "/hubs/orders/new/?region=north", form_data(location, single_band, dual_band, 280, 320), HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert "320 – 480" in text
    assert "Outside tolerance" in text
    assert "280" in text
    assert Order.objects.count() == 0


def test_submit_from_page_redirects_to_order(
    clock, ssi_user, login, forecasts, location, single_band, dual_band, django_capture_on_commit_callbacks
):
    client = login(ssi_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/hubs/orders/new/?region=north", form_data(location, single_band, dual_band, 320, 320, action="submit")
        )
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/hubs/orders/{order.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Accepted (compliant)" in page
    assert order.oms_reference in page


def test_submit_breaking_packaging_shows_errors(clock, ssi_user, login, forecasts, location, single_band, dual_band):
    response = login(ssi_user).post(
        "/hubs/orders/new/?region=north", form_data(location, single_band, dual_band, 325, 320, action="submit")
    )
    assert response.status_code == 200
    assert "whole number of cartons of 10" in response.content.decode()
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"), [("other_user", 404), ("no_role_user", 403), ("ssi_user", 200), ("dcc_admin", 200)]
)
def test_order_page_authorisation(
    who, status, request, clock, ssi_user, login, forecasts, location, single_band, dual_band
):
    order = place_order(ssi_user, location, single_band, dual_band)
    user = request.getfixturevalue(who)
    assert login(user).get(f"/hubs/orders/{order.pk}/").status_code == status


def test_order_form_needs_ordering_profile(clock, no_role_user, dcc_admin, login):
    assert login(no_role_user).get("/hubs/orders/new/").status_code == 403
    assert login(dcc_admin).get("/hubs/orders/new/").status_code == 403


def test_overview_shows_deadline_and_delivery_month(clock, ssi_user, login):
    text = login(ssi_user).get("/hubs/").content.decode()
    assert "Tuesday 24 March 2026" in text
    assert "August 2026" in text


def test_orders_csv_export(clock, ssi_user, login, forecasts, location, single_band, dual_band):
    order = place_order(ssi_user, location, single_band, dual_band)
    response = login(ssi_user).get("/hubs/orders/?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert order.reference in body


def test_order_list_filters_as_fragment_and_sorts(
    clock, ssi_user, dcc_admin, login, forecasts, location, single_band, dual_band
):
    order = place_order(ssi_user, location, single_band, dual_band)
    fragment = login(ssi_user).get(
        "/hubs/orders/", {"region": "north", "sort": "-delivery_month"}, HTTP_HX_REQUEST="true"
    )
    text = fragment.content.decode()
    assert "<html" not in text
    assert order.reference in text
    assert (
        order.reference
        not in login(ssi_user).get("/hubs/orders/", {"region": "south"}, HTTP_HX_REQUEST="true").content.decode()
    )
    dcc_page = login(dcc_admin).get("/hubs/orders/").content.decode()
    assert "Northern Lights Energy" in dcc_page
    assert "Decision due" in dcc_page
