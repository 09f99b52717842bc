import pytest
from django.core.exceptions import ValidationError

from portal.choices import UserRole
from portal.exceptions import ApplicationError
from portal.models import AuditEvent, PartyUserRole
from portal.services.parties import party_create, party_user_role_add


def test_party_user_role_add_normalises_and_audits(supplier_party, dcc_admin):
    role = party_user_role_add(
        actor=dcc_admin, party=supplier_party, role=UserRole.ELECTRICITY_DISTRIBUTOR, user_id="90:b3:d5:1f:30:01:00:09"
    )
    assert role.user_id == "90-B3-D5-1F-30-01-00-09"
    event = AuditEvent.objects.get(action="party.user_role_added")
    assert event.after == {"role": "ENO", "user_id": "90-B3-D5-1F-30-01-00-09"}
    assert event.party == supplier_party


def test_malformed_user_id_changes_nothing(supplier_party, dcc_admin):
    before = PartyUserRole.objects.count()
    with pytest.raises(ValidationError, match="is not an EUI-64"):
        party_user_role_add(actor=dcc_admin, party=supplier_party, role=UserRole.OTHER_USER, user_id="12-34")
    assert PartyUserRole.objects.count() == before
    assert not AuditEvent.objects.filter(action="party.user_role_added").exists()


def test_duplicate_user_id_is_refused(supplier_party, other_party, dcc_admin):
    with pytest.raises(ValidationError) as excinfo:
        party_user_role_add(
            actor=dcc_admin, party=other_party, role=UserRole.OTHER_USER, user_id="90-B3-D5-1F-30-01-00-01"
        )
    assert "User ID" in str(excinfo.value)
    assert PartyUserRole.objects.filter(user_id="90-B3-D5-1F-30-01-00-01").count() == 1


def test_one_user_id_per_party_and_role(supplier_party, dcc_admin):
    with pytest.raises(ValidationError):
        party_user_role_add(
            actor=dcc_admin, party=supplier_party, role=UserRole.IMPORT_SUPPLIER, user_id="90-B3-D5-1F-30-01-00-77"
        )
    assert supplier_party.user_roles.filter(role=UserRole.IMPORT_SUPPLIER).count() == 1


def test_only_the_dcc_holds_dcc_ids(supplier_party, dcc_admin):
    with pytest.raises(ApplicationError) as excinfo:
        party_user_role_add(
            actor=dcc_admin, party=supplier_party, role=UserRole.DCC, user_id="00-DC-C0-00-00-00-00-09"
        )
    assert excinfo.value.code == "party.dcc_role_reserved"


def test_party_without_roles_is_not_a_user(dcc_admin):
    forum = party_create(actor=dcc_admin, name="Consumer Forum", code="forum")
    assert forum.is_user is False
    assert AuditEvent.objects.filter(action="party.created", target_id=str(forum.pk)).exists()


def test_second_dcc_party_is_refused(dcc_party, dcc_admin):
    with pytest.raises(ValidationError):
        party_create(actor=dcc_admin, name="Another DCC", code="dcc2", is_dcc=True)
