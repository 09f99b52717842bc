"""The catalogue loaded from the data files: versioned, decided rows, browsable by API."""

import pytest

from devices.models import CatalogueVersion, ServiceReferenceVariant
from devices.services.catalogue import catalogue_load, parse_seconds

pytestmark = pytest.mark.django_db


def test_catalogue_loads_once_per_content(catalogue):
    assert catalogue_load().pk == catalogue.pk  # same files: no new version
    assert CatalogueVersion.objects.filter(is_current=True).count() == 1
    variants = {v.srv: v for v in catalogue.variants.all()}
    assert len(variants) == 126
    assert variants["4.1.1"].eligible_roles == ["EIS", "GIS", "ENO", "GNO"]
    assert variants["8.7.1"].is_critical
    assert not variants["8.7.2"].is_critical
    assert not variants["6.23"].is_critical  # DUIS's request matrix (D-DUIS-05)
    assert variants["6.23"].decision == "D-DEV-02"
    assert variants["11.1"].on_demand_seconds == 5 * 86400  # processed at receipt, as DUIS sends it
    assert variants["1.2.1"].on_demand_seconds == 30
    assert variants["1.2.1"].decision == "D-DUIS-05"
    assert variants["4.1.1"].future_dated_seconds == 86400
    assert variants["4.6.1"].dcc_scheduled_seconds == 86400
    assert variants["6.2.3"].eligible_roles == ["EIS", "GIS", "ENO", "SNA"]
    assert variants["11.1"].future_dated_seconds == 5 * 86400
    assert variants["12.1"].eligible_roles == ["EIS", "EES", "GIS", "ENO", "GNO", "SNA", "OU"]
    assert variants["A1"].kind == "alert"
    assert variants["4.8.1"].is_sensitive
    assert catalogue.alert_definitions.filter(code="0x8F32", table_code="A28").exists()
    assert catalogue.measures.get(number=1).target_pct == 99


def test_a_changed_file_makes_a_new_current_version(catalogue, tmp_path, settings):
    import json
    import shutil
    from pathlib import Path

    for name in ("service_requests.json", "bad_service_requests.json", "alerts.json", "service_metrics.json"):
        shutil.copy(Path(settings.DEVICES_CATALOGUE_DATA_DIR) / name, tmp_path / name)
    rows = json.loads((tmp_path / "service_requests.json").read_text())
    rows[0]["name"] = "Update Import Tariff (renamed)"
    (tmp_path / "service_requests.json").write_text(json.dumps(rows))
    fresh = catalogue_load(data_dir=tmp_path)
    assert fresh.pk != catalogue.pk
    assert CatalogueVersion.objects.get(is_current=True) == fresh
    assert ServiceReferenceVariant.objects.filter(catalogue=catalogue).count() == 126  # the old one is kept


def test_times_as_printed_are_parsed():
    assert parse_seconds("30secs") == 30
    assert parse_seconds("24hrs for billing data") == 86400
    assert parse_seconds("5 days") == 432000
    assert parse_seconds(None) is None


def test_catalogue_api_is_browsable_by_any_signed_in_person(api_client_for, ssi_user, anon_api, catalogue):
    response = api_client_for(ssi_user).get("/api/v1/service-requests/catalogue/", {"critical": "true"})
    assert response.status_code == 200
    assert all(v["is_critical"] for v in response.json())
    detail = api_client_for(ssi_user).get("/api/v1/service-requests/catalogue/8.11/")
    assert detail.json()["supported_device_types"] == ["CHF"]
    assert anon_api.get("/api/v1/service-requests/catalogue/").status_code in (401, 403)
