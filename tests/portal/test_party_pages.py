import pytest
from django.urls import reverse

from portal.models import AuditEvent, PartyUserRole


def test_ssi_admin_sets_party_two_factor_policy(login, ssi_admin):
    party = ssi_admin.party
    response = login(ssi_admin).post(
        reverse("portal:party", args=[party.pk]), {"require_two_factor": "on", "max_concurrent_sessions": "5"}
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.require_two_factor, party.max_concurrent_sessions) == (True, 5)
    event = AuditEvent.objects.get(action="party.policy_changed")
    assert event.after == {"require_two_factor": True, "max_concurrent_sessions": 5}


@pytest.mark.parametrize("cap", ["0", "51", "-1"])
def test_bad_session_cap_changes_nothing(login, ssi_admin, cap):
    party = ssi_admin.party
    response = login(ssi_admin).post(reverse("portal:party", args=[party.pk]), {"max_concurrent_sessions": cap})
    assert response.status_code == 200
    party.refresh_from_db()
    assert party.max_concurrent_sessions is None
    assert not AuditEvent.objects.filter(action="party.policy_changed").exists()


def test_ssi_user_cannot_change_policy(login, ssi_user):
    party = ssi_user.party
    login(ssi_user).post(reverse("portal:party", args=[party.pk]), {"require_two_factor": "on"})
    party.refresh_from_db()
    assert party.require_two_factor is False


def test_other_partys_page_is_404(login, ssi_admin, other_party):
    assert login(ssi_admin).get(reverse("portal:party", args=[other_party.pk])).status_code == 404


def test_parties_register_for_dcc_staff(login, dcc_admin, supplier_party, other_party):
    body = login(dcc_admin).get(reverse("portal:parties")).content.decode()
    assert "Northern Lights Energy" in body
    assert "90-B3-D5-1F-30-02-00-01" in body


def test_dcc_admin_adds_user_role_with_validation(login, dcc_admin, other_party):
    client = login(dcc_admin)
    url = reverse("portal:party-user-role-add", args=[other_party.pk])
    bad = client.post(url, {"role": "OU", "user_id": "zz-zz"}, follow=True)
    assert "is not an EUI-64" in bad.content.decode()
    assert not PartyUserRole.objects.filter(party=other_party, role="OU").exists()
    client.post(url, {"role": "OU", "user_id": "90b3d51f30020009"})
    assert PartyUserRole.objects.get(party=other_party, role="OU").user_id == "90-B3-D5-1F-30-02-00-09"


def test_ssi_admin_cannot_add_user_roles(login, ssi_admin):
    response = login(ssi_admin).post(
        reverse("portal:party-user-role-add", args=[ssi_admin.party_id]),
        {"role": "OU", "user_id": "90-B3-D5-1F-30-01-00-09"},
    )
    assert response.status_code == 403
    assert not PartyUserRole.objects.filter(role="OU").exists()
