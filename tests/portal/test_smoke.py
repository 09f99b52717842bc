import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_sign_in_page_renders(client):
    response = client.get(reverse("portal:login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


@pytest.mark.django_db
def test_home_redirects_anonymous_to_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_home_shows_dashboard_for_signed_in_user(login, ssi_user):
    response = login(ssi_user).get(reverse("portal:home"))
    assert response.status_code == 200
    assert f"Welcome, {ssi_user.full_name}".encode() in response.content
