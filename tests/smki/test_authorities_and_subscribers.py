"""Two-person CA operations with 2FA, and the Subscriber / officer status model."""

import pytest
from django.contrib.auth.models import AnonymousUser

from portal.exceptions import InvalidTransition, NotPermitted
from portal.models import AuditEvent
from smki.choices import (
    CaKind,
    CaOperationKind,
    CaOperationStatus,
    CaStatus,
    OfficerKind,
    OfficerStatus,
    SubscriberStatus,
)
from smki.models import CertificateAuthority, RevocationList
from smki.services import (
    authority_hierarchy_bootstrap,
    ca_operation_approve,
    ca_operation_decline,
    ca_operation_propose,
    officer_approve,
    officer_nominate,
    officer_revoke,
    officer_verify_identity,
    subscriber_apply,
    subscriber_approve,
)

pytestmark = pytest.mark.django_db


def _verified(user, yes=True):
    user.is_verified = lambda: yes  # what django_otp's middleware sets on request.user
    return user


def test_bootstrap_is_idempotent_and_builds_the_chain(cas):
    root, organisation, device = cas
    assert authority_hierarchy_bootstrap() == cas
    assert organisation.parent == root
    assert device.parent == root
    assert organisation.x509().issuer == root.x509().subject
    assert RevocationList.objects.filter(kind="arl", authority=root).exists()
    assert not RevocationList.objects.filter(authority=device).exists()  # no Device CRL (§1.9)
    assert organisation.key_handle.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")


def test_ca_operation_needs_two_distinct_verified_officers(cas, ra_officer, ra_officer2):
    _root, organisation, _ = cas
    operation = ca_operation_propose(
        actor=_verified(ra_officer),
        kind=CaOperationKind.DISABLE,
        authority=organisation,
        reason="Key ceremony replacement",
    )
    with pytest.raises(NotPermitted) as excinfo:  # the proposer cannot approve
        ca_operation_approve(actor=_verified(ra_officer), operation=operation)
    assert excinfo.value.code == "smki.two_person_rule"
    with pytest.raises(NotPermitted) as excinfo:  # the second officer must have passed 2FA
        ca_operation_approve(actor=_verified(ra_officer2, yes=False), operation=operation)
    assert excinfo.value.code == "smki.two_factor_required"
    organisation.refresh_from_db()
    assert organisation.status == CaStatus.ACTIVE

    ca_operation_approve(actor=_verified(ra_officer2), operation=operation)

    operation.refresh_from_db()
    organisation.refresh_from_db()
    assert operation.status == CaOperationStatus.EXECUTED
    assert operation.decided_by == ra_officer2
    assert organisation.status == CaStatus.DISABLED
    from cryptography import x509

    arl = x509.load_der_x509_crl(bytes(RevocationList.objects.filter(kind="arl").latest().der))
    assert arl.get_revoked_certificate_by_serial_number(int(organisation.serial, 16)) is not None
    with pytest.raises(InvalidTransition):
        ca_operation_approve(actor=_verified(ra_officer2), operation=operation)


def test_create_and_renew_through_the_two_person_rule(cas, ra_officer, ra_officer2):
    root = cas[0]
    create = ca_operation_propose(
        actor=_verified(ra_officer),
        kind=CaOperationKind.CREATE,
        name="Test Issuing OCA 2",
        ca_kind=CaKind.ISSUING_ORGANISATION,
        reason="Second issuing CA",
    )
    ca_operation_approve(actor=_verified(ra_officer2), operation=create)
    new = CertificateAuthority.objects.get(name="Test Issuing OCA 2")
    assert new.parent == root
    assert new.x509().issuer == root.x509().subject
    old_serial = root.serial
    renew = ca_operation_propose(
        actor=_verified(ra_officer2), kind=CaOperationKind.RENEW, authority=root, reason="Extend validity"
    )
    ca_operation_approve(actor=_verified(ra_officer), operation=renew)
    root.refresh_from_db()
    assert root.serial != old_serial
    assert AuditEvent.objects.filter(action="smki.ca.renewed").count() == 1


def test_a_disabled_ca_is_listed_on_the_arl_with_its_earlier_certificates(cas, ra_officer, ra_officer2):
    from cryptography import x509

    from smki.models import EarlierCaCertificate

    organisation = cas[1]
    first_serial, first_der = organisation.serial, bytes(organisation.certificate_der)
    renew = ca_operation_propose(
        actor=_verified(ra_officer), kind=CaOperationKind.RENEW, authority=organisation, reason="Extend validity"
    )
    ca_operation_approve(actor=_verified(ra_officer2), operation=renew)
    organisation.refresh_from_db()
    earlier = EarlierCaCertificate.objects.get(authority=organisation)
    assert (earlier.serial, bytes(earlier.certificate_der)) == (first_serial, first_der)
    assert organisation.serial != first_serial
    disable = ca_operation_propose(
        actor=_verified(ra_officer), kind=CaOperationKind.DISABLE, authority=organisation, reason="Compromised"
    )
    ca_operation_approve(actor=_verified(ra_officer2), operation=disable)
    arl = x509.load_der_x509_crl(bytes(RevocationList.objects.filter(kind="arl").latest().der))
    for serial in (organisation.serial, first_serial):  # the earlier certificate is still unexpired
        assert arl.get_revoked_certificate_by_serial_number(int(serial, 16)) is not None


def test_non_ra_people_cannot_propose(cas, aro, dcc_admin):
    for person in (aro, dcc_admin, AnonymousUser()):
        with pytest.raises(NotPermitted):
            ca_operation_propose(
                actor=_verified(person) if person.is_authenticated else person,
                kind=CaOperationKind.DISABLE,
                authority=cas[1],
                reason="x",
            )
    assert not CertificateAuthority.objects.filter(status=CaStatus.DISABLED).exists()


def test_declined_operation_changes_nothing(cas, ra_officer, ra_officer2):
    operation = ca_operation_propose(
        actor=_verified(ra_officer), kind=CaOperationKind.DISABLE, authority=cas[2], reason="mistake"
    )
    ca_operation_decline(actor=_verified(ra_officer2), operation=operation, reason="Not agreed")
    cas[2].refresh_from_db()
    assert cas[2].status == CaStatus.ACTIVE
    operation.refresh_from_db()
    assert operation.status == CaOperationStatus.DECLINED


def test_subscriber_onboarding_status_model(cas, supplier_party, ssi_admin, make_person, ra_officer):
    from portal.choices import PortalRole

    sro_person = make_person(supplier_party, email="new-sro@northern.test")
    aro_person = make_person(supplier_party, email="new-aro@northern.test")
    subscriber = subscriber_apply(actor=ssi_admin, party=supplier_party, for_organisation=True, for_device=False)
    assert subscriber.status == SubscriberStatus.APPLIED
    with pytest.raises(NotPermitted):  # §1.4: the SRO is nominated by a Director or Company Secretary
        officer_nominate(actor=ssi_admin, subscriber=subscriber, person=sro_person, kind=OfficerKind.SRO)
    sro = officer_nominate(
        actor=ssi_admin,
        subscriber=subscriber,
        person=sro_person,
        kind=OfficerKind.SRO,
        nominator_capacity="Jo Bloggs, Company Secretary",
    )
    aro = officer_nominate(actor=ssi_admin, subscriber=subscriber, person=aro_person, kind=OfficerKind.ARO)
    with pytest.raises(NotPermitted):  # needs verified officers first
        subscriber_approve(actor=ra_officer, subscriber=subscriber)
    with pytest.raises(InvalidTransition):  # identity must be verified before approval
        officer_approve(actor=ra_officer, officer=aro)
    for officer in (sro, aro):
        officer_verify_identity(actor=ra_officer, officer=officer, evidence="Met in person, passport seen")
        officer_approve(actor=ra_officer, officer=officer)
    subscriber_approve(actor=ra_officer, subscriber=subscriber)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.APPROVED
    assert subscriber.decided_by == ra_officer
    aro_person.refresh_from_db()
    assert PortalRole.SMKI_ARO in aro_person.portal_roles()
    # The SRO may revoke an ARO's credentials; the ARO loses the portal role.
    with pytest.raises(NotPermitted):  # App D 8.3.1 lists the reasons; free text is not one
        officer_revoke(actor=sro_person, officer=aro, reason="the applicant wishes it")
    aro.refresh_from_db()
    assert (aro.status, aro.revocation_code) == (OfficerStatus.APPROVED, "")
    officer_revoke(actor=sro_person, officer=aro, reason="requested", details="  Leaving the company ")
    aro.refresh_from_db()
    assert aro.status == OfficerStatus.REVOKED
    assert (aro.revocation_code, aro.revocation_reason) == ("requested", "Leaving the company")
    assert PortalRole.SMKI_ARO not in aro_person.portal_roles()


def test_only_one_current_sro(cas, supplier_party, ssi_admin, make_person, other_admin):
    subscriber = subscriber_apply(actor=ssi_admin, party=supplier_party, for_organisation=True, for_device=True)
    officer_nominate(
        actor=ssi_admin,
        subscriber=subscriber,
        person=make_person(supplier_party),
        kind=OfficerKind.SRO,
        nominator_capacity="Director",
    )
    with pytest.raises(NotPermitted):
        officer_nominate(
            actor=ssi_admin,
            subscriber=subscriber,
            person=make_person(supplier_party),
            kind=OfficerKind.SRO,
            nominator_capacity="Director",
        )
    with pytest.raises(NotPermitted):  # another Party's administrator files nothing for Northern
        officer_nominate(
            actor=other_admin, subscriber=subscriber, person=make_person(supplier_party), kind=OfficerKind.ARO
        )
    assert subscriber.officers.count() == 1
