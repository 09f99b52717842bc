"""SR 8.14.2 'Install No SM WAN': the DCC opens an Incident with the location's coverage details
(App I 4.10). The listener lives in the incidents app; the hubs app calls it in its transaction."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from incidents.models import Incident
from inventory.hubs import services
from inventory.models import Device
from tests.hubs.test_delivery_returns import accepted_order, delivered  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _install_no_wan(hub, user, **conditions):
    with time_machine.travel(datetime(2026, 8, 20, 9, 0, tzinfo=LONDON), tick=False):
        return services.hub_status_update(
            actor=user, hub=hub, kind="8.14.2", occurred_on=date(2026, 8, 19), **conditions
        )


def test_install_no_wan_opens_an_incident_for_the_supplier(delivered, ssi_user, settings):  # noqa: F811
    hub = delivered.hubs.order_by("pk").first()
    Device.objects.filter(device_id=hub.chf_id).update(postcode="ZZ9 9ZZ")
    _install_no_wan(hub, ssi_user, metallic_obstruction=True, stone_walls=False, shared_area=True)
    incident = Incident.objects.get(device_id=hub.chf_id)
    assert incident.party == ssi_user.party
    assert incident.raised_by == ssi_user
    assert incident.proposed_category == settings.INCIDENTS_NO_WAN_CATEGORY
    assert incident.party_reference == f"SR 8.14.2 {hub.chf_id}"
    assert "Significant Metallic Obstruction" in incident.triage_details
    assert "shared or communal area" in incident.triage_details
    assert "Substantial stone walls" not in incident.triage_details


def test_other_status_updates_open_no_incident(delivered, ssi_user):  # noqa: F811
    hub = delivered.hubs.order_by("pk").first()
    with time_machine.travel(datetime(2026, 8, 20, 9, 0, tzinfo=LONDON), tick=False):
        services.hub_status_update(actor=ssi_user, hub=hub, kind="8.14.1", occurred_on=date(2026, 8, 19))
    assert not Incident.objects.exists()
