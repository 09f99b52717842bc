import json

import pytest
from drf_spectacular.generators import SchemaGenerator

from portal.models import PushEndpoint


def test_unknown_api_url_is_a_problem_document(api_client_for, ssi_user):
    response = api_client_for(ssi_user).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_validation_errors_list_fields(api_client_for, ssi_admin):
    response = api_client_for(ssi_admin).post("/api/v1/portal/endpoints/", {"description": "x"}, format="json")
    body = response.json()
    assert response.status_code == 400
    assert body["type"].endswith("/invalid")
    assert body["errors"] == [{"field": "url", "code": "required", "message": "This field is required."}]
    assert body["detail"] == "url: This field is required."


def test_oversized_body_is_refused_before_anything_changes(api_client_for, ssi_admin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    payload = json.dumps({"url": "https://h.test/x", "description": "x" * 5000})
    response = api_client_for(ssi_admin).post("/api/v1/portal/endpoints/", payload, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "request.too_large"
    assert not PushEndpoint.objects.exists()


def test_request_id_is_echoed_and_recorded(api_client_for, ssi_admin):
    from portal.models import AuditEvent

    api = api_client_for(ssi_admin)
    response = api.post(
        "/api/v1/portal/endpoints/", {"url": "https://h.test/x"}, format="json", HTTP_X_REQUEST_ID="req-123"
    )
    assert response["X-Request-ID"] == "req-123"
    assert AuditEvent.objects.get(action="endpoint.registered").request_id == "req-123"


def test_me_describes_party_and_roles(api_client_for, ssi_admin):
    body = api_client_for(ssi_admin).get("/api/v1/portal/me/").json()
    assert body["party"]["code"] == "northern"
    assert body["party"]["is_user"] is True
    assert [r["role"] for r in body["party"]["user_roles"]] == ["EES", "EIS"]
    assert body["roles"] == ["ssi_administrator", "ssi_user"]


def test_parties_list_is_own_party_for_users_and_all_for_dcc(api_client_for, ssi_user, dcc_admin, other_party):
    assert [p["code"] for p in api_client_for(ssi_user).get("/api/v1/portal/parties/").json()["results"]] == [
        "northern"
    ]
    codes = {p["code"] for p in api_client_for(dcc_admin).get("/api/v1/portal/parties/").json()["results"]}
    assert codes == {"dcc", "northern", "dales"}


def test_session_api_needs_verified_second_factor(client, ssi_admin):
    from portal.models import SignedInSession

    client.force_login(ssi_admin)  # password only: the admin still owes a code
    SignedInSession.objects.create(session_key=client.session.session_key, user=ssi_admin, party=ssi_admin.party)
    assert client.get("/api/v1/portal/me/").status_code == 401  # the half-signed-in session does not count


@pytest.mark.parametrize("path", ["/api/schema/", "/api/schema/swagger/", "/api/schema/redoc/"])
def test_schema_and_docs_are_served_locally(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    if path.endswith("swagger/") or path.endswith("redoc/"):
        body = response.content.decode()
        assert "cdn" not in body.lower()
        assert "/static/drf_spectacular_sidecar/" in body


def test_schema_generates_without_warnings(db, capsys):
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/portal/outbox/acknowledge/" in schema["paths"]
    assert not GENERATOR_STATS._warn_cache
    assert not GENERATOR_STATS._error_cache


def test_list_endpoints_do_not_grow_queries_with_rows(
    api_client_for, ssi_admin, make_person, supplier_party, django_assert_max_num_queries
):
    from portal.services.outbox import Recipient, alert_raise

    api = api_client_for(ssi_admin)
    for _ in range(30):
        make_person(supplier_party, "ssi_user")
        alert_raise(code="N28", recipients=[Recipient(supplier_party)])
    with django_assert_max_num_queries(8):
        assert len(api.get("/api/v1/portal/people/").json()["results"]) == 31
    with django_assert_max_num_queries(6):
        assert len(api.get("/api/v1/portal/outbox/").json()["results"]) == 30
    with django_assert_max_num_queries(6):
        api.get("/api/v1/portal/audit/")
