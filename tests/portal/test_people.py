import pytest
from django.core import mail
from django.urls import reverse

from portal.choices import PortalRole
from portal.models import AuditEvent, User

PEOPLE_API = "/api/v1/portal/people/"


def test_admin_invites_a_person_of_their_party(api_client_for, ssi_admin, django_capture_on_commit_callbacks):
    api = api_client_for(ssi_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            PEOPLE_API, {"email": "New@Northern.test", "full_name": "New Person", "roles": ["ssi_user"]}, format="json"
        )
    assert response.status_code == 201
    person = User.objects.get(email="new@northern.test")
    assert person.party == ssi_admin.party
    assert person.has_usable_password() is False
    assert sorted(person.portal_roles()) == ["ssi_user"]
    assert len(mail.outbox) == 1
    assert "/accounts/invitation/" in mail.outbox[0].body
    assert AuditEvent.objects.get(action="person.created").after == {
        "email": "new@northern.test",
        "roles": ["ssi_user"],
    }


def test_invitation_link_sets_password(client, ssi_admin, django_capture_on_commit_callbacks):
    from portal.services.people import person_invite

    with django_capture_on_commit_callbacks(execute=True):
        person = person_invite(
            actor=ssi_admin,
            email="inv@northern.test",
            full_name="Inv",
            roles=["ssi_user"],
            base_url="http://testserver",
        )
    link = next(line for line in mail.outbox[0].body.splitlines() if "invitation" in line).split("http://testserver")[
        1
    ]
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase-1", "new_password2": "a-long-new-passphrase-1"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-long-new-passphrase-1")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"email": "not-an-email", "full_name": "X", "roles": []}, "Enter a valid email address."),
        ({"email": "x@northern.test", "full_name": "X", "roles": ["wizard"]}, "is not a valid choice"),
        ({"email": "x@northern.test", "full_name": "X", "roles": ["service_desk_agent"]}, "Only DCC staff may hold"),
        ({"email": "admin@northern.test", "full_name": "X", "roles": []}, "already exists"),
    ],
)
def test_bad_invitations_change_nothing(api_client_for, ssi_admin, body, message):
    api = api_client_for(ssi_admin)
    count = User.objects.count()
    response = api.post(PEOPLE_API, body, format="json")
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert User.objects.count() == count
    assert not AuditEvent.objects.filter(action="person.created").exists()


@pytest.mark.parametrize("who", ["anonymous", "other_admin", "ssi_user", "ssi_admin"])
def test_people_list_authorisation(request, anon_api, api_client_for, ssi_user, other_admin, ssi_admin, who):
    api = anon_api if who == "anonymous" else api_client_for(request.getfixturevalue(who))
    response = api.get(PEOPLE_API)
    if who == "anonymous":
        assert response.status_code == 401
        return
    emails = {p["email"] for p in response.json()["results"]}
    if who == "other_admin":
        assert ssi_user.email not in emails  # another Party's people are simply absent
        assert other_admin.email in emails
    else:
        assert {ssi_user.email, ssi_admin.email} <= emails
        assert other_admin.email not in emails


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other_admin", 404), ("ssi_user", 403), ("ssi_admin", 200)]
)
def test_set_roles_authorisation(request, anon_api, api_client_for, ssi_user, who, status):
    api = anon_api if who == "anonymous" else api_client_for(request.getfixturevalue(who))
    response = api.post(f"{PEOPLE_API}{ssi_user.pk}/roles/", {"roles": ["ssi_user", "smki_aro"]}, format="json")
    assert response.status_code == status
    ssi_user.refresh_from_db()
    expected = ["smki_aro", "ssi_user"] if status == 200 else ["ssi_user"]
    assert sorted(ssi_user.portal_roles()) == expected


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other_admin", 404), ("ssi_user", 403), ("ssi_admin", 200)]
)
def test_deactivate_authorisation(request, anon_api, api_client_for, make_person, supplier_party, who, status):
    target = make_person(supplier_party, PortalRole.SSI_USER)
    api = anon_api if who == "anonymous" else api_client_for(request.getfixturevalue(who))
    response = api.post(f"{PEOPLE_API}{target.pk}/deactivate/")
    assert response.status_code == status
    target.refresh_from_db()
    assert target.is_active is (status != 200)


def test_admin_cannot_remove_own_admin_role_or_deactivate_self(api_client_for, ssi_admin):
    api = api_client_for(ssi_admin)
    response = api.post(f"{PEOPLE_API}{ssi_admin.pk}/roles/", {"roles": ["ssi_user"]}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "people.self_demotion"
    assert api.post(f"{PEOPLE_API}{ssi_admin.pk}/deactivate/").json()["code"] == "people.self_deactivation"
    ssi_admin.refresh_from_db()
    assert ssi_admin.is_active
    assert "ssi_administrator" in ssi_admin.portal_roles()


def test_deactivation_signs_the_person_out(client, login, ssi_admin, ssi_user):
    from django.test import Client

    user_client = login(ssi_user, Client())
    assert user_client.get(reverse("portal:home")).status_code == 200
    admin_client = login(ssi_admin)
    admin_client.post(reverse("portal:person-deactivate", args=[ssi_user.pk]))
    assert user_client.get(reverse("portal:home")).status_code == 302


def test_people_page_lists_only_own_party(login, ssi_admin, other_user):
    body = login(ssi_admin).get(reverse("portal:people")).content.decode()
    assert ssi_admin.email in body
    assert other_user.email not in body


def test_person_page_of_other_party_is_404(login, ssi_admin, other_user):
    assert login(ssi_admin).get(reverse("portal:person", args=[other_user.pk])).status_code == 404


def test_people_page_refuses_user_without_permission(login, ssi_user):
    assert login(ssi_user).get(reverse("portal:people")).status_code == 403


def test_invite_form_hides_dcc_only_roles(login, ssi_admin):
    form = login(ssi_admin).get(reverse("portal:person-invite")).context["form"]
    values = {value for value, _ in form.fields["roles"].choices}
    assert "service_desk_agent" not in values
    assert "smki_aro" in values
