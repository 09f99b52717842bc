"""What a person sees: sign in with a TOTP code and reach the dashboard."""

import pytest

from portal.choices import PortalRole
from tests.conftest import totp_now
from tests.factories.portal import PASSWORD, give_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_signs_in_with_totp_and_reaches_dashboard(page, make_person, supplier_party):
    admin = make_person(
        supplier_party,
        PortalRole.SSI_ADMINISTRATOR,
        PortalRole.SSI_USER,
        email="nia@northern.test",
        full_name="Nia Administrator",
    )
    device = give_totp(admin)
    page.goto(page.base_url + "/")
    assert page.get_by_role("heading", name="Sign in").is_visible()
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_label("Code").fill(totp_now(device))
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("heading", name="Welcome, Nia Administrator").wait_for()
    assert page.get_by_test_id("dashboard").is_visible()
    assert page.get_by_role("link", name="Administration").is_visible()
    page.screenshot(path="var/test-dashboard.png")


def test_wrong_code_keeps_the_person_out(page, make_person, supplier_party):
    admin = make_person(supplier_party, PortalRole.SSI_ADMINISTRATOR, email="wrong@northern.test")
    give_totp(admin)
    page.goto(page.base_url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("alert").filter(has_text="That code is not right").wait_for()
    page.goto(page.base_url + "/")
    page.get_by_role("heading", name="Enter your code").wait_for()


def test_new_admin_enrols_an_authenticator(page, make_person, supplier_party):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = make_person(supplier_party, PortalRole.SSI_ADMINISTRATOR, email="new@northern.test", full_name="New Admin")
    page.goto(page.base_url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Set up two-factor sign-in").wait_for()
    assert page.locator("figure.qr svg").is_visible()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    page.get_by_label("Code").fill(totp_now(device))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your backup codes").wait_for()
    assert page.locator("ul.codes li").count() == 10
    page.get_by_role("link", name="I have stored them").click()
    page.get_by_role("heading", name="Welcome, New Admin").wait_for()
