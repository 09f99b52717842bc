import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AuditEvent, SignedInSession
from tests.conftest import totp_now
from tests.factories.portal import PASSWORD, give_totp

SIGN_IN = reverse("portal:login")


def _sign_in(client, user, password=PASSWORD):
    return client.post(SIGN_IN, {"username": user.email, "password": password})


def test_ssi_user_without_2fa_policy_reaches_home(client, ssi_user):
    response = _sign_in(client, ssi_user)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
    assert SignedInSession.objects.filter(user=ssi_user).count() == 1
    assert AuditEvent.objects.filter(action="person.signed_in", actor=ssi_user).count() == 1


def test_admin_must_verify_code_before_anything_else(client, ssi_admin):
    device = give_totp(ssi_admin)
    response = _sign_in(client, ssi_admin)
    assert response["Location"].startswith(reverse("portal:otp-verify"))
    # Any other page sends them back to the code page.
    blocked = client.get(reverse("portal:people"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("portal:otp-verify"))
    # A wrong code is refused and leaves the session unverified.
    wrong = client.post(reverse("portal:otp-verify"), {"token": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get(reverse("portal:people")).status_code == 302
    # Straight after a failure django-otp throttles, and the page says how long to wait.
    throttled = client.post(reverse("portal:otp-verify"), {"token": totp_now(device)})
    assert "Too many wrong codes. Wait" in throttled.content.decode()
    time.sleep(1.1)
    ok = client.post(reverse("portal:otp-verify") + "?next=/admin-ssi/people/", {"token": totp_now(device)})
    assert ok["Location"] == "/admin-ssi/people/"
    assert client.get(reverse("portal:people")).status_code == 200


def test_verify_ignores_offsite_next(client, ssi_admin):
    device = give_totp(ssi_admin)
    _sign_in(client, ssi_admin)
    response = client.post(reverse("portal:otp-verify") + "?next=https://evil.example/", {"token": totp_now(device)})
    assert response["Location"] == reverse("portal:home")


def test_admin_without_device_is_sent_to_enrolment(client, ssi_admin):
    response = _sign_in(client, ssi_admin)
    assert response["Location"].startswith(reverse("portal:otp-enrol"))
    page = client.get(reverse("portal:otp-enrol"))
    body = page.content.decode()
    assert "<svg" in body  # the QR code is rendered locally
    assert 'data-testid="totp-secret"' in body


def test_enrolment_confirms_device_and_issues_backup_codes(client, ssi_admin):
    _sign_in(client, ssi_admin)
    client.get(reverse("portal:otp-enrol"))
    device = TOTPDevice.objects.get(user=ssi_admin, confirmed=False)
    wrong = client.post(reverse("portal:otp-enrol"), {"token": "123456"})
    assert "does not match" in wrong.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    time.sleep(1.1)  # throttling after the wrong code
    response = client.post(reverse("portal:otp-enrol"), {"token": totp_now(device)})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(reverse("portal:people")).status_code == 200
    assert AuditEvent.objects.filter(action="person.two_factor_enrolled", actor=ssi_admin).exists()


def test_backup_code_works_once(client, ssi_admin):
    from portal.two_factor import backup_codes_issue

    give_totp(ssi_admin)
    codes = backup_codes_issue(ssi_admin)
    _sign_in(client, ssi_admin)
    assert client.post(reverse("portal:otp-verify"), {"token": codes[0]}).status_code == 302
    client.post(reverse("portal:logout"))
    _sign_in(client, ssi_admin)
    reused = client.post(reverse("portal:otp-verify"), {"token": codes[0]})
    assert reused.status_code == 200
    assert "That code is not right" in reused.content.decode()


def test_party_policy_requires_2fa_for_everyone(client, ssi_user):
    ssi_user.party.require_two_factor = True
    ssi_user.party.save()
    response = _sign_in(client, ssi_user)
    assert response["Location"].startswith(reverse("portal:otp-enrol"))


def test_lockout_after_repeated_failures(client, ssi_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _sign_in(client, ssi_user, password="wrong password")
        assert response.status_code in (200, 429)
    locked = _sign_in(client, ssi_user)  # even the right password is refused now
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert not SignedInSession.objects.filter(user=ssi_user).exists()


def test_session_cap_refuses_extra_sign_in(client, ssi_user, make_person, supplier_party, settings):
    from django.test import Client

    supplier_party.max_concurrent_sessions = 1
    supplier_party.save()
    colleague = make_person(supplier_party, "ssi_user")
    assert _sign_in(Client(), colleague).status_code == 302
    response = _sign_in(client, ssi_user)
    assert response.status_code == 200
    assert "already has 1 people signed in" in response.content.decode()
    assert not SignedInSession.objects.filter(user=ssi_user).exists()
    assert client.get(reverse("portal:home")).status_code == 302  # not signed in


def test_sign_out_frees_the_session(client, ssi_user):
    _sign_in(client, ssi_user)
    client.post(reverse("portal:logout"))
    assert not SignedInSession.objects.filter(user=ssi_user).exists()


def test_activity_extends_the_session_at_most_once_a_minute(client, ssi_user, settings):
    from unittest import mock

    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    _sign_in(client, ssi_user)
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date
    record = SignedInSession.objects.get(session_key=key)
    with mock.patch("portal.middleware.time.time", return_value=time.time() + 30):
        client.get(reverse("portal:home"))  # within the minute: nothing written
    assert Session.objects.get(session_key=key).expire_date == first_expiry
    assert SignedInSession.objects.get(session_key=key).last_seen_at == record.last_seen_at
    with mock.patch("portal.middleware.time.time", return_value=time.time() + 90):
        client.get(reverse("portal:home"))
    assert Session.objects.get(session_key=key).expire_date > first_expiry
    assert SignedInSession.objects.get(session_key=key).last_seen_at > record.last_seen_at


def test_purged_session_record_signs_the_person_out(client, ssi_user):
    from unittest import mock

    _sign_in(client, ssi_user)
    SignedInSession.objects.filter(user=ssi_user).delete()  # e.g. the idle purge ran
    with mock.patch("portal.middleware.time.time", return_value=time.time() + 90):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert client.get(reverse("portal:home"))["Location"].startswith(SIGN_IN)


def test_django_admin_requires_verified_second_factor(client, dcc_admin, login):
    dcc_admin.is_staff = True
    dcc_admin.is_superuser = True
    dcc_admin.save()
    client.force_login(dcc_admin)
    SignedInSession.objects.create(session_key=client.session.session_key, user=dcc_admin, party=dcc_admin.party)
    unverified = client.get("/admin/", follow=False)
    assert unverified.status_code == 302  # to the two-factor page, never the admin
    verified = login(dcc_admin).get("/admin/")
    assert verified.status_code == 200


@pytest.mark.parametrize("path", ["/accounts/two-factor/", "/accounts/two-factor/enrol/"])
def test_two_factor_pages_need_sign_in(client, path, db):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
