import pytest

from portal.choices import PortalRole


@pytest.fixture
def manager(make_person, dcc_party):
    return make_person(
        dcc_party, PortalRole.SERVICE_DESK_MANAGER, PortalRole.SERVICE_DESK_AGENT, email="manager@dcc.test"
    )


@pytest.fixture
def non_user_party(db):
    from tests.factories.portal import PartyFactory

    return PartyFactory(name="Consumer Energy Forum", code="forum")


@pytest.fixture
def non_user_person(make_person, non_user_party):
    return make_person(non_user_party, email="query@forum.test")
