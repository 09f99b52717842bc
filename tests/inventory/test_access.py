"""The DeviceAccess read model: who sees what, and its copies of status and model stay in step."""

import pytest

from inventory.filters import DeviceFilterSet
from inventory.models import DeviceAccess
from inventory.selectors import device_list
from inventory.services import device_change_model, device_prenotify
from inventory.transitions import transition
from tests.factories.cpl import DeviceModelFactory
from tests.factories.inventory import DeviceFactory


def _copies(device):
    return set(DeviceAccess.objects.filter(device=device).values_list("smi_status", "device_model_id"))


@pytest.mark.django_db
def test_copies_follow_transitions_suspension_and_model_changes(
    ssi_user, cpl_admin, django_capture_on_commit_callbacks
):
    from cpl.services import device_model_reinstate, device_model_remove

    model = DeviceModelFactory()
    device = device_prenotify(
        actor=ssi_user, device_id="00-DB-12-00-00-00-AA-01", device_type="ESME", device_model=model
    )
    assert _copies(device) == {("pending", model.pk)}
    transition(device=device, to="whitelisted", actor=None, reason="CCS01", trigger="ccs01_response")
    assert _copies(device) == {("whitelisted", model.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        device_model_remove(actor=cpl_admin, device_model=model, reason="withdrawn")
    assert _copies(device) == {("suspended", model.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        device_model_reinstate(actor=cpl_admin, device_model=model, reason="back")
    assert _copies(device) == {("whitelisted", model.pk)}
    newer = DeviceModelFactory()
    device.refresh_from_db()
    device_change_model(device=device, device_model=newer, reason="firmware")
    assert _copies(device) == {("whitelisted", newer.pk)}


@pytest.mark.django_db
def test_filtered_list_for_a_party_uses_the_copies_and_matches_the_device_filter(ssi_user, supplier_party):
    model, other = DeviceModelFactory(), DeviceModelFactory()
    wanted = DeviceFactory(device_model=model, smi_status="commissioned", visible_to=[supplier_party])
    DeviceFactory(device_model=model, smi_status="pending", visible_to=[supplier_party])
    DeviceFactory(device_model=other, smi_status="commissioned", visible_to=[supplier_party])
    DeviceFactory(device_model=model, smi_status="commissioned")  # not visible
    data = {"smi_status": ["commissioned"], "device_model": str(model.pk)}
    qs = DeviceFilterSet(data, queryset=device_list(actor=ssi_user), actor=ssi_user).qs
    assert list(qs) == [wanted]
    assert "inventory_deviceaccess" in str(qs.query).split("WHERE", 1)[1]


@pytest.mark.django_db
def test_batched_refresh_writes_once_when_the_block_ends(supplier_party, django_assert_num_queries):
    from django.db import transaction

    from inventory.services import access_refresh_batched, device_access_refresh

    device = DeviceFactory(prenotified_by_party=supplier_party)
    DeviceAccess.objects.filter(device=device).delete()
    with transaction.atomic(), access_refresh_batched():
        with django_assert_num_queries(0):
            assert device_access_refresh(devices=[device]) == 0
            device_access_refresh(devices=[device.pk])
        assert not DeviceAccess.objects.filter(device=device).exists()  # nothing yet
    assert set(DeviceAccess.objects.filter(device=device).values_list("party_id", flat=True)) == {supplier_party.pk}


@pytest.mark.django_db
def test_batched_refresh_writes_nothing_when_the_block_fails(supplier_party):
    from django.db import transaction

    from inventory.services import access_refresh_batched, device_access_refresh

    device = DeviceFactory(prenotified_by_party=supplier_party)
    DeviceAccess.objects.filter(device=device).delete()

    def failing_batch():
        with transaction.atomic(), access_refresh_batched():
            device_access_refresh(devices=[device])
            raise LookupError("the batch fails")

    with pytest.raises(LookupError, match="the batch fails"):
        failing_batch()
    assert not DeviceAccess.objects.filter(device=device).exists()
