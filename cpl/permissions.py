"""Permissions of the Central Products List. The CPL is published to every Party (7.1.2.4.1),
so anyone signed in may read it; only CPL administrators change it."""

from enum import StrEnum


class Perm(StrEnum):
    MANAGE_CPL = "cpl.manage_cpl"


def can_manage_cpl(user) -> bool:
    """CPL administrators are DCC people holding ``cpl.manage_cpl``."""
    return bool(user and user.is_authenticated and user.party.is_dcc and user.has_perm(Perm.MANAGE_CPL))
