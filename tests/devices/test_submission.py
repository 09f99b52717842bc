"""Synchronous intake: every kind of bad input gets its code and reason, executes nothing, and
stays visible in the audit trail; good input is acknowledged (I99) and queued."""

from datetime import timedelta

import pytest
from django.utils import timezone

from devices.models import EmulatedDevice, OriginatorCounter, ServiceRequest
from tests.factories.devices import next_counter

from .conftest import GS_ID, IS_ID, drain

pytestmark = pytest.mark.django_db
URL = "/api/v1/service-requests/"


def _post(api, payload):
    return api.post(URL, payload, format="json")


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"request_id": "not-a-request-id", "srv": "4.1.1"}, "E11"),
        ({"request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01", "srv": "4.1.1"}, "E11"),
        ({"request_id": f"{GS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}", "srv": "4.1.1"}, "E1"),
        ({"request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}", "srv": "99.9"}, "E11"),
        ({"request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}", "srv": "A1"}, "E11"),
        ({"request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}", "srv": "6.5"}, "E2"),
        (
            {"request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}", "srv": "7.2", "command_variant": 1},
            "E11",
        ),
        (
            {"request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}", "srv": "8.1.1", "command_variant": 2},
            "E11",
        ),
        ({"request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}", "srv": "3.1", "body": {}}, "E13"),
        (
            {
                "request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}",
                "srv": "3.1",
                "body": {"message": "hi", "colour": "red"},
            },
            "E13",
        ),
        (
            {
                "request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}",
                "srv": "2.2",
                "body": {"utrn": "123", "value": 10},
            },
            "E13",
        ),
        (
            {
                "request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}",
                "srv": "6.2.1",
                "execute_at": "2099-01-01T00:00:00Z",
            },
            "E13",
        ),
        (
            {
                "request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}",
                "srv": "4.1.1",
                "execute_at": "2026-01-01T00:00:00Z",
            },
            "E13",
        ),
        (
            {"request_id": f"{IS_ID}:00-DB-22-00-00-00-00-01:{next_counter()}", "srv": "4.1.1", "depends_on": "nope"},
            "E13",
        ),
    ],
)
def test_bad_input_is_rejected_with_its_code_and_nothing_runs(api_client_for, ssi_user, home, payload, code):
    response = _post(api_client_for(ssi_user), payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert body["accepted"] is False
    assert body["detail"]
    rejected = ServiceRequest.objects.get()
    assert (rejected.status, rejected.response_code, rejected.is_accepted) == ("rejected", code, False)
    assert not OriginatorCounter.objects.filter(last_counter__gt=0).exists()
    drain()
    assert not EmulatedDevice.objects.exists()


def test_future_dates_out_of_range(api_client_for, ssi_user, home):
    api = api_client_for(ssi_user)
    too_far = (timezone.now() + timedelta(days=31)).isoformat()
    response = _post(
        api,
        {
            "request_id": f"{IS_ID}:{home.esme.device_id}:{next_counter()}",
            "srv": "3.1",
            "body": {"message": "hello"},
            "execute_at": too_far,
        },
    )
    assert response.json()["code"] == "E13"
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    response = _post(
        api,
        {
            "request_id": f"{IS_ID}:{home.esme.device_id}:{next_counter()}",
            "srv": "3.1",
            "body": {"message": "hello"},
            "execute_at": past,
        },
    )
    assert response.json()["code"] == "E13"


def test_counter_must_strictly_increase_and_replays_are_rejected(api_client_for, ssi_user, home):
    api = api_client_for(ssi_user)
    counter = next_counter()
    first = _post(api, {"request_id": f"{IS_ID}:{home.esme.device_id}:{counter}", "srv": "4.1.1"})
    assert first.status_code == 202
    assert first.json()["code"] == "I99"
    replay = _post(api, {"request_id": f"{IS_ID}:{home.esme.device_id}:{counter}", "srv": "4.1.1"})
    assert replay.json()["code"] == "E12"
    lower = _post(api, {"request_id": f"{IS_ID}:{home.esme.device_id}:{counter - 1}", "srv": "4.1.1"})
    assert lower.json()["code"] == "E12"
    assert OriginatorCounter.objects.get(user_id=IS_ID).last_counter == counter
    assert ServiceRequest.objects.filter(request_id__endswith=str(counter)).count() == 2  # original + replay kept
    assert ServiceRequest.objects.filter(is_accepted=True).count() == 1


def test_batch_submission_answers_each_item(api_client_for, ssi_user, home):
    counter = next_counter()
    items = [
        {"request_id": f"{IS_ID}:{home.esme.device_id}:{counter + 1}", "srv": "4.1.1"},
        {"request_id": f"{IS_ID}:{home.esme.device_id}:{counter}", "srv": "4.1.1"},  # out of order
        {"request_id": f"{IS_ID}:{home.esme.device_id}:{counter + 2}", "srv": "nope"},
    ]
    response = api_client_for(ssi_user).post(URL, items, format="json")
    assert response.status_code == 202
    assert [(v["accepted"], v["code"]) for v in response.json()] == [(True, "I99"), (False, "E12"), (False, "E11")]


def test_non_device_requests_get_no_acknowledgement(api_client_for, ssi_user, home):
    response = _post(
        api_client_for(ssi_user), {"request_id": f"{IS_ID}:{home.esme.device_id}:{next_counter()}", "srv": "8.2"}
    )
    assert response.status_code == 202
    assert response.json()["code"] == ""  # AB 16.1(a)
    drain()
    sr = ServiceRequest.objects.get()
    assert sr.status == "completed"
    assert sr.responses.get().body["data"]["device"]["device_id"] == home.esme.device_id


@pytest.mark.parametrize("who", ["anonymous", "no_role", "other_party", "permitted"])
def test_submit_authorisation(who, api_client_for, anon_api, ssi_user, no_role_user, other_user, home):
    payload = {"request_id": f"{IS_ID}:{home.esme.device_id}:{next_counter()}", "srv": "4.1.1"}
    client = {
        "anonymous": anon_api,
        "no_role": api_client_for(no_role_user) if who == "no_role" else None,
        "other_party": api_client_for(other_user) if who == "other_party" else None,
        "permitted": api_client_for(ssi_user) if who == "permitted" else None,
    }[who]
    response = _post(client, payload)
    expected = {"anonymous": 401, "no_role": 403, "other_party": 400, "permitted": 202}[who]
    assert response.status_code in (expected, 403 if expected == 401 else expected)
    if who == "other_party":
        assert response.json()["code"] == "E1"  # not one of their User IDs
    assert ServiceRequest.objects.filter(is_accepted=True).count() == (1 if who == "permitted" else 0)


@pytest.mark.parametrize("who", ["anonymous", "no_role", "other_party", "permitted"])
def test_detail_authorisation(who, api_client_for, anon_api, ssi_user, no_role_user, other_user, home, send):
    _, rid = send(ssi_user, IS_ID, home.esme, "4.1.1")
    client = (
        anon_api
        if who == "anonymous"
        else api_client_for({"no_role": no_role_user, "other_party": other_user, "permitted": ssi_user}[who])
    )
    response = client.get(f"{URL}{rid}/")
    assert response.status_code == {"anonymous": 401, "no_role": 404, "other_party": 404, "permitted": 200}[who] or (
        who == "anonymous" and response.status_code == 403
    )
    listing = client.get(URL)
    if who == "permitted":
        assert [r["request_id"] for r in listing.json()["results"]] == [rid]
    elif who != "anonymous":
        assert listing.json()["results"] == []
