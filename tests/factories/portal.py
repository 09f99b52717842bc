"""Factories for platform models."""

import factory
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.choices import UserRole
from portal.models import Party, PartyUserRole, User

PASSWORD = "correct horse battery staple"


def eui64_sequence(n: int, prefix: str = "90-B3-D5") -> str:
    """A deterministic, valid EUI-64 from a sequence number."""
    digits = f"{n + 1:010X}"
    return prefix + "-" + "-".join(digits[i : i + 2] for i in range(0, 10, 2))


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Energy Party {n}")
    code = factory.Sequence(lambda n: f"party-{n}")

    class Params:
        dcc = factory.Trait(name="DCC", code="dcc", is_dcc=True, require_two_factor=True)


class PartyUserRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyUserRole

    party = factory.SubFactory(PartyFactory)
    role = UserRole.IMPORT_SUPPLIER
    user_id = factory.Sequence(lambda n: eui64_sequence(n, "90-B3-D6"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name")
    party = factory.SubFactory(PartyFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[str(r) for r in extracted]))


def give_totp(user) -> TOTPDevice:
    """A confirmed TOTP device with a fixed key, so tests can compute codes."""
    return TOTPDevice.objects.create(
        user=user, name="test", key="3132333435363738393031323334353637383930", confirmed=True
    )
