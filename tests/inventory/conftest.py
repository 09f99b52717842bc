"""Fixtures of the inventory tests."""

import pytest

from portal.choices import PortalRole, UserRole
from tests.factories.portal import PartyFactory, PartyUserRoleFactory


@pytest.fixture
def network_party(db):
    party = PartyFactory(name="Pennine Power Networks", code="pennine")
    PartyUserRoleFactory(party=party, role=UserRole.ELECTRICITY_DISTRIBUTOR, user_id="90-B3-D5-1F-30-03-00-01")
    return party


@pytest.fixture
def gas_network_party(db):
    party = PartyFactory(name="Wessex Gas Networks", code="wessex")
    PartyUserRoleFactory(party=party, role=UserRole.GAS_TRANSPORTER, user_id="90-B3-D5-1F-30-04-00-01")
    return party


@pytest.fixture
def cpl_admin(make_person, dcc_party):
    return make_person(dcc_party, PortalRole.CPL_ADMINISTRATOR, email="cpl@dcc.test")


@pytest.fixture
def dcc_viewer(make_person, dcc_party):
    return make_person(dcc_party, PortalRole.SERVICE_DESK_AGENT, email="viewer@dcc.test")
