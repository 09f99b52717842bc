"""The devices demo seeder: catalogue, a home ready to install, and a request history."""

import pytest
from django.core.management import call_command

from devices.demo import NEW_HOME
from devices.models import CatalogueVersion, ServiceRequest
from inventory.models import Device

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_an_install_ready_home_and_completed_requests():
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    assert CatalogueVersion.objects.filter(is_current=True).count() == 1
    statuses = dict(Device.objects.filter(device_id__in=NEW_HOME.values()).values_list("device_type", "smi_status"))
    assert statuses == {"CHF": "pending", "GPF": "pending", "ESME": "pending", "GSME": "pending", "PPMID": "pending"}
    requests = ServiceRequest.objects.filter(party__code="northern")
    assert requests.exists()
    assert set(requests.values_list("status", flat=True)) == {"completed"}
