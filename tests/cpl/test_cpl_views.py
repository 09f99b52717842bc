"""CPL pages for CPL administrators: add, edit, remove with a reason, import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cpl.models import DeviceModel
from tests.factories.cpl import DeviceModelFactory

FORM = {
    "device_type": "GSME",
    "manufacturer_id": "ab12",
    "manufacturer_name": "Flowline",
    "model_id": "0301",
    "model_name": "FG",
    "hardware_version": "1.0",
    "firmware_version": "5.0",
    "firmware_hash": "b" * 64,
    "smets_chts_version": "SMETS2",
    "gbcs_version": "",
    "cpa_certificate_ref": "",
    "cpa_expiry": "",
    "image_creator": "",
    "image_descriptor": "",
}


@pytest.mark.django_db
def test_admin_adds_edits_and_removes_a_model(login, cpl_admin, django_capture_on_commit_callbacks):
    client = login(cpl_admin)
    response = client.post("/cpl/models/new/", FORM)
    model = DeviceModel.objects.get()
    assert response["Location"] == f"/cpl/models/{model.pk}/"
    client.post(f"/cpl/models/{model.pk}/edit/", {**FORM, "model_name": "FG Sense", "reason": "name"})
    model.refresh_from_db()
    assert model.model_name == "FG Sense"
    assert client.post(f"/cpl/models/{model.pk}/remove/", {"reason": ""}).status_code == 302
    model.refresh_from_db()
    assert model.status == "current"  # no reason, no change
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cpl/models/{model.pk}/remove/", {"reason": "CPA withdrawn"})
    model.refresh_from_db()
    assert model.status == "removed"
    assert client.post(f"/cpl/models/{model.pk}/explode/", {"reason": "x"}).status_code == 404


@pytest.mark.django_db
def test_non_admins_cannot_use_maintenance_pages(login, ssi_user):
    model = DeviceModelFactory()
    client = login(ssi_user)
    assert client.get("/cpl/models/new/").status_code == 404
    assert client.post(f"/cpl/models/{model.pk}/remove/", {"reason": "x"}).status_code == 404
    model.refresh_from_db()
    assert model.status == "current"


@pytest.mark.django_db
def test_import_page_reports_bad_rows(login, cpl_admin):
    header = (
        "device_type,manufacturer_id,manufacturer_name,model_id,model_name,hardware_version,firmware_version,"
        "firmware_hash,smets_chts_version\n"
    )
    body = header + "ESME,1A2B,Acme,0001,E1,1.0,2.0,nothex,SMETS2\n"
    response = login(cpl_admin).post("/cpl/models/import/", {"file": SimpleUploadedFile("c.csv", body.encode())})
    assert "Nothing was added" in response.content.decode()
    assert not DeviceModel.objects.exists()
