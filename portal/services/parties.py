"""Parties and their User Roles."""

from django.db import IntegrityError, transaction

from ..choices import UserRole
from ..exceptions import ApplicationError
from ..identifiers import normalise_eui64
from ..models import Party, PartyUserRole, User
from . import audit


def party_create(
    *, actor: User, name: str, code: str, is_dcc: bool = False, require_two_factor: bool = False
) -> Party:
    """Create a SEC Party. Audit: ``party.created``."""
    party = Party(name=name, code=code, is_dcc=is_dcc, require_two_factor=require_two_factor or is_dcc)
    party.full_clean()
    with transaction.atomic():
        party.save()
        audit.record(
            action="party.created", actor=actor, target=party, party=party, after={"name": name, "code": code}
        )
    return party


def party_user_role_add(*, actor: User | None, party: Party, role: str, user_id: str) -> PartyUserRole:
    """Give ``party`` a User Role with its EUI-64 User ID (ID-01); ``actor`` None: the system (a seeder).

    Raises ``ValidationError`` for a malformed or duplicate User ID and ``ApplicationError`` when
    the DCC role is asked for a Party that is not the DCC (ID-02).
    """
    if role == UserRole.DCC and not party.is_dcc:
        raise ApplicationError("Only the DCC Party holds DCC IDs.", code="party.dcc_role_reserved")
    assignment = PartyUserRole(party=party, role=role, user_id=normalise_eui64(user_id))
    assignment.full_clean()
    try:
        with transaction.atomic():
            assignment.save()
            audit.record(
                action="party.user_role_added",
                actor=actor,
                target=assignment,
                party=party,
                after={"role": role, "user_id": assignment.user_id},
            )
    except IntegrityError as exc:  # a concurrent insert won the unique constraint
        raise ApplicationError("That User ID is already in use.", code="party.duplicate_user_id") from exc
    return assignment


def party_policy_update(
    *, actor: User, party: Party, require_two_factor: bool, max_concurrent_sessions: int | None
) -> Party:
    """Set a Party's sign-in policy. Its SSI administrators (or the DCC) decide. Audit: ``party.policy_changed``.

    The session cap may not exceed the portal-wide default (D-005).
    """
    from django.conf import settings

    from ..exceptions import NotPermitted
    from ..permissions import can_manage_people

    if not can_manage_people(actor, party):
        raise NotPermitted("Only the Party's SSI administrators change its policy.", code="party.not_permitted")
    if party.is_dcc and not require_two_factor:
        raise ApplicationError("DCC staff always sign in with two-factor.", code="party.dcc_needs_2fa")
    cap = settings.PORTAL_MAX_SESSIONS_PER_PARTY
    if max_concurrent_sessions is not None and not 1 <= max_concurrent_sessions <= cap:
        raise ApplicationError(f"The session cap must be between 1 and {cap}.", code="party.bad_session_cap")
    before = {"require_two_factor": party.require_two_factor, "max_concurrent_sessions": party.max_concurrent_sessions}
    after = {"require_two_factor": require_two_factor, "max_concurrent_sessions": max_concurrent_sessions}
    if before == after:
        return party
    with transaction.atomic():
        Party.objects.filter(pk=party.pk).update(**after)
        party.require_two_factor, party.max_concurrent_sessions = require_two_factor, max_concurrent_sessions
        old, new = audit.changed_fields(before, after)
        audit.record(action="party.policy_changed", actor=actor, target=party, party=party, before=old, after=new)
    return party
