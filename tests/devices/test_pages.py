"""SSI pages: every page renders for a permitted person; other Parties get 404; compose works."""

import pytest
from django.urls import reverse

from devices.models import ServiceRequest
from devices.services.faults import hub_power_on

from .conftest import IS_ID, drain

pytestmark = pytest.mark.django_db

PAGES = [
    "devices:request_list",
    "devices:compose",
    "devices:catalogue",
    "devices:alerts",
    "devices:quarantine",
    "devices:schedules",
    "devices:report",
    "devices:archive",
]


@pytest.mark.parametrize("name", PAGES)
def test_pages_render_for_an_ssi_user(name, login, ssi_user, home):
    response = login(ssi_user).get(reverse(name))
    assert response.status_code == 200


def test_anonymous_is_sent_to_sign_in(client, catalogue):
    response = client.get(reverse("devices:request_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_compose_form_sends_and_the_trail_shows_it(login, ssi_user, home):
    hub_power_on(actor=ssi_user, device_id=home.chf.device_id)
    the_client = login(ssi_user)
    response = the_client.post(
        reverse("devices:compose"),
        {
            "originator": IS_ID,
            "device_id": home.chf.device_id.lower(),
            "srv": "8.11",
            "body": f'{{"device_id": "{home.esme.device_id}", "mpxn": "{home.mpan}"}}',
        },
    )
    sr = ServiceRequest.objects.get(srv_code="8.11")
    assert response.status_code == 302
    assert response["Location"] == reverse("devices:request_detail", args=[sr.pk])
    drain()
    detail = the_client.get(response["Location"])
    assert b"Completed" in detail.content
    assert b"N24" in detail.content
    listing = the_client.get(reverse("devices:request_list"), {"srv": "8.11"})
    assert sr.request_id.encode() in listing.content
    csv = the_client.get(reverse("devices:request_list"), {"export": "csv"})
    assert sr.request_id in b"".join(csv.streaming_content).decode()


def test_compose_with_bad_json_changes_nothing(login, ssi_user, home):
    response = login(ssi_user).post(
        reverse("devices:compose"),
        {"originator": IS_ID, "device_id": home.esme.device_id, "srv": "3.1", "body": "{not json"},
    )
    assert response.status_code == 200
    assert b"Not valid JSON" in response.content
    assert not ServiceRequest.objects.exists()


def test_rejection_is_shown_and_kept_in_the_trail(login, ssi_user, home):
    response = login(ssi_user).post(
        reverse("devices:compose"), {"originator": IS_ID, "device_id": home.esme.device_id, "srv": "6.5", "body": "{}"}
    )
    assert b"E2" in response.content  # 6.5 is for Electricity Distributors
    assert ServiceRequest.objects.get().status == "rejected"


def test_other_party_cannot_open_a_request(login, ssi_user, other_user, home, send):
    _, rid = send(ssi_user, IS_ID, home.esme, "4.1.1")
    sr = ServiceRequest.objects.get(request_id=rid)
    assert login(other_user).get(reverse("devices:request_detail", args=[sr.pk])).status_code == 404


def test_person_without_portal_role_sees_nothing(login, no_role_user, catalogue):
    assert login(no_role_user).get(reverse("devices:request_list")).status_code == 404
    assert login(no_role_user).get(reverse("devices:compose")).status_code == 404


def test_catalogue_detail_and_back_door(login, ssi_user, dcc_staff, home, send):
    assert login(ssi_user).get(reverse("devices:catalogue_detail", args=["2.2"])).status_code == 200
    assert login(ssi_user).get(reverse("devices:backdoor")).status_code in (302, 403, 404)
    send(ssi_user, IS_ID, home.esme, "4.1.1")
    drain()
    staff = login(dcc_staff)
    assert staff.get(reverse("devices:backdoor")).status_code == 200
    page = staff.get(reverse("devices:backdoor_device", args=[home.esme.device_id]))
    assert page.status_code == 200
    response = staff.post(
        reverse("devices:backdoor_device", args=[home.esme.device_id]), {"kind": "unreachable", "hours": 1}
    )
    assert response.status_code == 302


def test_home_dashboard_card_counts_todays_requests(login, ssi_user, home, send):
    send(ssi_user, IS_ID, home.esme, "4.1.1")
    response = login(ssi_user).get(reverse("portal:home"))
    assert response.status_code == 200
    assert b"requests received today" in response.content


def test_device_page_lists_the_requests_to_that_device(login, ssi_user, home, send):
    _, rid = send(ssi_user, IS_ID, home.esme, "4.1.1")
    page = login(ssi_user).get(reverse("inventory:device", args=[home.esme.device_id]))
    assert page.status_code == 200
    panel = page.content.decode().split('data-testid="device-service-requests"')[1]
    assert rid in panel
    assert f"?device_id={home.esme.device_id}" in panel
    assert f"?device={home.esme.device_id}" in panel  # compose, pre-filled


def test_device_panel_is_scoped_to_the_persons_party(rf, ssi_user, other_user, no_role_user, home, send):
    from devices.apps import _device_panel

    _, rid = send(ssi_user, IS_ID, home.esme, "4.1.1")
    request = rf.get("/")
    request.user = ssi_user
    assert [sr.request_id for sr in _device_panel(request, home.esme)["requests"]] == [rid]
    request.user = other_user
    assert _device_panel(request, home.esme)["requests"] == []
    request.user = no_role_user
    assert _device_panel(request, home.esme) is None


def test_device_page_without_requests_says_so(login, ssi_user, home):
    page = login(ssi_user).get(reverse("inventory:device", args=[home.esme.device_id]))
    assert "No Service Requests to this device that you may see." in page.content.decode()


def test_request_list_filters_by_device_in_any_spelling(login, api_client_for, ssi_user, home, send):
    _, rid = send(ssi_user, IS_ID, home.esme, "4.1.1")
    plain = home.esme.device_id.replace("-", "").lower()
    found = api_client_for(ssi_user).get("/api/v1/service-requests/", {"device_id": plain}).json()["results"]
    assert [r["request_id"] for r in found] == [rid]
    assert (
        api_client_for(ssi_user)
        .get("/api/v1/service-requests/", {"device_id": "00-DB-FF-FF-FF-FF-FF-01"})
        .json()["results"]
        == []
    )


def test_request_list_with_a_malformed_device_id_finds_nothing(api_client_for, ssi_user, home, send):
    send(ssi_user, IS_ID, home.esme, "4.1.1")
    response = api_client_for(ssi_user).get("/api/v1/service-requests/", {"device_id": "not a device"})
    assert response.status_code == 200
    assert response.json()["results"] == []
