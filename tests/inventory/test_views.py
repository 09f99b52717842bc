"""Inventory and CPL pages: authorisation, search by MPxN, export, saved searches, forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory.models import Device, SavedSearch
from tests.factories.cpl import DeviceModelFactory
from tests.factories.inventory import DeviceFactory, MeterPointFactory, MeterPointLinkFactory


@pytest.fixture
def estate(supplier_party, other_party):
    mine = DeviceFactory(visible_to=[supplier_party], postcode="LS1 4AP", smi_status="commissioned")
    point = MeterPointFactory()
    MeterPointLinkFactory(device=mine, meter_point=point)
    theirs = DeviceFactory(visible_to=[other_party])
    return mine, theirs, point


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, estate):
    response = client.get("/inventory/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "sign" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "mine", "theirs"),
    [("ssi_user", 200, 404), ("other_user", 404, 200), ("no_role_user", 403, 403), ("agent", 200, 200)],
)
def test_device_page_authorisation(request, login, estate, who, mine, theirs):
    client = login(request.getfixturevalue(who))
    assert client.get(f"/inventory/devices/{estate[0].device_id}/").status_code == mine
    assert client.get(f"/inventory/devices/{estate[1].device_id}/").status_code == theirs


@pytest.mark.django_db
def test_search_by_mpan_finds_only_visible_devices(login, ssi_user, other_user, estate):
    mine, _, point = estate
    page = login(ssi_user).get("/inventory/", {"q": point.mpxn})
    assert mine.device_id in page.content.decode()
    other = login(other_user).get("/inventory/", {"q": point.mpxn})
    assert mine.device_id not in other.content.decode()
    assert "No devices match" in other.content.decode()


@pytest.mark.django_db
def test_device_page_shows_registration_and_timeline(login, ssi_user, estate):
    from inventory.transitions import transition

    mine, _, point = estate
    transition(device=mine, to="suspended", actor=None, reason="CPL removal", trigger="cpl_removed")
    body = login(ssi_user).get(f"/inventory/devices/{mine.device_id}/").content.decode()
    assert point.mpxn in body
    assert "Smart Metering System" in body
    assert "Commissioned → <strong>Suspended</strong>" in body
    assert "— DCC" in body


@pytest.mark.django_db
def test_export_csv_and_save_search(login, ssi_user, estate):
    client = login(ssi_user)
    response = client.get("/inventory/", {"smi_status": "commissioned", "export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert content.splitlines()[1].startswith(estate[0].device_id)
    assert len(content.splitlines()) == 2
    client.post("/inventory/searches/save/", {"name": "Commissioned", "query": "smi_status=commissioned"})
    assert SavedSearch.objects.get(owner=ssi_user).query == "smi_status=commissioned"


@pytest.mark.django_db
def test_prenotify_form_creates_pending_device_and_bad_input_changes_nothing(login, ssi_user):
    model = DeviceModelFactory()
    client = login(ssi_user)
    bad = client.post("/inventory/prenotify/", {"device_id": "00-DB", "device_type": "ESME", "device_model": model.pk})
    assert bad.status_code == 200
    assert "not an EUI-64" in bad.content.decode()
    assert not Device.objects.exists()
    good = client.post(
        "/inventory/prenotify/",
        {"device_id": "00-DB-12-00-00-00-01-01", "device_type": "ESME", "device_model": model.pk},
    )
    assert good.status_code == 302
    assert Device.objects.get().smi_status == "pending"


@pytest.mark.django_db
def test_upload_with_wrong_header_shows_the_error(login, ssi_user):
    response = login(ssi_user).post(
        "/inventory/prenotify/upload/", {"file": SimpleUploadedFile("x.csv", b"serial\n1\n"), "mode": "strict"}
    )
    assert "header row is wrong" in response.content.decode()


@pytest.mark.django_db
def test_reports_and_cpl_pages(login, ssi_user, estate):
    client = login(ssi_user)
    assert "Portfolio report" in client.get("/inventory/reports/").content.decode()
    assert client.get("/cpl/").status_code == 200
    assert client.get(f"/cpl/models/{estate[0].device_model.pk}/").status_code == 200
    assert client.get("/cpl/models/new/").status_code == 404  # not a CPL administrator


@pytest.mark.django_db
def test_home_dashboard_card_and_nav(login, ssi_user, estate):
    body = login(ssi_user).get("/").content.decode()
    assert "Smart Metering Inventory" in body
    assert 'href="/inventory/"' in body


@pytest.mark.django_db
def test_device_list_api_query_count_does_not_grow_with_rows(
    api_client_for, ssi_user, supplier_party, django_assert_max_num_queries
):
    for _ in range(30):
        DeviceFactory(visible_to=[supplier_party], hub=None)
    client = api_client_for(ssi_user)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/inventory/devices/?page_size=30")
    assert len(response.json()["results"]) == 30


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["smi_status", "-smi_status", "device_id", "-created", "postcode"])
def test_keyset_pages_visit_every_row_once_in_any_sort(sort):
    from inventory.constants import DEVICE_SORTS
    from inventory.models import Device
    from inventory.selectors import keyset_page

    for i in range(7):
        DeviceFactory(smi_status=["pending", "commissioned", None][i % 3], postcode=f"LS{i % 2 + 1} 4AP")
    seen, cursor = [], ""
    while True:
        page = keyset_page(Device.objects.all(), ordering=DEVICE_SORTS[sort], cursor=cursor, size=2)
        seen += [d.pk for d in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(Device.objects.values_list("pk", flat=True))
    assert len(seen) == 7


@pytest.mark.django_db
def test_impossible_filter_value_shows_an_error_and_no_rows(login, ssi_user, estate):
    body = login(ssi_user).get("/inventory/", {"smi_status": "exploded"}).content.decode()
    assert "Select a valid choice" in body
    assert estate[0].device_id not in body


@pytest.mark.django_db
def test_portfolio_counts_for_a_party_match_its_devices(ssi_user, supplier_party):
    from inventory.selectors import device_counts

    model = DeviceModelFactory()
    for status in ("pending", "pending", "commissioned"):
        DeviceFactory(device_model=model, smi_status=status, visible_to=[supplier_party])
    DeviceFactory(device_model=model, smi_status="pending")  # someone else's
    assert device_counts(actor=ssi_user, by="smi_status") == [("pending", 2), ("commissioned", 1)]
    rows = device_counts(actor=ssi_user, by="device_model")
    assert rows == [(model.manufacturer_name, model.model_name, model.firmware_version, model.pk, 3)]
