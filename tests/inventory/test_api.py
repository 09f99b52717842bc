"""Inventory API: scoping (404 for other Parties), pre-notification, cursor pages, sparse fields."""

import pytest

from inventory.models import Device
from tests.factories.cpl import DeviceModelFactory
from tests.factories.inventory import DeviceFactory

DEVICE_URL = "/api/v1/inventory/devices/{}/"


@pytest.fixture
def own_device(supplier_party):
    return DeviceFactory(visible_to=[supplier_party], prenotified_by_party=supplier_party)


@pytest.mark.django_db
def test_anonymous_gets_401(anon_api, own_device):
    assert anon_api.get("/api/v1/inventory/devices/").status_code == 401
    assert anon_api.get(DEVICE_URL.format(own_device.device_id)).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"), [("ssi_user", 200), ("other_user", 404), ("no_role_user", 403), ("agent", 200)]
)
def test_device_detail_authorisation(request, api_client_for, own_device, who, expected):
    person = request.getfixturevalue(who)
    response = api_client_for(person).get(DEVICE_URL.format(own_device.device_id.lower()))
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["device_id"] == own_device.device_id


@pytest.mark.django_db
def test_list_is_scoped_cursor_paginated_and_sparse(api_client_for, ssi_user, other_party, supplier_party):
    mine = [DeviceFactory(visible_to=[supplier_party]) for _ in range(3)]
    DeviceFactory(visible_to=[other_party])
    client = api_client_for(ssi_user)
    page = client.get("/api/v1/inventory/devices/?page_size=2&fields=device_id,smi_status").json()
    assert [r["device_id"] for r in page["results"]] == [mine[2].device_id, mine[1].device_id]
    assert set(page["results"][0]) == {"device_id", "smi_status"}
    assert "count" not in page
    rest = client.get(page["next"]).json()
    assert [r["device_id"] for r in rest["results"]] == [mine[0].device_id]


@pytest.mark.django_db
def test_filters_by_status_and_search(api_client_for, ssi_user, supplier_party):
    a = DeviceFactory(visible_to=[supplier_party], smi_status="commissioned", postcode="LS1 4AP")
    DeviceFactory(visible_to=[supplier_party], smi_status="pending", postcode="M1 1AE")
    client = api_client_for(ssi_user)
    rows = client.get("/api/v1/inventory/devices/?smi_status=commissioned").json()["results"]
    assert [r["device_id"] for r in rows] == [a.device_id]
    rows = client.get("/api/v1/inventory/devices/?q=ls1").json()["results"]
    assert [r["device_id"] for r in rows] == [a.device_id]
    rows = client.get(f"/api/v1/inventory/devices/?q={a.device_id.replace('-', '')}").json()["results"]
    assert [r["device_id"] for r in rows] == [a.device_id]


@pytest.mark.django_db
def test_prenotify_by_api(api_client_for, ssi_user):
    model = DeviceModelFactory()
    client = api_client_for(ssi_user)
    response = client.post(
        "/api/v1/inventory/devices/",
        {"device_id": "00:db:12:00:00:00:00:99", "device_type": "ESME", "device_model": model.pk},
    )
    assert response.status_code == 201
    assert response.json()["smi_status"] == "pending"
    again = client.post(
        "/api/v1/inventory/devices/",
        {"device_id": "00-DB-12-00-00-00-00-99", "device_type": "ESME", "device_model": model.pk},
    )
    assert again.status_code == 409
    assert again.json()["code"] == "inventory.duplicate_device"
    bad = client.post("/api/v1/inventory/devices/", {"device_id": "nope", "device_type": "ESME"})
    assert bad.status_code == 400
    assert Device.objects.count() == 1


@pytest.mark.django_db
def test_prenotify_by_api_needs_the_permission(api_client_for, no_role_user, other_user):
    model = DeviceModelFactory()
    body = {"device_id": "00-DB-12-00-00-00-00-98", "device_type": "ESME", "device_model": model.pk}
    assert api_client_for(no_role_user).post("/api/v1/inventory/devices/", body).status_code == 403
    assert not Device.objects.exists()


@pytest.mark.django_db
def test_delete_only_by_prenotifier_while_pending(api_client_for, ssi_user, other_user, own_device, other_party):
    own_device.visible_to = None
    from inventory.models import DeviceAccess

    DeviceAccess.for_device(party_id=other_party.pk, device=own_device).save()
    assert api_client_for(other_user).delete(DEVICE_URL.format(own_device.device_id)).status_code == 403
    assert api_client_for(ssi_user).delete(DEVICE_URL.format(own_device.device_id)).status_code == 204
    assert not Device.objects.exists()


@pytest.mark.django_db
def test_history_system_and_responsible(api_client_for, ssi_user, supplier_party):
    chf = DeviceFactory(chf=True, visible_to=[supplier_party])
    meter = DeviceFactory(hub=chf, visible_to=[supplier_party])
    client = api_client_for(ssi_user)
    system = client.get(DEVICE_URL.format(meter.device_id) + "system/").json()
    assert system["hub"] == chf.device_id
    assert {d["device_id"] for d in system["devices"]} == {chf.device_id, meter.device_id}
    assert client.get(DEVICE_URL.format(meter.device_id) + "history/").json() == []
    resp = client.get(DEVICE_URL.format(meter.device_id) + "responsible/?at=2025-01-01T00:00:00Z")
    assert resp.json()["suppliers"] == []
    assert client.get(DEVICE_URL.format(meter.device_id) + "responsible/?at=garbage").status_code == 400


@pytest.mark.django_db
def test_cpl_api_read_for_all_write_for_admins(
    api_client_for, ssi_user, make_person, dcc_party, django_capture_on_commit_callbacks
):
    from portal.choices import PortalRole

    admin = make_person(dcc_party, PortalRole.CPL_ADMINISTRATOR, email="cpl@dcc.test")
    model = DeviceModelFactory()
    assert api_client_for(ssi_user).get("/api/v1/cpl/device-models/").json()["count"] == 1
    denied = api_client_for(ssi_user).post(f"/api/v1/cpl/device-models/{model.pk}/remove/", {"reason": "x"})
    assert denied.status_code == 403
    model.refresh_from_db()
    assert model.status == "current"
    with django_capture_on_commit_callbacks(execute=True):
        ok = api_client_for(admin).post(f"/api/v1/cpl/device-models/{model.pk}/remove/", {"reason": "withdrawn"})
    assert ok.status_code == 200
    assert ok.json()["status"] == "removed"
    again = api_client_for(admin).post(f"/api/v1/cpl/device-models/{model.pk}/remove/", {"reason": "again"})
    assert again.status_code == 409
    history = api_client_for(ssi_user).get(f"/api/v1/cpl/device-models/{model.pk}/history/").json()
    assert [h["kind"] for h in history] == ["removed"]


@pytest.mark.django_db
def test_registration_file_by_api_is_for_dcc_administrators(
    api_client_for, ssi_user, make_person, dcc_party, supplier_party, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inventory.models import Registration
    from portal.choices import PortalRole
    from tests.factories.inventory import mpan_sequence

    body = f"mpxn,role,party,effective_from\n{mpan_sequence(9)},EIS,northern,2024-01-01\n".encode()
    denied = api_client_for(ssi_user).post(
        "/api/v1/inventory/registration-imports/", {"file": SimpleUploadedFile("r.csv", body)}, format="multipart"
    )
    assert denied.status_code == 403
    admin = make_person(dcc_party, PortalRole.DCC_ADMINISTRATOR, email="dadmin@dcc.test")
    with django_capture_on_commit_callbacks(execute=True):
        ok = api_client_for(admin).post(
            "/api/v1/inventory/registration-imports/", {"file": SimpleUploadedFile("r.csv", body)}, format="multipart"
        )
    assert ok.status_code == 202
    assert Registration.objects.get().party == supplier_party
