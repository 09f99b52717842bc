"""Fixtures of the SMKI tests: the CA hierarchy, Northern Lights Energy as Subscriber, officers."""

import pytest

from portal.choices import PortalRole
from smki.checks import Submission
from smki.choices import CertificateKind, RequestChannel
from smki.services import authority_hierarchy_bootstrap
from tests.factories.smki import approved_subscriber


@pytest.fixture
def cas(db, dcc_party):
    return authority_hierarchy_bootstrap(prefix="Test")


@pytest.fixture
def sro(make_person, supplier_party):
    return make_person(supplier_party, PortalRole.SMKI_SRO, email="sro@northern.test")


@pytest.fixture
def aro(make_person, supplier_party):
    return make_person(supplier_party, PortalRole.SMKI_ARO, email="aro@northern.test")


@pytest.fixture
def other_aro(make_person, other_party):
    return make_person(other_party, PortalRole.SMKI_ARO, email="aro@dales.test")


@pytest.fixture
def ra_officer(make_person, dcc_party):
    return make_person(dcc_party, PortalRole.SMKI_RA_OFFICER, email="ra@dcc.test")


@pytest.fixture
def ra_officer2(make_person, dcc_party):
    return make_person(dcc_party, PortalRole.SMKI_RA_OFFICER, email="ra2@dcc.test")


@pytest.fixture
def subscriber(cas, supplier_party, sro, aro):
    return approved_subscriber(party=supplier_party, sro=sro, aros=[aro])


@pytest.fixture
def other_subscriber(cas, other_party, other_aro):
    return approved_subscriber(party=other_party, aros=[other_aro])


@pytest.fixture
def org_submission(subscriber, aro):
    return Submission(
        subscriber=subscriber, submitter=aro, kind=CertificateKind.ORGANISATION, channel=RequestChannel.FORM
    )


@pytest.fixture
def device_submission(subscriber, aro):
    return Submission(subscriber=subscriber, submitter=aro, kind=CertificateKind.DEVICE, channel=RequestChannel.FORM)
