import pytest
from django.urls import reverse

from portal.services.notifications import notify


@pytest.mark.parametrize("name", ["portal:account", "portal:tokens", "portal:notifications", "portal:jobs"])
def test_personal_pages_need_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_notifications_are_personal_and_can_be_marked_read(
    login, ssi_user, other_user, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[ssi_user], subject="Incident 42 resolved", body="Please confirm.", url="/incidents/42/")
        notify(recipients=[other_user], subject="Not for Noah")
    assert [m.to for m in mail.outbox] == [[ssi_user.email], [other_user.email]]
    client = login(ssi_user)
    home = client.get(reverse("portal:home")).content.decode()
    assert "Incident 42 resolved" in home
    assert "Not for Noah" not in home
    assert client.get(reverse("portal:home")).context["unread_notifications"] == 1
    client.post(reverse("portal:notifications"))
    assert client.get(reverse("portal:home")).context["unread_notifications"] == 0


def test_account_page_lists_party_user_roles(login, ssi_user):
    body = login(ssi_user).get(reverse("portal:account")).content.decode()
    assert "90-B3-D5-1F-30-01-00-01" in body
    assert "Import Supplier" in body


def test_navigation_hides_pages_the_person_may_not_use(login, ssi_user, ssi_admin):
    user_nav = [i["label"] for i in login(ssi_user).get(reverse("portal:home")).context["nav_items"]]
    assert "Administration" not in user_nav
    assert "Parties" not in user_nav
    from django.test import Client

    admin_nav = [i["label"] for i in login(ssi_admin, Client()).get(reverse("portal:home")).context["nav_items"]]
    assert "Administration" in admin_nav


def test_every_page_offers_feedback_once_signed_in(login, ssi_user, client, db):
    assert "Feedback on this page" not in client.get(reverse("portal:login")).content.decode()
    body = login(ssi_user).get(reverse("portal:account")).content.decode()
    assert body.count("Feedback on this page") == 1
    assert "/service/feedback/?page=/account/" in body


def test_pagination_keeps_every_value_of_multi_value_filters(login, ssi_admin, make_person, supplier_party):
    for _ in range(55):
        make_person(supplier_party, "ssi_user")
    body = login(ssi_admin).get(reverse("portal:people") + "?q=&is_active=true&x=1&x=2").content.decode()
    assert "x=1&amp;x=2" in body
    assert "page=2" in body
