"""People: invitation, portal roles, deactivation. SSI administrators act within their own Party."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ..choices import DCC_ONLY_ROLES, PortalRole
from ..exceptions import ApplicationError, NotPermitted
from ..models import Party, User
from ..permissions import can_manage_people
from . import audit
from .sessions import sessions_end_for


def _check_roles(*, party: Party, roles: list[str]) -> list[str]:
    valid: set[str] = set(PortalRole.values)
    dcc_only: set[str] = set(DCC_ONLY_ROLES)
    unknown = sorted(set(roles) - valid)
    if unknown:
        raise ApplicationError(f"Unknown portal role: {', '.join(unknown)}.", code="people.unknown_role")
    if not party.is_dcc and dcc_only & set(roles):
        names = ", ".join(PortalRole(r).label for r in sorted(dcc_only & set(roles)))
        raise ApplicationError(f"Only DCC staff may hold: {names}.", code="people.dcc_only_role")
    return sorted(set(roles))


def person_create(
    *,
    actor: User,
    party: Party,
    email: str,
    full_name: str,
    roles: list[str],
    password: str | None = None,
    invited: bool = False,
) -> User:
    """Create a person in ``party`` with ``roles``. Without a password the account waits for the
    invitation link. Audit: ``person.created``."""
    if actor is not None and not can_manage_people(actor, party):
        raise NotPermitted("You may only manage people of your own Party.", code="people.not_permitted")
    roles = _check_roles(party=party, roles=roles)
    email = (email or "").strip().lower()
    if User.objects.filter(email=email).exists():
        raise ApplicationError("A person with that email address already exists.", code="people.duplicate_email")
    with transaction.atomic():
        user = User(email=email, full_name=full_name.strip(), party=party, invited_by=actor if invited else None)
        user.full_clean(exclude=["password"])
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        audit.record(
            action="person.created", actor=actor, target=user, party=party, after={"email": email, "roles": roles}
        )
    return user


def person_invite(*, actor: User, email: str, full_name: str, roles: list[str], base_url: str = "") -> User:
    """An SSI administrator invites a person to their own Party; the email carries a link to set
    a password. Audit: ``person.created`` (invited)."""
    user = person_create(actor=actor, party=actor.party, email=email, full_name=full_name, roles=roles, invited=True)
    link = base_url + reverse(
        "portal:invitation-accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    transaction.on_commit(
        lambda: send_mail(
            subject="You are invited to the DCC Self-Service Interface",
            message=(
                f"{actor.full_name} invited you to {actor.party.name}'s SSI account.\n\nSet your password: {link}\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    )
    return user


def person_set_roles(*, actor: User, person: User, roles: list[str]) -> User:
    """Replace a person's portal roles. Audit: ``person.roles_changed`` with before/after."""
    if not can_manage_people(actor, person.party):
        raise NotPermitted("You may only manage people of your own Party.", code="people.not_permitted")
    roles = _check_roles(party=person.party, roles=roles)
    before = sorted(person.portal_roles())
    if person.pk == actor.pk and PortalRole.SSI_ADMINISTRATOR in before and PortalRole.SSI_ADMINISTRATOR not in roles:
        raise ApplicationError("You cannot remove your own administrator role.", code="people.self_demotion")
    with transaction.atomic():
        person.groups.set(Group.objects.filter(name__in=roles))
        audit.record(
            action="person.roles_changed", actor=actor, target=person, before={"roles": before}, after={"roles": roles}
        )
    return person


def person_deactivate(*, actor: User, person: User) -> User:
    """Deactivate a person: they can no longer sign in and their API tokens stop working.
    Audit: ``person.deactivated``."""
    if not can_manage_people(actor, person.party):
        raise NotPermitted("You may only manage people of your own Party.", code="people.not_permitted")
    if person.pk == actor.pk:
        raise ApplicationError("You cannot deactivate yourself.", code="people.self_deactivation")
    if not person.is_active:
        return person
    with transaction.atomic():
        User.objects.filter(pk=person.pk).update(is_active=False)
        person.is_active = False
        sessions_end_for(user=person)
        audit.record(
            action="person.deactivated",
            actor=actor,
            target=person,
            before={"is_active": True},
            after={"is_active": False},
        )
    return person
