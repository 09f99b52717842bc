"""Demo Parties and people for the platform (idempotent). Other apps register their own seeders.

Every demo person's password is ``DEMO_PASSWORD``. People who must use two-factor get a TOTP
device whose key is derived from their email, so ``manage.py demo_otp`` can print their current
code; these keys are public and exist only in demo data.
"""

import hashlib

from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import PortalRole, UserRole
from .models import Party, PartyUserRole, User
from .two_factor import needs_two_factor

DEMO_PASSWORD = "demo-password-2026"

PARTIES = [
    # code, name, is_dcc, roles with User IDs
    # The DCC's User ID is the one DCC's own tools use (its Access Control Broker in DCC Boxed), so
    # their Non-Device templates reach the replica unchanged (D-DUIS-06).
    ("dcc", "DCC", True, [(UserRole.DCC, "90-B3-D5-1F-30-00-00-02")]),
    (
        "northern",
        "Northern Lights Energy",
        False,
        [(UserRole.IMPORT_SUPPLIER, "90-B3-D5-1F-30-01-00-01"), (UserRole.EXPORT_SUPPLIER, "90-B3-D5-1F-30-01-00-02")],
    ),
    ("dales", "Dales Gas Supply", False, [(UserRole.GAS_SUPPLIER, "90-B3-D5-1F-30-02-00-01")]),
    ("pennine", "Pennine Power Networks", False, [(UserRole.ELECTRICITY_DISTRIBUTOR, "90-B3-D5-1F-30-03-00-01")]),
    ("wessex", "Wessex Gas Networks", False, [(UserRole.GAS_TRANSPORTER, "90-B3-D5-1F-30-04-00-01")]),
    ("agency", "Meter Services Agency", False, [(UserRole.REGISTERED_SUPPLIER_AGENT, "90-B3-D5-1F-30-05-00-01")]),
    ("gridwise", "Gridwise Analytics", False, [(UserRole.OTHER_USER, "90-B3-D5-1F-30-06-00-01")]),
    ("forum", "Consumer Energy Forum", False, []),  # a SEC Party that is not a User
]

PEOPLE = [
    # email, name, party code, portal roles, Django admin
    ("admin@dcc.demo", "Dana Admin", "dcc", [PortalRole.DCC_ADMINISTRATOR], True),
    ("agent@dcc.demo", "Sam Agent", "dcc", [PortalRole.SERVICE_DESK_AGENT], False),
    (
        "manager@dcc.demo",
        "Morgan Manager",
        "dcc",
        [PortalRole.SERVICE_DESK_MANAGER, PortalRole.SERVICE_DESK_AGENT],
        False,
    ),
    ("cpl@dcc.demo", "Casey CPL", "dcc", [PortalRole.CPL_ADMINISTRATOR], False),
    ("ra@dcc.demo", "Riley Registration", "dcc", [PortalRole.SMKI_RA_OFFICER], False),
    ("ra2@dcc.demo", "Robin Registration", "dcc", [PortalRole.SMKI_RA_OFFICER], False),
    (
        "admin@northern.demo",
        "Nia Administrator",
        "northern",
        [PortalRole.SSI_ADMINISTRATOR, PortalRole.SSI_USER],
        False,
    ),
    ("user@northern.demo", "Noah User", "northern", [PortalRole.SSI_USER], False),
    ("sro@northern.demo", "Sasha Senior", "northern", [PortalRole.SMKI_SRO, PortalRole.SSI_USER], False),
    ("aro@northern.demo", "Alex Authorised", "northern", [PortalRole.SMKI_ARO, PortalRole.SSI_USER], False),
    ("admin@dales.demo", "Dev Administrator", "dales", [PortalRole.SSI_ADMINISTRATOR, PortalRole.SSI_USER], False),
    ("user@dales.demo", "Dee User", "dales", [PortalRole.SSI_USER], False),
    ("user@pennine.demo", "Pat User", "pennine", [PortalRole.SSI_USER], False),
    ("user@wessex.demo", "Wren User", "wessex", [PortalRole.SSI_USER], False),
    ("user@agency.demo", "Ash User", "agency", [PortalRole.SSI_USER], False),
    ("user@gridwise.demo", "Gale User", "gridwise", [PortalRole.SSI_USER], False),
    ("query@forum.demo", "Fran Query", "forum", [], False),
]


def demo_totp_key(email: str) -> str:
    """The public, demo-only TOTP key (hex) of a demo person."""
    return hashlib.sha1(f"demo-totp:{email}".encode()).hexdigest()  # noqa: S324 (not security: demo data)


@transaction.atomic
def seed_platform(stdout=None) -> None:
    parties = {}
    for code, name, is_dcc, roles in PARTIES:
        party, _ = Party.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "is_dcc": is_dcc,
                "require_two_factor": is_dcc,
                "contact_email": f"contact@{code}.demo",
            },
        )
        parties[code] = party
        for role, user_id in roles:
            PartyUserRole.objects.get_or_create(party=party, role=role, defaults={"user_id": user_id})
    for email, name, party_code, roles, admin in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, party=parties[party_code], is_staff=admin, is_superuser=admin
            )
        user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
        if needs_two_factor(user):
            TOTPDevice.objects.get_or_create(
                user=user, name="demo", defaults={"key": demo_totp_key(email), "confirmed": True}
            )
    if stdout:
        stdout.write(f"  platform: {len(parties)} Parties, {len(PEOPLE)} people")
