from django.core.management import call_command

from portal.choices import PortalRole, UserRole
from portal.models import Party, PartyUserRole, User


def test_seed_demo_is_idempotent_and_covers_every_role(db):
    call_command("seed_demo")
    counts = (Party.objects.count(), PartyUserRole.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Party.objects.count(), PartyUserRole.objects.count(), User.objects.count()) == counts
    assert set(PartyUserRole.objects.values_list("role", flat=True)) == set(UserRole.values)
    held = set(User.objects.values_list("groups__name", flat=True))
    assert set(PortalRole.values) <= held
    assert Party.objects.filter(user_roles__isnull=True).exists()  # a Party that is not a User
