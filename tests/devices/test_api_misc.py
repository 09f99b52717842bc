"""API endpoints around requests: thresholds, report, alerts, back door and emulation access."""

import pytest

from devices.models import AnomalyThreshold
from devices.services.faults import hub_power_on

from .conftest import IS_ID, drain

pytestmark = pytest.mark.django_db


def test_thresholds_are_set_by_the_ssi_administrator_only(api_client_for, ssi_admin, ssi_user, catalogue):
    body = {"srv_code": "4.1.1", "kind": "user", "limit": 10, "period_seconds": 3600}
    denied = api_client_for(ssi_user).post("/api/v1/service-requests/thresholds/", body, format="json")
    assert denied.status_code == 403
    assert not AnomalyThreshold.objects.exists()
    created = api_client_for(ssi_admin).post("/api/v1/service-requests/thresholds/", body, format="json")
    assert created.status_code == 201
    assert AnomalyThreshold.objects.get().party == ssi_admin.party
    dcc_kind = api_client_for(ssi_admin).post(
        "/api/v1/service-requests/thresholds/", {**body, "kind": "dcc"}, format="json"
    )
    assert dcc_kind.status_code == 403
    bad = api_client_for(ssi_admin).post(
        "/api/v1/service-requests/thresholds/", {**body, "srv_code": "99"}, format="json"
    )
    assert bad.status_code == 400


def test_report_counts_on_demand_responses_within_target(api_client_for, ssi_user, home, send):
    hub_power_on(actor=ssi_user, device_id=home.chf.device_id)
    send(ssi_user, IS_ID, home.chf, "8.11", {"device_id": home.esme.device_id, "mpxn": home.mpan})
    drain()
    response = api_client_for(ssi_user).get("/api/v1/service-requests/report/")
    assert response.status_code == 200
    measure = response.json()["measures"][0]
    assert (measure["number"], measure["total"], measure["within"], measure["verdict"]) == (1, 1, 1, "meets target")
    assert api_client_for(ssi_user).get("/api/v1/service-requests/report/", {"month": "2026-13"}).status_code == 400
    alerts = api_client_for(ssi_user).get("/api/v1/service-requests/alerts/").json()["results"]
    assert {a["code"] for a in alerts} == {"N24", "0x8F12"}  # N16 goes to the Network Operator


@pytest.mark.parametrize("who", ["anonymous", "supplier", "dcc_agent", "dcc_admin"])
def test_back_door_exists_only_for_dcc_administrators(
    who, api_client_for, anon_api, ssi_user, agent, dcc_staff, home, send
):
    hub_power_on(actor=ssi_user, device_id=home.chf.device_id)
    client = (
        anon_api
        if who == "anonymous"
        else api_client_for({"supplier": ssi_user, "dcc_agent": agent, "dcc_admin": dcc_staff}[who])
    )
    url = f"/api/v1/emulated-devices/{home.chf.device_id}/faults/"
    response = client.post(url, {"kind": "unreachable"}, format="json")
    expected = {"anonymous": (401, 403), "supplier": (404,), "dcc_agent": (404,), "dcc_admin": (200,)}[who]
    assert response.status_code in expected
    from devices.models import EmulatedDevice

    assert EmulatedDevice.objects.get(device_id=home.chf.device_id).faults.get("unreachable", False) is (
        who == "dcc_admin"
    )


def test_other_party_cannot_power_someone_elses_hub(api_client_for, other_user, home):
    response = api_client_for(other_user).post(f"/api/v1/emulated-devices/{home.chf.device_id}/power-on/")
    assert response.status_code == 404
    from inventory.models import Device

    assert Device.objects.get(pk=home.chf.pk).smi_status == "pending"


def test_wan_matrix_is_answered_from_the_coverage_data(api_client_for, ssi_user, dcc_admin, home, send):
    from datetime import date

    from inventory.coverage import services as coverage

    _, before = send(ssi_user, IS_ID, home.chf, "12.1", {"postcode": "SW1A 1AA"}, command_variant=8)
    drain()
    coverage.coverage_dataset_import(
        actor=dcc_admin,
        version="2026.03",
        effective_date=date(2026, 3, 1),
        horizon_date=date(2027, 1, 1),
        content="postcode,uprn,premises,region,coverage,connects_from,wan_variant,aux_equipment,known_issues,"
        "issue_resolution\nSW1A 1AA,100000000001,10,south,connects,,cellular,t1_aerial,,\n",
    )
    _, rid = send(ssi_user, IS_ID, home.chf, "12.1", {"postcode": "SW1A 1AA"}, command_variant=8)
    drain()
    from devices.models import ServiceRequest

    failed = ServiceRequest.objects.get(request_id=before)
    assert (failed.status, failed.response_code) == ("failed", "E13")  # no dataset imported yet
    done = ServiceRequest.objects.get(request_id=rid)
    assert done.status == "completed"
    body = done.responses.get().body
    assert body["format"] == "DSPWANMatrix"
    assert body["data"]["results"][0]["uprn"] in (100000000001, "100000000001")
