"""Leaving the SMI: SR 8.4 delete and the 12-month Pending expiry with N8 (§2.3 rows 4-5)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory.models import Device
from inventory.services import device_delete, devices_expire_pending
from portal.exceptions import ApplicationError, NotPermitted
from portal.models import AuditEvent, OutboxMessage
from tests.factories.inventory import DeviceFactory


@pytest.mark.django_db
def test_pending_for_12_months_is_removed_with_n8_to_the_prenotifier(supplier_party):
    old = DeviceFactory(
        prenotified_by_party=supplier_party,
        prenotified_by_role="EIS",
        pending_since=timezone.now() - timedelta(days=366),
    )
    young = DeviceFactory(prenotified_by_party=supplier_party, pending_since=timezone.now() - timedelta(days=300))
    hub = DeviceFactory(chf=True, pending_since=timezone.now() - timedelta(days=400))
    assert devices_expire_pending() == 1
    assert set(Device.objects.values_list("pk", flat=True)) == {young.pk, hub.pk}
    message = OutboxMessage.objects.get(code="N8")
    assert (message.device_id, message.party, message.user_role) == (old.device_id, supplier_party, "EIS")
    assert AuditEvent.objects.filter(action="inventory.device_expired").count() == 1
    assert devices_expire_pending() == 0  # idempotent


@pytest.mark.django_db
def test_delete_only_pending_and_only_by_the_prenotifier(ssi_user, other_user, supplier_party):
    device = DeviceFactory(prenotified_by_party=supplier_party, smi_status="whitelisted")
    with pytest.raises(ApplicationError):
        device_delete(actor=ssi_user, device=device)
    device.smi_status = "pending"
    device.save()
    with pytest.raises(NotPermitted):
        device_delete(actor=other_user, device=device)
    assert Device.objects.filter(pk=device.pk).exists()
    device_delete(actor=ssi_user, device=device)
    assert not Device.objects.exists()


@pytest.mark.django_db
def test_deleting_a_chf_deletes_its_gpf(ssi_user, supplier_party):
    chf = DeviceFactory(chf=True, prenotified_by_party=supplier_party)
    DeviceFactory(gpf=True, hub=chf)
    device_delete(actor=ssi_user, device=chf)
    assert not Device.objects.exists()
