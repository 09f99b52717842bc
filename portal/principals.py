"""Who may act without being a person: a Party through a signed system channel.

Services take an ``actor``: a signed-in ``User``, or a ``PartyPrincipal`` when a Party acts through
a channel whose signature is its authority (the DUIS gateway: the Party's XmlSign key). A principal
has no row; audit events record it as "system" on behalf of its Party.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from .models import Party, User


class PartyPrincipal:
    """A Party acting through a signed channel, with only the permissions that channel grants."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    perms: frozenset[str] = frozenset()

    def __init__(self, party: Party):
        self.party = party
        self.party_id = party.pk

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return perm in self.perms

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.party.code}"


Actor: TypeAlias = "User | PartyPrincipal"
