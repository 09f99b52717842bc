from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal.exceptions import NotPermitted
from portal.models import ApiToken, AuditEvent
from portal.services.tokens import api_token_create, api_token_revoke


def _client(plain):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    return api


def test_token_is_stored_hashed_and_authenticates(ssi_user):
    token, plain = api_token_create(actor=ssi_user, name="billing", is_verified=True)
    assert plain.startswith(f"ssi_{token.prefix}_")
    assert plain not in token.secret_hash
    assert len(token.secret_hash) == 64
    response = _client(plain).get("/api/v1/portal/me/")
    assert response.status_code == 200
    assert response.json()["email"] == ssi_user.email
    assert response.json()["two_factor_verified"] is False  # tokens never count as a second factor
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_creation_needs_a_verified_session(ssi_user):
    with pytest.raises(NotPermitted) as excinfo:
        api_token_create(actor=ssi_user, name="x", is_verified=False)
    assert excinfo.value.code == "token.needs_2fa"
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("days", [0, 366, -5])
def test_token_lifetime_is_bounded(ssi_user, days):
    with pytest.raises(Exception, match="between 1 and 365 days"):
        api_token_create(actor=ssi_user, name="x", days=days, is_verified=True)
    assert not ApiToken.objects.exists()


def test_expired_token_is_refused(ssi_user):
    token, plain = api_token_create(actor=ssi_user, name="old", is_verified=True)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _client(plain).get("/api/v1/portal/me/")
    assert response.status_code == 401
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert body["code"] == "authentication_failed"
    assert body["detail"] == "The token is unknown, expired or revoked."


def test_revoked_token_is_refused(ssi_user):
    token, plain = api_token_create(actor=ssi_user, name="x", is_verified=True)
    api_token_revoke(actor=ssi_user, token=token)
    assert _client(plain).get("/api/v1/portal/me/").status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoked", target_id=str(token.pk)).exists()


def test_deactivated_persons_token_stops_working(ssi_user, ssi_admin):
    from portal.services.people import person_deactivate

    _, plain = api_token_create(actor=ssi_user, name="x", is_verified=True)
    person_deactivate(actor=ssi_admin, person=ssi_user)
    assert _client(plain).get("/api/v1/portal/me/").status_code == 401


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token ssi_nope_nope", "Token garbage"])
def test_malformed_tokens_are_refused(db, header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/portal/me/")
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_token_api_create_refuses_token_callers(api_client_for, ssi_user):
    api = api_client_for(ssi_user)
    response = api.post("/api/v1/portal/tokens/", {"name": "chained"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "token.needs_2fa"
    assert ApiToken.objects.count() == 1


def test_token_api_create_from_verified_session(login, ssi_user):
    client = login(ssi_user)
    response = client.post(
        "/api/v1/portal/tokens/", {"name": "from browser", "days": 7}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["token"].startswith("ssi_")
    assert ApiToken.objects.get(name="from browser").created_by == ssi_user


def test_tokens_of_other_parties_are_invisible(api_client_for, ssi_admin, other_user):
    other_token, _ = api_token_create(actor=other_user, name="theirs", is_verified=True)
    api = api_client_for(ssi_admin)
    names = {t["name"] for t in api.get("/api/v1/portal/tokens/").json()["results"]}
    assert "theirs" not in names
    assert api.get(f"/api/v1/portal/tokens/{other_token.pk}/").status_code == 404
    response = api.post(f"/api/v1/portal/tokens/{other_token.pk}/revoke/")
    assert response.status_code == 404
    other_token.refresh_from_db()
    assert other_token.revoked_at is None


def test_colleague_cannot_revoke_my_token_but_admin_can(
    api_client_for, ssi_user, make_person, supplier_party, ssi_admin
):
    mine, _ = api_token_create(actor=ssi_user, name="mine", is_verified=True)
    colleague = make_person(supplier_party, "ssi_user")
    assert api_client_for(colleague).post(f"/api/v1/portal/tokens/{mine.pk}/revoke/").status_code == 404
    mine.refresh_from_db()
    assert mine.revoked_at is None
    assert api_client_for(ssi_admin).post(f"/api/v1/portal/tokens/{mine.pk}/revoke/").status_code == 200
    mine.refresh_from_db()
    assert mine.revoked_at is not None


def test_tokens_page_shows_new_token_once(login, ssi_user):
    client = login(ssi_user)
    response = client.post(reverse("portal:tokens"), {"name": "meter-ops", "days": 30})
    assert response.status_code == 200
    plain = response.context["created"]["plain"]
    assert plain in response.content.decode()
    again = client.get(reverse("portal:tokens")).content.decode()
    assert plain not in again
    assert "meter-ops" in again
