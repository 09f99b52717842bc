"""Every page of the hubs area renders for a Supplier and for DCC staff once a full flow has run."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from inventory.hubs import services
from inventory.hubs.choices import RecallReason

from .helpers import place_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow(
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
        actor=dcc_admin, consignment=consignment, delivered={lines[single_band.pk]: 2, lines[dual_band.pk]: 0}
    )
    hub = consignment.hubs.order_by("pk").first()
    services.hub_status_update(
        actor=ssi_user, hub=hub, kind="8.14.3", occurred_on=date(2026, 3, 3), return_reason="f", fault_type="Dead"
    )
    hub.refresh_from_db()
    with time_machine.travel(datetime(2026, 3, 3, 11, tzinfo=ZoneInfo("Europe/London")), tick=False):
        rma = services.rma_request(
            actor=ssi_user,
            hubs=[hub],
            location=returns_location,
            return_date=date(2026, 3, 10),
            contact_name="Jo",
            contact_email="jo@example.test",
            contact_phone="01",
        )
    recall = services.recall_create(
        actor=dcc_admin,
        reason=RecallReason.TECHNOLOGY_REFRESH,
        description="Refresh",
        hubs=list(consignment.hubs.all()),
    )
    forecast = order.party.hub_forecasts.first()
    return {
        "order": order,
        "consignment": consignment,
        "hub": hub,
        "rma": rma,
        "recall": recall,
        "forecast": forecast,
        "location": location,
    }


@pytest.mark.parametrize("who", ["ssi_user", "dcc_admin"])
def test_every_page_renders(who, request, flow, login):
    client = login(request.getfixturevalue(who))
    urls = [
        "/hubs/",
        "/hubs/locations/",
        "/hubs/forecasts/",
        f"/hubs/forecasts/{flow['forecast'].pk}/",
        "/hubs/orders/",
        f"/hubs/orders/{flow['order'].pk}/",
        f"/hubs/consignments/{flow['consignment'].pk}/",
        "/hubs/hubs/",
        f"/hubs/hubs/{flow['hub'].pk}/",
        "/hubs/returns/",
        "/hubs/returns-records/",
        "/hubs/returns-records/?status=open",
        f"/hubs/returns/{flow['rma'].pk}/",
        f"/hubs/returns/{flow['rma'].pk}/label/?copies=2",
        "/hubs/recalls/",
        f"/hubs/recalls/{flow['recall'].pk}/",
        "/",
        "/service/",
        "/service/maintenance/",
        "/service/help/",
        "/service/forms/",
        "/service/feedback/?page=/hubs/",
        "/coverage/checks/",
        "/coverage/checks/proof/",
        "/coverage/datasets/",
    ]
    if who == "ssi_user":
        urls += [
            "/hubs/locations/new/",
            f"/hubs/locations/{flow['location'].pk}/",
            "/hubs/forecasts/new/",
            "/hubs/orders/new/?region=central",
            "/hubs/returns/new/",
        ]
    else:
        urls += [
            "/hubs/recalls/new/",
            "/service/maintenance/new/",
            "/service/notices/new/",
            "/service/help/new/",
            "/service/feedback/review/",
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_feedback_link_appears_once_on_hubs_pages(ssi_user, login):
    """The footer's 'Feedback on this page' link comes from base.html; the hubs pages must not add a second."""
    client = login(ssi_user)
    for url in ("/hubs/", "/hubs/orders/", "/hubs/orders/new/", "/hubs/returns/"):
        body = client.get(url).content.decode()
        assert body.count("Feedback on this page") == 1, url
